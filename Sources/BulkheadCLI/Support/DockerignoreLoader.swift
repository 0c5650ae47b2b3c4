import BulkheadCore
import BulkheadDockerfile
import Foundation

/// Finds and reads the `.dockerignore` BuildKit would use for a Dockerfile, for DF402
/// (CopyIgnoredFile): `<Dockerfile>.dockerignore` next to the Dockerfile when it exists, else
/// `.dockerignore` at the root of the build context (the Dockerfile's directory unless
/// `--context` says otherwise; for stdin, only with `--context`).
///
/// A missing file means nothing to check. A file that cannot be read, is too big, or has a
/// pattern BuildKit rejects becomes a warning diagnostic and the check is skipped for that
/// Dockerfile.
enum DockerignoreLoader {
    /// Largest ignore file read (bytes).
    static let maxSize = 1 << 20

    struct Loaded {
        var matcher: DockerignoreMatcher?
        var diagnostics: [Diagnostic] = []
    }

    /// The ignore file paths to try for `file`, in order of precedence.
    static func candidates(for file: InputFile, context: String?) -> [String] {
        switch file.source {
        case .path(let path):
            let directory = (path as NSString).deletingLastPathComponent
            let root = context ?? (directory.isEmpty ? "." : directory)
            return [path + ".dockerignore", (root as NSString).appendingPathComponent(".dockerignore")]
        case .stdin:
            guard let context else { return [] }
            return [(context as NSString).appendingPathComponent(".dockerignore")]
        }
    }

    static func load(for file: InputFile, context: String?) -> Loaded {
        let fm = FileManager.default
        for path in candidates(for: file, context: context) {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            func skipped(_ why: String, line: Int = 1, code: String = "dockerignore-unreadable") -> Loaded {
                Loaded(matcher: nil, diagnostics: [
                    Diagnostic(code: code, level: .warning,
                               message: "\(why); COPY/ADD sources are not checked against it (DF402)",
                               location: SourceLocation(file: path, line: line)),
                ])
            }
            if isDirectory.boolValue { return skipped("\(path) is a directory") }
            guard let handle = FileHandle(forReadingAtPath: path) else { return skipped("cannot read \(path)") }
            defer { try? handle.close() }
            let data: Data
            do {
                data = try handle.read(upToCount: maxSize + 1) ?? Data()
            } catch {
                return skipped("cannot read \(path): \(error.localizedDescription)")
            }
            guard data.count <= maxSize else { return skipped("\(path) is over \(maxSize) bytes") }
            do {
                return Loaded(matcher: try DockerignoreMatcher(String(decoding: data, as: UTF8.self)))
            } catch {
                return skipped("invalid pattern \"\(error.pattern)\": \(error.reason)", line: error.line,
                               code: "dockerignore-invalid")
            }
        }
        return Loaded(matcher: nil)
    }
}
