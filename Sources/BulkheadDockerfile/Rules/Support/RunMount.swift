/// One `--mount=key=value,…` flag of a RUN: its type (default `bind`), target
/// (`target`/`dst`/`destination`, the last one written wins except in ``Reading/optionMap``),
/// `from` and `id`, and all options as sorted `key=value` strings. Keys are lowercased; options are split at `,` and each at its first `=` (no CSV
/// quoting — that is BuildKit's reading, see `BuildKitCheck.mountValues`).
struct RunMount: Hashable, Sendable {
    /// How the option text is read. Each rule keeps the reading its agreement with Hadolint
    /// (DF303: its tests) was established with; they differ only for unusual option text.
    enum Reading: Sendable {
        /// Values as BuildKit hands them over (already unquoted by the flag parser), the type as
        /// written; only flags spelled `--mount` count. DL3026, DL3036, DL3040, DL3042.
        case asWritten
        /// Hadolint's `dropQuotes` on each value, the type lowercased; `--MOUNT` counts too.
        /// DL3059 (options compared as a set), DL3060.
        case unquotedValues
        /// As ``unquotedValues``, with `dropQuotes` on the whole option list first (so
        /// `--mount=\"type=cache,target=/x\"` is a cache mount). DL3009, DL3019.
        case unquotedListAndValues
        /// Values as written, kept as a key → value map: a later key overrides an earlier one, an
        /// option without a value (`ro`, `target=`) is `true`, an empty key takes its value as
        /// key (`=x` is `x=true`), and the target is the first of `target`, `dst`, `destination`
        /// that is set; only `--mount` counts. DF303 (Bulkhead's secret-mount rule).
        case optionMap
    }

    var type = "bind"
    var target: String?
    var from: String?
    var id: String?
    /// Every option as `key=value` (value empty when there is no `=`), sorted, for comparing
    /// mounts structurally as Hadolint does (DL3059).
    var options: [String] = []

    /// Parses one flag value.
    init(_ value: String, reading: Reading) {
        if reading == .optionMap {
            self.init(optionMap: value)
        } else {
            self.init(fields: value, reading: reading)
        }
    }

    /// The field-by-field readings (all but ``Reading/optionMap``).
    private init(fields value: String, reading: Reading) {
        let list = reading == .unquotedListAndValues ? Hadolint.dropQuotes(value) : value
        for part in list.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = kv[0].lowercased()
            let written = kv.count > 1 ? String(kv[1]) : ""
            let value = reading == .asWritten ? written : Hadolint.dropQuotes(written)
            options.append("\(key)=\(value)")
            switch key {
            case "type": type = reading == .asWritten ? value : value.lowercased()
            case "target", "dst", "destination": target = value
            case "from": from = value
            case "id": id = value
            default: break
            }
        }
        options.sort()
    }

    /// The ``Reading/optionMap`` reading (``options`` stays empty).
    private init(optionMap value: String) {
        var map: [String: String] = [:]
        for part in value.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard let key = kv.first else { continue }  // a bare `=`
            map[key.lowercased()] = kv.count > 1 ? String(kv[1]) : "true"
        }
        type = map["type"] ?? "bind"
        target = map["target"] ?? map["dst"] ?? map["destination"]
        from = map["from"]
        id = map["id"]
    }

    /// The mounts of a RUN, or of the RUN inside `ONBUILD RUN`, in flag order.
    static func all(of instruction: Instruction, reading: Reading) -> [RunMount] {
        instruction.effective.flags
            .filter { reading == .asWritten || reading == .optionMap ? $0.name == "mount" : $0.name.lowercased() == "mount" }
            .map { RunMount($0.value ?? "", reading: reading) }
    }

    /// Whether one of the mounts is a cache or tmpfs mount whose target contains one of
    /// `fragments` — Hadolint's "the cache is mounted, not stored" exemption (DL3009, DL3019,
    /// DL3036, DL3040, DL3042, DL3060).
    static func hasCacheOrTmpfs(_ mounts: [RunMount], targetContainingAnyOf fragments: [String]) -> Bool {
        mounts.contains { m in
            guard m.type == "cache" || m.type == "tmpfs", let target = m.target else { return false }
            return fragments.contains { target.contains($0) }
        }
    }

    /// The targets of the cache and tmpfs mounts.
    static func cacheAndTmpfsTargets(_ mounts: [RunMount]) -> [String] {
        mounts.compactMap { $0.type == "cache" || $0.type == "tmpfs" ? $0.target : nil }
    }
}
