/// Why a database operation, an import or a feed download failed. Messages name the file,
/// URL, record or field involved.
public struct VulnDBError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The database file cannot be opened or created.
        case cannotOpen
        /// SQLite reported an error.
        case sqlite
        /// The database was written by another schema version.
        case schemaMismatch
        /// No database yet (run `bulkhead db import` or `db update`).
        case missing
        /// Another process is updating the same database.
        case locked
        /// An input file or feed cannot be read or parsed.
        case badInput
        /// A feed download failed.
        case download
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
