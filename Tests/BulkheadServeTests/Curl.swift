import Foundation

/// A real HTTPS client: the curl CLI, trusting only the test's certificate via `--cacert`.
enum Curl {
    static func request(
        _ method: String,
        port: Int,
        path: String,
        trusting caFile: String,
        headers: [String] = [],
        bodyFile: String? = nil,
        clientCertificate: (certificate: String, key: String)? = nil,
        extraArguments: [String] = []
    ) async throws -> HTTPSResponse {
        let headerFile = Harness.scratchRoot.appendingPathComponent("curl-headers-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: headerFile) }

        var arguments = [
            "curl", "--silent", "--show-error", "--http1.1", "--max-time", "20",
            "--cacert", caFile, "--request", method, "--dump-header", headerFile,
            "--write-out", "\n%{http_code}",
        ]
        for header in headers {
            arguments += ["--header", header]
        }
        if let bodyFile {
            arguments += ["--data-binary", "@\(bodyFile)"]
        }
        if let clientCertificate {
            arguments += ["--cert", clientCertificate.certificate, "--key", clientCertificate.key]
        }
        arguments += extraArguments
        arguments.append("https://127.0.0.1:\(port)\(path)")

        let result = try await CommandRunner.run(arguments, timeout: .seconds(40))
        let output = result.stdoutText
        let split = output.range(of: "\n", options: .backwards)
        let body = split.map { String(output[..<$0.lowerBound]) } ?? ""
        let code = split.map { String(output[$0.upperBound...]) } ?? output
        let status = Int(code.trimmingCharacters(in: .whitespacesAndNewlines)).flatMap { $0 == 0 ? nil : $0 }
        return HTTPSResponse(
            exitCode: result.exitCode,
            status: status,
            headers: parseHeaders(headerFile),
            body: body,
            stderr: result.stderr
        )
    }

    /// Last response's header block, names lower-cased.
    private static func parseHeaders(_ path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        let blocks = text.components(separatedBy: "\r\n\r\n").filter { !$0.isEmpty }
        var headers: [String: String] = [:]
        for line in (blocks.last ?? "").components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }
}
