/// A per-stage yes/no the way Hadolint's DL3042 (`PIP_NO_CACHE_DIR` set) and DL3045 (`WORKDIR`
/// set) track it: keyed by the stage's alias as written, else its image name (``HadolintImageName``),
/// and `nil` before any FROM. A FROM starts with the value of the stage whose key equals its
/// image name (`FROM base` inherits from `… AS base`), else `false`.
struct HadolintStageFlag: Sendable {
    var current: String? = nil
    var values: [String?: Bool] = [:]

    /// Enters the stage a FROM starts.
    mutating func enter(_ from: FromArguments) {
        let image = HadolintImageName(from).name
        let key = from.alias?.raw ?? image
        values[key] = values[image] ?? false
        current = key
    }

    /// Sets the flag for the current stage.
    mutating func set() { values[current] = true }

    /// Whether the flag is set for the current stage.
    var isSet: Bool { values[current] ?? false }
}
