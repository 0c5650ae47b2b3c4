/// A position in a source file: 1-based line and column (columns count Unicode scalars).
public struct SourcePosition: Sendable, Hashable, Comparable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A half-open range of positions in one file.
public struct SourceRange: Sendable, Hashable, Codable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    public init(line: Int, column: Int = 1) {
        self.start = SourcePosition(line: line, column: column)
        self.end = start
    }
}

/// Where a finding or error is: a file with a range, or a field path inside a structured document.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user named it (relative paths stay relative); `-` for stdin.
    public var file: String
    public var range: SourceRange?
    /// A field path inside a document (`spec.containers[0].image`) for structured inputs.
    public var fieldPath: String?

    public init(file: String, range: SourceRange? = nil, fieldPath: String? = nil) {
        self.file = file
        self.range = range
        self.fieldPath = fieldPath
    }

    public init(file: String, line: Int, column: Int = 1) {
        self.init(file: file, range: SourceRange(line: line, column: column))
    }

    /// `file:line:col`, `file: field.path` or just `file`.
    public var description: String {
        if let range {
            return "\(file):\(range.start.line):\(range.start.column)"
        }
        if let fieldPath { return "\(file): \(fieldPath)" }
        return file
    }
}
