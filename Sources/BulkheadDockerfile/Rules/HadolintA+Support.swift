import BulkheadCore

/// Helpers shared by the Hadolint-mirroring rules DF001 and DF100–DF122: Hadolint's view of
/// shell words, COPY/ADD paths, image references and RUN mounts.
enum HadolintA {
    // MARK: - Instructions

    /// The RUN whose shell script a "+ONBUILD" rule looks at: a RUN, or the RUN inside
    /// `ONBUILD RUN …` (reported at the ONBUILD line).
    static func runScript(_ instruction: Instruction, in context: DockerfileContext,
                          includeOnbuild: Bool) -> RunScript? {
        switch instruction.name {
        case .run:
            return context.script(for: instruction)
        case .onbuild where includeOnbuild && instruction.effective.name == .run:
            return context.script(for: instruction)
        default:
            return nil
        }
    }

    /// Hadolint's `dropQuotes`: every leading and trailing `"` or `'` removed.
    static func dropQuotes(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == "\"" || f == "'" { sub = sub.dropFirst() }
        while let l = sub.last, l == "\"" || l == "'" { sub = sub.dropLast() }
        return String(sub)
    }

    /// A COPY/ADD path as Hadolint compares it: JSON paths unquoted, shell-form paths as
    /// written with surrounding quotes dropped (backslashes kept, for Windows paths).
    static func path(_ word: Word, json: Bool) -> String {
        json ? word.value : dropQuotes(word.raw)
    }

    /// The part after the last `/` or `\`.
    static func basename(_ path: String) -> String {
        if let i = path.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
            return String(path[path.index(after: i)...])
        }
        return path
    }

    static let archiveExtensions = [
        ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
        ".tpz", ".txz", ".xz",
    ]

    /// Whether Hadolint treats a path as a compressed archive (case-sensitive extension test).
    static func isArchive(_ path: String) -> Bool {
        let p = dropQuotes(path)
        return archiveExtensions.contains { p.hasSuffix($0) }
    }

    /// Targets of the cache and tmpfs mounts of a RUN (or ONBUILD RUN).
    static func cacheMountTargets(_ instruction: Instruction) -> [String] {
        var out: [String] = []
        for flag in instruction.effective.flags where flag.name.lowercased() == "mount" {
            guard let spec = flag.value else { continue }
            var type = "bind"
            var target: String?
            for part in dropQuotes(spec).split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = kv[0].lowercased()
                let value = kv.count > 1 ? dropQuotes(String(kv[1])) : ""
                switch key {
                case "type": type = value.lowercased()
                case "target", "dst", "destination": target = value
                default: break
                }
            }
            if type == "cache" || type == "tmpfs", let target { out.append(target) }
        }
        return out
    }

    // MARK: - Images

    /// An image reference as Hadolint's parser splits it: the registry is only recognised when
    /// the first path component contains a dot; the name ends at the first `:` or `@`.
    struct Image: Hashable, Sendable {
        var registry: String?
        var name: String
        var tag: String?
        var digest: String?

        init(_ raw: String) {
            var rest = Substring(raw)
            if let slash = rest.firstIndex(of: "/"), rest[..<slash].contains(".") {
                registry = String(rest[..<slash])
                rest = rest[rest.index(after: slash)...]
            }
            if let at = rest.firstIndex(of: "@") {
                digest = String(rest[rest.index(after: at)...])
                rest = rest[..<at]
            }
            if let colon = rest.firstIndex(of: ":") {
                tag = String(rest[rest.index(after: colon)...])
                rest = rest[..<colon]
            }
            name = String(rest)
        }
    }

    /// What Hadolint compares when it asks "is this the same FROM": image, alias and platform.
    struct BaseImage: Hashable, Sendable {
        var image: Image
        var alias: String?
        var platform: String?

        init(_ from: FromArguments) {
            image = Image(from.imageWord.raw)
            alias = from.alias?.raw
            platform = from.platform
        }

        /// The stage Hadolint assumes before the first FROM.
        init(placeholder: Void) {
            image = Image("scratch")
            alias = nil
            platform = nil
        }
    }

    // MARK: - Shell words

    /// The commands of a RUN with every word rendered as Hadolint renders it; computed once per
    /// RUN by ``RunScript`` (see ``ShellWord/hadolintText(_:)``).
    static func commands(_ run: RunScript) -> [ShellCommand] { run.hadolintCommands }
}
