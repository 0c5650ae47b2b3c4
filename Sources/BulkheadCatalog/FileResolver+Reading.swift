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

    /// Calls `body` with the text of every regular file matching `glob` (read within `limit`) and
    /// merges what it found; a file that cannot be read becomes a diagnostic and the others are
    /// still read. The loop every glob-and-parser cataloger shares (DESIGN §4.4).
    func catalogText(matching glob: String, limit: Int,
                     _ body: (FileEntry, String) -> CatalogResult) throws(CatalogError) -> CatalogResult {
        var result = CatalogResult()
        for file in try catalogFiles(matching: glob) where file.kind == .regular {
            do {
                result.append(body(file, try text(of: file, limit: limit)))
            } catch {
                result.diagnostics.append(error.diagnostic)
            }
        }
        return result
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
