import Foundation

/// A file named on the command line, or found in a directory, or stdin.
struct InputFile: Sendable {
    enum Source: Sendable { case path(String), stdin }
    var source: Source
    var displayName: String

    /// Largest file read (bytes); bigger inputs are reported, not read.
    static let maxSize = 16 << 20

    enum ReadResult { case success([UInt8]), failure(String) }

    func read() -> ReadResult {
        switch source {
        case .stdin:
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= Self.maxSize else { return .failure("stdin is over \(Self.maxSize) bytes") }
            return .success([UInt8](data))
        case .path(let p):
            guard let handle = FileHandle(forReadingAtPath: p) else { return .failure("cannot read \(p)") }
            defer { try? handle.close() }
            do {
                let data = try handle.read(upToCount: Self.maxSize + 1) ?? Data()
                guard data.count <= Self.maxSize else { return .failure("\(p) is over \(Self.maxSize) bytes") }
                return .success([UInt8](data))
            } catch {
                return .failure("cannot read \(p): \(error.localizedDescription)")
            }
        }
    }

    /// Whether a file name looks like a Dockerfile.
    static func isDockerfileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "dockerfile" || lower == "containerfile" || lower.hasPrefix("dockerfile.")
            || lower.hasPrefix("containerfile.") || lower.hasSuffix(".dockerfile") || lower.hasSuffix(".containerfile")
    }

    /// Expands paths: files as given, directories walked (dot-folders included, `.git` skipped), `-` as stdin.
    static func collect(_ paths: [String]) throws -> [InputFile] {
        var out: [InputFile] = []
        let fm = FileManager.default
        for path in paths {
            if path == "-" {
                out.append(InputFile(source: .stdin, displayName: "-"))
                continue
            }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw OperationalError("\(path): no such file or directory")
            }
            if !isDir.boolValue {
                out.append(InputFile(source: .path(path), displayName: path))
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else { throw OperationalError("\(path): cannot list directory") }
            var found: [String] = []
            while let rel = walker.nextObject() as? String {
                let name = (rel as NSString).lastPathComponent
                if name == ".git" || name == ".build" || name == "node_modules" { walker.skipDescendants(); continue }
                if isDockerfileName(name) {
                    let full = path.hasSuffix("/") ? path + rel : path + "/" + rel
                    var d: ObjCBool = false
                    if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue { found.append(full) }
                }
            }
            out += found.sorted().map { InputFile(source: .path($0), displayName: $0) }
        }
        return out
    }
}
