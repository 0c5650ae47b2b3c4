import BulkheadCore

/// Why a Dockerfile could not be parsed.
///
/// Equality and hashing use ``code`` only, so tests can match codes while messages improve.
public struct DockerfileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Extensible error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let noInstructions = Code("no-instructions")
        public static let unterminatedHeredoc = Code("unterminated-heredoc")
        public static let unknownInstruction = Code("unknown-instruction")
        public static let invalidDirective = Code("invalid-directive")
        public static let invalidArguments = Code("invalid-arguments")
        public static let notStringArray = Code("not-string-array")
        public static let unreadable = Code("unreadable")
        public static let tooLarge = Code("too-large")
        public static let instructionBeforeFrom = Code("instruction-before-from")
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }

    public static func == (lhs: DockerfileError, rhs: DockerfileError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
