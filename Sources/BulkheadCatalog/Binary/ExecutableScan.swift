import BulkheadCore

/// Finds the ELF executables in a tree for catalogers that read build metadata out of binaries
/// (Go build info, `cargo auditable` data).
///
/// Candidates are regular files with an execute bit and room for an ELF header, up to
/// ``ReadLimit/executable``; each one is kept when it starts with the ELF magic. Files are read
/// in blocks as the parsers ask (``ByteWindow``), never whole.
///
/// Files that cannot be read are skipped without a diagnostic: image resolvers keep only binary
/// executables, so scripts are "unreadable" there by design, and syft too stays silent. Files
/// over the read limit are not read at all; they are summed up in one `unreadable-file`
/// diagnostic (a tree can hold many).
enum ExecutableScan {
    /// Smallest file that can hold an ELF header.
    static let minimumSize = 52

    /// Calls `body` with every readable ELF executable in `files`, and returns what `body` found
    /// plus one `unreadable-file` diagnostic naming the first executable over `limit`, if any.
    static func forEachELF(in files: some FileResolver, limit: Int = ReadLimit.executable,
                           _ body: (FileEntry, ELFFile) -> CatalogResult) throws(CatalogError) -> CatalogResult {
        var result = CatalogResult()
        var oversized: [FileEntry] = []
        for file in try files.catalogFiles(matching: "**/*") where isCandidate(file) {
            guard file.size <= limit else {
                oversized.append(file)
                continue
            }
            // Only what the parsers ask for is read: headers, tables and a few sections.
            let window = ByteWindow(count: file.size) { range in try? files.contents(of: file, covering: range, limit: limit) }
            guard let elf = ELFFile(window) else { continue }
            result.append(body(file, elf))
        }
        if let first = oversized.first {
            let more = oversized.count > 1 ? " (and \(oversized.count - 1) more)" : ""
            result.diagnostics.append(.catalog(.unreadableFile,
                                               "executable \(first.path) is over the \(limit)-byte limit and was not scanned\(more)",
                                               file: first.path))
        }
        return result
    }

    /// Regular files with any execute bit that are large enough to be ELF files.
    static func isCandidate(_ file: FileEntry) -> Bool {
        file.kind == .regular && file.mode & 0o111 != 0 && file.size >= minimumSize
    }
}
