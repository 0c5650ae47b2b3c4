/// Hadolint rules DL3046–DL3067 and DL4000–DL4006 (Bulkhead DF146–DF167, DF200–DF206).
extension DockerfileRules {
    static let hadolintC: [any DockerfileRule.Type] = [
        UseraddHighUIDRule.self,
        WgetProgressRule.self,
        InvalidLabelKeyRule.self,
        MissingLabelRule.self,
        SuperfluousLabelRule.self,
        EmptyLabelRule.self,
        LabelNotURLRule.self,
        LabelNotRFC3339Rule.self,
        LabelNotSPDXRule.self,
        LabelNotGitHashRule.self,
        LabelNotSemVerRule.self,
        MissingHealthcheckRule.self,
        LabelNotEmailRule.self,
        ConsecutiveRunRule.self,
        YarnCacheNotCleanedRule.self,
        InstructionOrderRule.self,
        GoInstallUnpinnedRule.self,
        ReservedStageNameRule.self,
        SecretInArgOrEnvRule.self,
        RedundantTargetPlatformRule.self,
        NonNumericUserRule.self,
        CopyEntireFilesystemRule.self,
        MaintainerDeprecatedRule.self,
        WgetAndCurlRule.self,
        MultipleCmdRule.self,
        MultipleEntrypointRule.self,
        SymlinkBinShRule.self,
        PipeWithoutPipefailRule.self,
    ]
}

/// Helpers for the rules above: reading instructions the way Hadolint 2.15 reads them
/// (see /work/notes/hadolint-rules.md §1–§2).
enum HadolintC {
    /// Hadolint's `dropQuotes`: strips every leading and trailing `"` and `'`.
    static func dropQuotes(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == "\"" || f == "'" { sub = sub.dropFirst() }
        while let l = sub.last, l == "\"" || l == "'" { sub = sub.dropLast() }
        return String(sub)
    }

    /// The key/value pairs of a LABEL instruction, quotes removed from keys and values.
    static func labelPairs(_ instruction: Instruction, in context: DockerfileContext) -> [(key: String, value: String)] {
        guard instruction.name == .label, case .pairs(let pairs) = instruction.arguments else { return [] }
        let escape = context.file.escape
        return pairs.map { p in
            let key = WordSplitter.unquote(p.key, escape: escape)
            let value = p.separator.isEmpty ? WordSplitter.unquote(p.rawValue, escape: escape) : p.value
            return (key, value)
        }
    }

    /// Hadolint's image *name* of a FROM: the reference without tag and digest, and without the
    /// registry when the first path component contains a dot (`gcr.io/x:1` → `x`,
    /// `zemanlx/ubuntu` → `zemanlx/ubuntu`).
    static func imageName(_ from: FromArguments) -> String {
        var s = Substring(from.imageWord.raw)
        if let at = s.firstIndex(of: "@") { s = s[..<at] }
        if let slash = s.firstIndex(of: "/"), s[..<slash].contains(".") { s = s[s.index(after: slash)...] }
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        return String(s)
    }

    /// A FROM compared structurally, as Hadolint compares `BaseImage` values (image, tag,
    /// digest, alias, platform).
    struct BaseImageKey: Hashable, Sendable {
        var image: String
        var alias: String?
        var platform: String?

        /// Hadolint's placeholder stage before any FROM.
        static let scratch = BaseImageKey(image: "scratch", alias: nil, platform: nil)

        init(image: String, alias: String?, platform: String?) {
            self.image = image
            self.alias = alias
            self.platform = platform
        }

        init(_ from: FromArguments) {
            self.init(image: from.imageWord.raw, alias: from.alias?.raw, platform: from.platform)
        }
    }

    /// One `--mount=` of a RUN: its type (default `bind`) and target.
    struct RunMount: Hashable, Sendable {
        var type: String
        var target: String?
        /// The options, sorted, for structural comparison.
        var options: [String]
    }

    static func mounts(_ instruction: Instruction) -> [RunMount] {
        instruction.effective.flags.filter { $0.name.lowercased() == "mount" }.map { flag in
            var type = "bind"
            var target: String?
            var options: [String] = []
            for part in (flag.value ?? "").split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = kv[0].lowercased()
                let value = kv.count > 1 ? dropQuotes(String(kv[1])) : ""
                options.append("\(key)=\(value)")
                switch key {
                case "type": type = value.lowercased()
                case "target", "dst", "destination": target = value
                default: break
                }
            }
            return RunMount(type: type, target: target, options: options.sorted())
        }
    }

    /// Whether the RUN has a cache or tmpfs mount whose target contains `fragment`.
    static func hasCacheOrTmpfsMount(_ instruction: Instruction, containing fragment: String) -> Bool {
        mounts(instruction).contains { ($0.type == "cache" || $0.type == "tmpfs") && ($0.target?.contains(fragment) ?? false) }
    }

    /// The shell script Hadolint analyses for a RUN or ONBUILD RUN: the RUN's text, except for
    /// heredocs, where Hadolint takes the heredoc body when nothing precedes `<<` and only the
    /// text before `<<` otherwise. `nil` when the instruction is no RUN or its shell is not POSIX.
    static func script(_ instruction: Instruction, in context: DockerfileContext) -> ShellScript? {
        guard let run = context.script(for: instruction) else { return nil }
        let target = instruction.effective
        guard !target.heredocs.isEmpty, case .command(.shell(let text, _)) = target.arguments else { return run.script }
        let bytes = Array(text.utf8)
        guard let marker = bytes.indices.dropLast().first(where: { bytes[$0] == 0x3C && bytes[$0 + 1] == 0x3C }) else {
            return run.script
        }
        let head = bytes[..<marker]
        if head.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            return ShellScript.parse(target.heredocs[0].content)
        }
        return ShellScript.parse(String(decoding: head, as: UTF8.self))
    }

    /// The words following each occurrence of flag `name` (Hadolint's `getFlagArg`).
    static func flagArgumentWords(_ command: ShellCommand, _ name: String) -> [ShellWord] {
        let args = Array(command.arguments)
        var out: [ShellWord] = []
        for (i, w) in args.enumerated() where ShellCommand.flags(of: w.value).contains(name) && i + 1 < args.count {
            out.append(args[i + 1])
        }
        return out
    }

    /// A shell word as Hadolint renders it: quotes removed, `$v` written `${v}`, `$(cmd a)` as
    /// `${cmda}`, backticks and `$((…))` as `${VAR}`.
    static func hadolintText(_ word: ShellWord) -> String {
        let c = Array(word.raw.unicodeScalars)
        var out = ""
        var i = 0
        var inDouble = false
        func isNameStart(_ s: Unicode.Scalar) -> Bool { s == "_" || (s.isASCII && s.properties.isAlphabetic) }
        func isName(_ s: Unicode.Scalar) -> Bool { isNameStart(s) || ("0"..."9").contains(s) }
        while i < c.count {
            let ch = c[i]
            if !inDouble && ch == "'" {
                i += 1
                while i < c.count, c[i] != "'" { out.unicodeScalars.append(c[i]); i += 1 }
                i += 1
                continue
            }
            if ch == "\"" { inDouble.toggle(); i += 1; continue }
            if ch == "\\", i + 1 < c.count {
                out.unicodeScalars.append(c[i + 1])
                i += 2
                continue
            }
            if ch == "`" {
                i += 1
                while i < c.count, c[i] != "`" { i += 1 }
                i += 1
                out += "${VAR}"
                continue
            }
            if ch == "$", i + 1 < c.count {
                let n = c[i + 1]
                if n == "(" {
                    var depth = 0
                    var j = i + 1
                    while j < c.count {
                        if c[j] == "(" { depth += 1 } else if c[j] == ")" {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        j += 1
                    }
                    let arithmetic = i + 2 < c.count && c[i + 2] == "("
                    let inner = c[(i + 2)..<min(j, c.count)].filter { $0 != " " && $0 != "\t" && $0 != "\n" }
                    out += arithmetic ? "${VAR}" : "${" + String(String.UnicodeScalarView(inner)) + "}"
                    i = j + 1
                    continue
                }
                if n == "{" {
                    var j = i + 1
                    while j < c.count, c[j] != "}" { j += 1 }
                    out.unicodeScalars.append(contentsOf: c[i..<min(j + 1, c.count)])
                    i = j + 1
                    continue
                }
                if isNameStart(n) {
                    var j = i + 1
                    while j < c.count, isName(c[j]) { j += 1 }
                    out += "${" + String(String.UnicodeScalarView(c[(i + 1)..<j])) + "}"
                    i = j
                    continue
                }
                if ("0"..."9").contains(n) || "@*#?-$!".unicodeScalars.contains(n) {
                    out += "${" + String(n) + "}"
                    i += 2
                    continue
                }
            }
            out.unicodeScalars.append(ch)
            i += 1
        }
        return out
    }

    /// Validators for `.hadolint.yaml` `label-schema` value kinds, with Hadolint's verdicts.
    static func isValid(_ value: String, as kind: LabelKind) -> Bool {
        switch kind {
        case .text: return true
        case .url: return LabelNotURLRule.isURI(value)
        case .rfc3339: return LabelNotRFC3339Rule.isRFC3339(value)
        case .spdx: return LabelNotSPDXRule.isSPDXLicenseID(value)
        case .hash: return LabelNotGitHashRule.isGitHash(value)
        case .semver: return LabelNotSemVerRule.isSemVer(value)
        case .email: return LabelNotEmailRule.isEmail(value)
        }
    }

    /// The typed label-schema check shared by DL3052–DL3056 and DL3058: one finding per schema
    /// label of `kind` that has an invalid value in this LABEL.
    static func checkTypedLabels(_ instruction: Instruction, in context: DockerfileContext, kind: LabelKind,
                                 message: (String) -> String, report: (Violation) -> Void) {
        guard instruction.name == .label else { return }
        let names = context.options.labelSchema.filter { $0.value == kind }.keys.sorted()
        guard !names.isEmpty else { return }
        let pairs = labelPairs(instruction, in: context)
        for name in names {
            if let bad = pairs.first(where: { $0.key == name && !isValid($0.value, as: kind) }) {
                report(Violation(instruction, "\(message(name)) (value '\(bad.value)')"))
            }
        }
    }
}
