import Foundation

/// Third-party test data read in place from `../shared/corpus/` (never copied into the repo).
///
/// The corpus root is found from `BULKHEAD_CORPUS`, else by walking up from this source file
/// to a directory that has `shared/corpus` (the workspace layout), else `../shared/corpus`
/// relative to the working directory. Missing corpus data is a test failure, not a skip.
public enum Corpus {
    public static var root: URL {
        if let env = ProcessInfo.processInfo.environment["BULKHEAD_CORPUS"] {
            return URL(fileURLWithPath: env)
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("shared/corpus")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let sibling = dir.deletingLastPathComponent().appendingPathComponent("shared/corpus")
            if FileManager.default.fileExists(atPath: sibling.path) { return sibling }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("../shared/corpus").standardizedFileURL
    }

    /// The URL of a corpus path such as `dockerfiles/official`.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Names of the entries of a corpus directory, sorted.
    public static func list(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url(relative).path)) ?? []).sorted()
    }

    /// Contents of a corpus file.
    public static func read(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }
}
