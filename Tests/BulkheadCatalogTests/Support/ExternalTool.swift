import Foundation

/// Finds and runs host tools used as oracles (`go version -m`, `python3`), for tests that are
/// enabled only where the tool exists.
enum ExternalTool {
    /// The absolute path of `name` on `PATH`, if any.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `arguments` (the first is looked up on `PATH`) with optional standard input; returns
    /// the exit status, standard output and standard error. All three streams go through
    /// temporary files (no pipes: nothing can block, and no read is interrupted by a signal).
    static func run(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("bulkhead-tool-\(UUID().uuidString)")
        let inURL = base.appendingPathExtension("in"), outURL = base.appendingPathExtension("out"),
            errURL = base.appendingPathExtension("err")
        defer { for url in [inURL, outURL, errURL] { try? fm.removeItem(at: url) } }
        fm.createFile(atPath: inURL.path, contents: input ?? Data())
        fm.createFile(atPath: outURL.path, contents: nil)
        fm.createFile(atPath: errURL.path, contents: nil)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        defer { for handle in [inHandle, outHandle, errHandle] { try? handle.close() } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = inHandle
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        let out = (try? Data(contentsOf: outURL)) ?? Data(), err = (try? Data(contentsOf: errURL)) ?? Data()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
