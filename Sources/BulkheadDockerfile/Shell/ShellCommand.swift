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

    /// The command name as Hadolint sees it: the first word, unquoted, compared exactly
    /// (`/usr/bin/apt-get` is not `apt-get`); `busybox`, `builtin`, `command`, `run` and `exec`
    /// wrappers are looked through. Arguments are *not* shifted by the unwrapping.
    public let name: String

    /// The command's base name (`apt-get` for `/usr/bin/apt-get`), for Bulkhead's own rules.
    public let program: String

    public init(assignments: [ShellWord], words: [ShellWord], redirections: [ShellRedirection],
                pipelineID: Int, pipelinePosition: Int, pipelineLength: Int, offset: Int, isSubstitution: Bool) {
        self.assignments = assignments
        self.words = words
        self.redirections = redirections
        self.pipelineID = pipelineID
        self.pipelinePosition = pipelinePosition
        self.pipelineLength = pipelineLength
        self.offset = offset
        self.isSubstitution = isSubstitution
        let name = Self.commandName(words)
        self.name = name
        if let slash = name.lastIndex(of: "/") {
            self.program = String(name[name.index(after: slash)...])
        } else {
            self.program = name
        }
    }

    static func commandName(_ words: [ShellWord]) -> String {
        guard let first = words.first?.value else { return "" }
        if first == "busybox" || first == "builtin" || first == "command" || first == "run" {
            if words.count > 1, !words[1].value.hasPrefix("-") { return words[1].value }
            return first
        }
        if first == "exec" {
            var i = 1
            while i < words.count {
                let v = words[i].value
                if v == "-a" { i += 2; continue }
                if v.hasPrefix("-") { i += 1; continue }
                return v
            }
        }
        return first
    }

    /// Arguments after the command name (the first word).
    public var arguments: ArraySlice<ShellWord> { words.dropFirst() }

    /// Argument values after the command name.
    public var argumentValues: [String] { arguments.map(\.value) }

    /// Whether some argument is exactly `arg`.
    public func hasArgument(_ arg: String) -> Bool { arguments.contains { $0.value == arg } }

    /// Hadolint's `cmdHasArgs`: the name is `name` and **any** of `args` is an argument.
    public func `is`(_ name: String, withAnyOf args: Set<String>) -> Bool {
        guard self.name == name else { return false }
        return arguments.contains { args.contains($0.value) }
    }

    /// Hadolint's `cmdsHaveArgs`: the name is one of `names` and any of `args` is an argument.
    public func isAny(_ names: Set<String>, withAnyOf args: Set<String>) -> Bool {
        guard names.contains(name) else { return false }
        return arguments.contains { args.contains($0.value) }
    }

    /// The flags a word stands for: `--name[=v]` gives `name`; `-abc` gives `a`, `b`, `c` (every
    /// character after the dash); `-` and `--` are not flags.
    static func flags(of word: String) -> [String] {
        if word == "-" || word == "--" || !word.hasPrefix("-") { return [] }
        if word.hasPrefix("--") {
            let body = word.dropFirst(2)
            return [String(body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? body)]
        }
        return word.dropFirst().map { String($0) }
    }

    /// Every flag occurrence, in order (Hadolint's `getAllFlags`).
    public var flags: [String] { arguments.flatMap { Self.flags(of: $0.value) } }

    /// Whether any of `names` is used as a flag (`hasFlag("y", "yes")`).
    public func hasFlag(_ names: String...) -> Bool { hasAnyFlag(Set(names)) }

    public func hasAnyFlag(_ names: Set<String>) -> Bool { flags.contains { names.contains($0) } }

    /// How many times `name` occurs as a flag (`-qq` counts 2).
    public func countFlag(_ name: String) -> Int { flags.filter { $0 == name }.count }

    /// Hadolint's `getFlagArg`: for each occurrence of flag `name`, the word after that flag word.
    public func flagArguments(_ name: String) -> [String] { flagArgumentWords(name).map(\.value) }

    /// ``flagArguments(_:)`` as words, for rules that render them their own way.
    public func flagArgumentWords(_ name: String) -> [ShellWord] {
        let args = Array(arguments)
        var out: [ShellWord] = []
        for (i, w) in args.enumerated() where Self.flags(of: w.value).contains(name) {
            if i + 1 < args.count { out.append(args[i + 1]) }
        }
        return out
    }

    /// The value of a flag: `--name=value`, `--name value`, `-n value`.
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

    /// Hadolint's `getArgsNoFlags (dropFlagArg valueFlags cmd)`: the arguments without flag words,
    /// and without the word following a flag in `valueFlags` written without `=` (`-t stable`).
    /// `-` and `--` are kept, as Hadolint keeps them.
    public func argumentsWithoutFlags(valueFlags: Set<String> = []) -> [String] {
        var out: [String] = []
        var skipNext = false
        for w in arguments {
            let v = w.value
            if skipNext { skipNext = false; continue }
            let f = Self.flags(of: v)
            if f.isEmpty {
                out.append(v)
                continue
            }
            if !v.contains("="), f.contains(where: valueFlags.contains) { skipNext = true }
        }
        return out
    }

    public var argumentsWithoutFlags: [String] { argumentsWithoutFlags() }
}
