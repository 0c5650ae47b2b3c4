/// A problem that did not stop the operation: the result is still usable.
///
/// Examples: a Dockerfile that failed to parse while others in the run were linted, an
/// unknown rule id in a config file, a ShellCheck binary that could not be run.
public struct Diagnostic: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable, Codable {
        case error, warning, note
    }

    public var code: String
    public var level: Level
    public var message: String
    public var location: SourceLocation?

    public init(code: String, level: Level, message: String, location: SourceLocation? = nil) {
        self.code = code
        self.level = level
        self.message = message
        self.location = location
    }
}
