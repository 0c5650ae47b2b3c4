import BulkheadCore

extension FileResolver {
    /// The text of the regular file at `path`, or `nil` when there is none.
    ///
    /// - Throws: ``CatalogError`` `unreadable-file` when it exists but cannot be read within `limit`.
    func text(at path: String, limit: Int) throws(CatalogError) -> (entry: FileEntry, text: String)? {
        let found: FileEntry?
        do {
            found = try entry(at: path)
        } catch {
            throw CatalogError(.unreadableFile, "cannot look up \(path)", at: SourceLocation(file: path), underlying: error)
        }
        guard let found, found.kind == .regular else { return nil }
        return (found, try text(of: found, limit: limit))
    }

    /// The text of `entry`, decoded as UTF-8 with invalid bytes replaced.
    func text(of entry: FileEntry, limit: Int) throws(CatalogError) -> String {
        do {
            return String(decoding: try contents(of: entry, limit: limit), as: UTF8.self)
        } catch {
            throw CatalogError(.unreadableFile, "cannot read \(entry.path) (limit \(limit) bytes)",
                               at: SourceLocation(file: entry.path), underlying: error)
        }
    }

    /// Entries matching `glob`, wrapping resolver failures.
    func catalogFiles(matching glob: String) throws(CatalogError) -> [FileEntry] {
        do {
            return try files(matching: glob)
        } catch {
            throw CatalogError(.resolverFailed, "cannot list \(glob)", underlying: error)
        }
    }
}

extension CatalogError {
    /// This error as a diagnostic, for errors that leave the rest of the result usable.
    var diagnostic: Diagnostic {
        Diagnostic(code: code.rawValue, level: .warning,
                   message: underlying.map { "\(message): \($0)" } ?? message, location: location)
    }
}
