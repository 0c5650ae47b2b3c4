import BulkheadCore

/// Why cataloging could not proceed, or (as a ``Diagnostic`` code) why a file was only partly read.
///
/// Equality and hashing use ``code`` only, so tests match codes while messages improve.
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Extensible error code; also used as the `code` of catalog diagnostics.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A record in a package database could not be parsed; the other records were kept.
        public static let corruptEntry = Code("corrupt-entry")
        /// A record lacks a field every package needs (name, version).
        public static let missingField = Code("missing-field")
        /// A file could not be read (over its size limit, vanished, unreadable).
        public static let unreadableFile = Code("unreadable-file")
        /// The file tree could not be listed.
        public static let resolverFailed = Code("resolver-failed")
        /// A whole cataloger failed; the others still ran.
        public static let catalogerFailed = Code("cataloger-failed")
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?
    public var underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil,
                underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.underlying = underlying
    }

    public var description: String {
        var text = location.map { "\($0): \(message)" } ?? message
        if let underlying { text += ": \(underlying)" }
        return text
    }

    public static func == (lhs: CatalogError, rhs: CatalogError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension Diagnostic {
    /// A catalog diagnostic with a ``CatalogError/Code``.
    static func catalog(_ code: CatalogError.Code, _ message: String, file: String, line: Int? = nil,
                        level: Level = .warning) -> Diagnostic {
        let location = line.map { SourceLocation(file: file, line: $0) } ?? SourceLocation(file: file)
        return Diagnostic(code: code.rawValue, level: level, message: message, location: location)
    }
}
