/// Shared helpers of the Hadolint DL3023–DL3045 rules (DF123–DF145): Hadolint's reading of image
/// names, `RUN --mount` flags, quotes and stage bookkeeping, where it differs from Bulkhead's own.
enum HadolintB {
    // MARK: - Images

    /// An image reference as Hadolint (language-docker) splits it: the first `/`-separated part
    /// is a registry only when it contains a dot (`gcr.io/x`, `my.reg:5000/x`); the name stops at
    /// the first `:` or `@` after that (`localhost:5000/x` is name `localhost`).
    struct ImageName: Equatable {
        var registry: String?
        var name: String
    }

    static func imageName(_ raw: String) -> ImageName {
        var rest = Substring(raw)
        var registry: String?
        if let slash = rest.firstIndex(of: "/"), rest[..<slash].contains(".") {
            registry = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        if let end = rest.firstIndex(where: { $0 == ":" || $0 == "@" }) {
            rest = rest[..<end]
        }
        return ImageName(registry: registry, name: String(rest))
    }

    /// The stage key Hadolint's DL3042/DL3045 use: the alias as written, else the image name.
    static func stageKey(_ from: FromArguments) -> String {
        from.alias?.raw ?? imageName(from.imageWord.raw).name
    }

    // MARK: - Quotes and paths

    /// Hadolint's `dropQuotes`: every leading and trailing `'` / `"` removed.
    static func dropQuotes(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == "\"" || f == "'" { sub = sub.dropFirst() }
        while let l = sub.last, l == "\"" || l == "'" { sub = sub.dropLast() }
        return String(sub)
    }

    /// `/abs`, `$VAR…`, or a Windows drive (`C:…`).
    static func isAbsoluteOrVariable(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("$") { return true }
        let chars = Array(path.prefix(2))
        return chars.count == 2 && chars[0].isLetter && chars[1] == ":"
    }

    // MARK: - Flags as written

    /// The value of `--name=value` exactly as written (quotes kept), as Hadolint compares it;
    /// `InstructionFlag.value` is unquoted the way BuildKit reads it.
    static func rawFlagValue(_ instruction: Instruction, _ name: String) -> String? {
        guard let flag = instruction.flag(name) else { return nil }
        let head = instruction.text.utf8.prefix(max(0, instruction.argumentsOffset))
        let prefix = "--\(name)="
        for word in head.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }) {
            let w = String(decoding: word, as: UTF8.self)
            if w.lowercased().hasPrefix(prefix) { return String(w.dropFirst(prefix.count)) }
        }
        return flag.value
    }

    // MARK: - RUN --mount

    struct Mount {
        var type: String
        var target: String?
        var from: String?
    }

    /// The `--mount` flags of a RUN, parsed as `key=value` lists (type defaults to `bind`).
    static func mounts(of run: Instruction) -> [Mount] {
        run.flags.filter { $0.name == "mount" }.map { flag in
            var mount = Mount(type: "bind", target: nil, from: nil)
            for field in (flag.value ?? "").split(separator: ",") {
                let kv = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = kv[0].lowercased()
                let value = kv.count > 1 ? String(kv[1]) : ""
                switch key {
                case "type": mount.type = value
                case "target", "dst", "destination": mount.target = value
                case "from": mount.from = value
                default: break
                }
            }
            return mount
        }
    }

    /// Whether a cache or tmpfs mount's target contains one of `fragments`.
    static func hasCacheMount(_ run: Instruction, targetContaining fragments: [String]) -> Bool {
        mounts(of: run).contains { m in
            guard m.type == "cache" || m.type == "tmpfs", let target = m.target else { return false }
            return fragments.contains { target.contains($0) }
        }
    }

    // MARK: - RUN scripts (with Hadolint's ONBUILD copy)

    /// The RUN a shell rule looks at: the instruction itself, or the RUN inside `ONBUILD RUN`.
    /// Findings are reported at the outer instruction.
    static func run(_ instruction: Instruction, _ context: DockerfileContext) -> (Instruction, RunScript)? {
        let target = instruction.effective
        guard target.name == .run, let script = context.script(for: instruction) else { return nil }
        return (target, script)
    }

    /// Hadolint's "install must come before clean" test: OK when there is no install, or the
    /// first install comes before the first clean.
    static func cleanedAfterInstall(_ commands: [ShellCommand], install: (ShellCommand) -> Bool,
                                    clean: (ShellCommand) -> Bool) -> Bool {
        guard let i = commands.firstIndex(where: install) else { return true }
        guard let c = commands.firstIndex(where: clean) else { return false }
        return i < c
    }

    // MARK: - Per-stage flag (DL3042, DL3045)

    /// Hadolint's per-stage boolean keyed by stage key (alias, else image name; `nil` before any
    /// FROM). A FROM inherits the value of the stage whose key equals its image name.
    struct StageFlag: Sendable {
        var current: String? = nil
        var values: [String?: Bool] = [:]

        mutating func enter(_ from: FromArguments) {
            let key = HadolintB.stageKey(from)
            let base: String? = HadolintB.imageName(from.imageWord.raw).name
            values[key] = values[base] ?? false
            current = key
        }

        mutating func set() { values[current] = true }

        var isSet: Bool { values[current] ?? false }
    }

    // MARK: - RPM versions (DL3033, DL3041)

    /// Whether an rpm package argument names a version (`tomcat-9.2`, `openssl-1:1.1.1k`,
    /// `foo-${VERSION}` with VERSION a known ARG/ENV, `x-1.rpm`).
    static func rpmVersionFixed(_ package: String, known: Set<String>) -> Bool {
        let parts = package.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return false }
        if package.hasSuffix(".rpm") { return true }
        if package.contains("$") {
            return known.contains { references(package, variable: $0) }
        }
        let allowed: (Character) -> Bool = { c in
            (c.isASCII && (c.isLetter || c.isNumber)) || ".~^_:+".contains(c)
        }
        let rest = parts.dropFirst()
        return rest.allSatisfy { $0.allSatisfy(allowed) }
            && rest.contains { $0.first.map { $0.isASCII && $0.isNumber } ?? false }
    }

    /// Whether `text` contains `${name}` or a bare `$name` not followed by a name character
    /// (Hadolint renders `$name` as `${name}`).
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

    /// The ENV/ARG names Hadolint's DL3033/DL3041 know at a RUN: ENV keys of the current stage
    /// (inherited from the stage named like this FROM's image) and every ARG seen so far.
    struct KnownVariables: Sendable {
        var stageEnvs: [Set<String>] = []
        var stageAliases: [String?] = []
        /// ENV keys seen before any FROM (only happens in the ONBUILD stream).
        var preStageEnv: Set<String> = []
        var args: Set<String> = []

        mutating func update(_ instruction: Instruction) {
            switch instruction.arguments {
            case .from(let from):
                let base = HadolintB.imageName(from.imageWord.raw).name
                let inherited = stageAliases.indices.last { stageAliases[$0] == base }.map { stageEnvs[$0] } ?? []
                stageEnvs.append(inherited)
                stageAliases.append(from.alias?.raw)
            case .pairs(let pairs) where instruction.name == .env:
                let keys = pairs.map(\.key)
                if stageEnvs.isEmpty {
                    preStageEnv.formUnion(keys)
                } else {
                    stageEnvs[stageEnvs.count - 1].formUnion(keys)
                }
            case .args(let decls):
                args.formUnion(decls.map(\.name))
            default:
                break
            }
        }

        var known: Set<String> { (stageEnvs.last ?? preStageEnv).union(args) }
    }

    /// Variable state for a rule with Hadolint's ONBUILD copy: one for the instruction stream, one
    /// for the stream of ONBUILD triggers.
    struct KnownVariablesPair: Sendable {
        var main = KnownVariables()
        var onbuild = KnownVariables()

        /// Feeds the instruction to the right stream and returns the names known at it (for RUN).
        mutating func visit(_ instruction: Instruction) -> Set<String> {
            if instruction.name == .onbuild {
                onbuild.update(instruction.effective)
                return onbuild.known
            }
            main.update(instruction)
            return main.known
        }
    }

    /// Version check shared by DL3033 (yum) and DL3041 (dnf): the packages that are not
    /// version-fixed and the modules without a stream (`name:stream`); empty when all are pinned.
    static func unpinnedRPMs(_ commands: [ShellCommand], tools: Set<String>, excluding: Set<String>,
                             known: Set<String>) -> [String] {
        let drop: Set<String> = ["install", "module"]
        var out: [String] = []
        for cmd in commands where tools.contains(cmd.name) && cmd.hasArgument("install") {
            let words = cmd.argumentsWithoutFlags().filter { !drop.contains($0) }
            if cmd.hasArgument("module") {
                out += words.filter { !$0.contains(":") }
            } else if !excluding.contains(where: cmd.hasArgument) {
                out += words.filter { !rpmVersionFixed($0, known: known) }
            }
        }
        return out
    }
}
