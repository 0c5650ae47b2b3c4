/// How Hadolint 2.15.1 (language-docker 16) reads instruction text, where that differs from
/// Bulkhead's own BuildKit-faithful reading. The rules that mirror a DL rule use these so they
/// compare exactly what Hadolint compares (see /work/notes/hadolint-rules.md §1–§2).
///
/// Hadolint's other readings have their own types: ``HadolintImageName`` (image references),
/// ``HadolintBaseImage`` (FROM identity), ``RunMount`` (`RUN --mount`), ``HadolintStageFlag``
/// and ``HadolintKnownVariables`` (per-stage state); RUN scripts are in `Hadolint+RunScript.swift`.
enum Hadolint {
    // MARK: - Quotes and paths

    /// Hadolint's `dropQuotes`: removes every leading and every trailing `"` or `'` (not just
    /// one matching pair), as Hadolint does to COPY/ADD/WORKDIR paths and flag values.
    static func dropQuotes(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == "\"" || f == "'" { sub = sub.dropFirst() }
        while let l = sub.last, l == "\"" || l == "'" { sub = sub.dropLast() }
        return String(sub)
    }

    /// A COPY/ADD path as Hadolint compares it: JSON-form paths unquoted, shell-form paths as
    /// written with surrounding quotes dropped (backslashes kept, for Windows paths).
    static func path(_ word: Word, json: Bool) -> String {
        json ? word.value : dropQuotes(word.raw)
    }

    /// The part after the last `/` or `\` (Hadolint's `takeFileName` on COPY/ADD paths and
    /// extractor arguments, DL3010).
    static func basename(_ path: String) -> String {
        if let i = path.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
            return String(path[path.index(after: i)...])
        }
        return path
    }

    /// The extensions Hadolint's DL3010/DL3020 treat as compressed archives.
    static let archiveExtensions = [
        ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
        ".tpz", ".txz", ".xz",
    ]

    /// Whether Hadolint treats a path as a compressed archive: quotes dropped, then a
    /// case-sensitive test against ``archiveExtensions`` (DL3010, DL3020).
    static func isArchive(_ path: String) -> Bool {
        let p = dropQuotes(path)
        return archiveExtensions.contains { p.hasSuffix($0) }
    }

    /// Hadolint's "absolute enough" path test of DL3000 and DL3045: `/abs`, anything starting
    /// with `$` (a variable), or a Windows drive (`C:…`).
    static func isAbsoluteOrVariable(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("$") { return true }
        let chars = Array(path.prefix(2))
        return chars.count == 2 && chars[0].isLetter && chars[1] == ":"
    }

    // MARK: - Flags as written

    /// The value of `--name=value` as written in the instruction text, quotes kept, as Hadolint
    /// compares `COPY --from` (DL3022, DL3023, DL3026); `InstructionFlag.value` is unquoted the
    /// way BuildKit reads it and is the answer when the written form is not found. `nil` when
    /// the instruction has no such flag.
    ///
    /// By default the flag must start a word of the flag part (what Hadolint's parser does);
    /// `anywhereInFlags` finds `--name=` anywhere in it, even inside another flag's value
    /// (`--chown=a--from=b`) — DL3022 has always read it that way.
    static func rawFlagValue(_ name: String, of instruction: Instruction, anywhereInFlags: Bool = false) -> String? {
        guard let flag = instruction.flag(name) else { return nil }
        let head = Array(instruction.text.utf8.prefix(max(0, instruction.argumentsOffset)))
        let prefix = "--\(name)="
        if anywhereInFlags {
            return writtenValue(after: Array(prefix.utf8), in: head) ?? flag.value
        }
        for word in head.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }) {
            let w = String(decoding: word, as: UTF8.self)
            if w.lowercased().hasPrefix(prefix) { return String(w.dropFirst(prefix.count)) }
        }
        return flag.value
    }

    /// The bytes after the first ASCII-case-insensitive occurrence of `needle` in `bytes`, up to
    /// the next space or tab.
    private static func writtenValue(after needle: [UInt8], in bytes: [UInt8]) -> String? {
        guard bytes.count >= needle.count else { return nil }
        func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b }
        for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].map(lower) == needle {
            var end = start + needle.count
            while end < bytes.count, bytes[end] != 0x20, bytes[end] != 0x09 { end += 1 }
            return String(decoding: bytes[(start + needle.count)..<end], as: UTF8.self)
        }
        return nil
    }

    // MARK: - LABEL

    /// The key/value pairs of a LABEL as language-docker hands them to Hadolint's label rules
    /// (DL3048–DL3058): quotes removed from keys and values, legacy `LABEL key value` values
    /// unquoted as a whole. Empty for other instructions.
    static func labelPairs(_ instruction: Instruction, in context: DockerfileContext) -> [(key: String, value: String)] {
        guard instruction.name == .label, case .pairs(let pairs) = instruction.arguments else { return [] }
        let escape = context.file.escape
        return pairs.map { p in
            let key = WordSplitter.unquote(p.key, escape: escape)
            let value = p.separator.isEmpty ? WordSplitter.unquote(p.rawValue, escape: escape) : p.value
            return (key, value)
        }
    }

    // MARK: - Variables

    /// Whether `text` refers to variable `name` the way Hadolint tests it after rendering `$name`
    /// as `${name}` (DL3044, and the `$VERSION` exemption of DL3033/DL3041): it contains
    /// `${name}`, or a bare `$name` not followed by a name character.
    static func references(_ text: String, variable name: String) -> Bool {
        guard !name.isEmpty else { return false }
        if text.contains("${\(name)}") { return true }
        let needle = "$" + name
        var search = text[...]
        while let r = search.firstRange(of: needle) {
            let after = search[r.upperBound...].first
            if let c = after, c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) {
                search = search[r.upperBound...]
                continue
            }
            return true
        }
        return false
    }
}
