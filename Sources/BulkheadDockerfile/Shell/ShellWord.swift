/// One shell word: as written, and with quotes removed (no expansion is performed).
public struct ShellWord: Sendable, Hashable, CustomStringConvertible {
    /// As written, quotes included.
    public var raw: String
    /// Quotes removed, backslash escapes resolved; `$VAR` stays literal.
    public var value: String
    /// Byte offset in the script.
    public var offset: Int
    /// Whether any part was quoted.
    public var isQuoted: Bool

    public var description: String { value }

    /// Whether the word contains an unquoted or double-quoted expansion (`$x`, `$(…)`, backticks).
    public var hasExpansion: Bool { raw.contains("$") || raw.contains("`") }
}

/// A redirection such as `> /dev/null`, `2>&1`, `<<EOF`.
public struct ShellRedirection: Sendable, Hashable {
    public var op: String
    public var target: String
}
