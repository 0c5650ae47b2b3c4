import BulkheadCore
import BulkheadDockerfile
import Foundation

/// Runs `shellcheck` (when on PATH) on each POSIX RUN body and adds its findings, with SC codes
/// as rule ids, as Hadolint does.
enum ShellCheckBridge {
    static func executable() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/shellcheck"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func augment(_ target: Report.Target, bytes: [UInt8], path: String) -> Report.Target {
        var t = target
        guard let exe = executable() else {
            t.diagnostics.append(Diagnostic(code: "shellcheck-missing", level: .warning,
                                            message: "--shellcheck was given but shellcheck is not on PATH",
                                            location: SourceLocation(file: path)))
            return t
        }
        guard let file = try? DockerfileParser.parse(bytes: bytes, path: path) else { return t }
        let context = DockerfileContext(file: file)
        for ins in file.instructions {
            guard context.script(for: ins) != nil, case .command(.shell(let body, _)) = ins.effective.arguments else { continue }
            // Variables the build defines are known to the script, as Hadolint tells ShellCheck.
            let known = Set(context.variables(before: ins).keys).union(proxyVariables)
            var seen: Set<String> = []
            for item in check(exe, script: body, exported: known.sorted()) where seen.insert("\(item.code)\u{1F}\(item.message)").inserted {
                let sev: Severity = switch item.level {
                case "error": .high
                case "warning": .medium
                case "info": .low
                default: .info
                }
                let id = RuleID("SC\(item.code)")
                t.findings.append(Finding(
                    ruleID: id, severity: sev, title: "ShellCheck SC\(item.code)", message: item.message,
                    location: SourceLocation(file: path, range: SourceRange(start: ins.range.start, end: ins.range.start)),
                    aliases: [], fingerprint: Finding.computeFingerprint(ruleID: id, file: path, context: ins.text + item.message)))
            }
        }
        return t
    }

    struct Item: Decodable {
        var code: Int
        var level: String
        var message: String
    }

    struct Output: Decodable { var comments: [Item] }

    static let proxyVariables: Set<String> = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
                                              "ftp_proxy", "NO_PROXY", "no_proxy"]

    static func check(_ exe: String, script: String, exported: [String]) -> [Item] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        // Hadolint's exclusions: SC2187 (ash), SC1090/SC1091 (sourced files that are not there).
        process.arguments = ["-s", "sh", "-f", "json1", "-e", "SC2187,SC1090,SC1091", "-"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return [] }
        let exports = exported.map { "export \($0)=1\n" }.joined()
        input.fileHandleForWriting.write(Data(("#!/bin/sh\n" + exports + script + "\n").utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (try? JSONDecoder().decode(Output.self, from: data))?.comments ?? []
    }
}
