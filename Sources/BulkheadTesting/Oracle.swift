import Foundation

/// Runs an external oracle (Python's jsonschema, pyspdxtools, …) on a document written to a
/// temporary file, for tests that check our output against an independent implementation.
public enum Oracle {
    /// Writes `document` to a temporary `*.ext` file, runs `arguments + [file]` through
    /// `/usr/bin/env`, and returns the exit status with stdout and stderr combined.
    public static func run(_ arguments: [String], document: String, ext: String) throws -> (status: Int32, output: String) {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-\(UUID().uuidString).\(ext)")
        try document.write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments + [tmp.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
