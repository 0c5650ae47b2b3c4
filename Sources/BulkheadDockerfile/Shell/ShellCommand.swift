/// A simple command found in a shell script: `apt-get install -y curl`.
///
/// Rules ask questions such as "is this `apt-get install` without `-y`?" through the helpers
/// here, which follow Hadolint's reading of flags: `-abc` is `-a -b -c`, `--name=value` is
/// flag `name`.
public struct ShellCommand: Sendable, Hashable {
    /// Leading `NAME=value` assignments.
    public var assignments: [ShellWord]
    /// Command name followed by its arguments (redirections removed).
    public var words: [ShellWord]
    public var redirections: [ShellRedirection]
    /// Commands joined by `|` share a pipeline id; `pipelinePosition` counts from 0.
    public var pipelineID: Int
    public var pipelinePosition: Int
    public var pipelineLength: Int
    /// Byte offset of the command in the script.
    public var offset: Int
    /// Whether the command runs inside `$(…)` or backticks.
    public var isSubstitution: Bool

    /// The command name as written, unquoted (`/usr/bin/apt-get`).
    public var name: String { words.first?.value ?? "" }

    /// The command's base name (`apt-get` for `/usr/bin/apt-get`).
    public var program: String {
        let n = name
        if let slash = n.lastIndex(of: "/") { return String(n[n.index(after: slash)...]) }
        return n
    }

    /// Arguments after the command name.
    public var arguments: ArraySlice<ShellWord> { words.dropFirst() }

    /// Argument values after the command name.
    public var argumentValues: [String] { arguments.map(\.value) }

    /// Whether the command is `name` and has all of `args` among its arguments.
    public func `is`(_ name: String, with args: [String] = []) -> Bool {
        guard program == name else { return false }
        let values = Set(argumentValues)
        return args.allSatisfy(values.contains)
    }

    /// Whether the command is one of `names` and has any of `args` among its non-flag arguments.
    public func isAny(_ names: Set<String>, withAnyOf args: Set<String>) -> Bool {
        guard names.contains(program) else { return false }
        return argumentsWithoutFlags.contains { args.contains($0) }
    }

    /// Flag names used: `-abc` gives `a`, `b`, `c`; `--name=value` gives `name`. Stops at `--`.
    public var flags: [String] {
        var out: [String] = []
        for w in arguments {
            let v = w.value
            if v == "--" { break }
            if v.hasPrefix("--") {
                let body = v.dropFirst(2)
                out.append(String(body.split(separator: "=", maxSplits: 1).first ?? body))
            } else if v.hasPrefix("-"), v.count > 1 {
                for ch in v.dropFirst() { out.append(String(ch)) }
            }
        }
        return out
    }

    /// Whether any of `names` is used as a flag (`hasFlag("y", "yes")`).
    public func hasFlag(_ names: String...) -> Bool { hasAnyFlag(Set(names)) }

    public func hasAnyFlag(_ names: Set<String>) -> Bool { flags.contains { names.contains($0) } }

    /// The value of a flag: `--name=value`, `--name value` (when `takesValue`), `-n value`.
    public func flagValue(_ names: Set<String>) -> String? {
        let args = Array(arguments)
        for (i, w) in args.enumerated() {
            let v = w.value
            if v.hasPrefix("--") {
                let body = v.dropFirst(2)
                let parts = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if names.contains(String(parts[0])) {
                    if parts.count == 2 { return String(parts[1]) }
                    return i + 1 < args.count ? args[i + 1].value : nil
                }
            } else if v.hasPrefix("-"), v.count == 2, names.contains(String(v.dropFirst())) {
                return i + 1 < args.count ? args[i + 1].value : nil
            }
        }
        return nil
    }

    /// Arguments that are not flags (`-x`, `--x`); with `valueFlags`, the word after such a flag
    /// (given as `--flag value`) is skipped too.
    public func argumentsWithoutFlags(valueFlags: Set<String> = []) -> [String] {
        var out: [String] = []
        var skipNext = false
        var afterDoubleDash = false
        for w in arguments {
            let v = w.value
            if skipNext { skipNext = false; continue }
            if afterDoubleDash { out.append(v); continue }
            if v == "--" { afterDoubleDash = true; continue }
            if v.hasPrefix("-"), v.count > 1 {
                if v.hasPrefix("--") {
                    let body = String(v.dropFirst(2))
                    if !body.contains("="), valueFlags.contains(body) { skipNext = true }
                } else if let last = v.last, valueFlags.contains(String(last)), v.count == 2 {
                    skipNext = true
                }
                continue
            }
            out.append(v)
        }
        return out
    }

    public var argumentsWithoutFlags: [String] { argumentsWithoutFlags() }

    /// The first non-flag argument (a subcommand such as `install`).
    public var subcommand: String? { argumentsWithoutFlags.first }
}
