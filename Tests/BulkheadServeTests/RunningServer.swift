import BulkheadServe

/// Everything a test needs while a server is up.
struct RunningServer: Sendable {
    let server: AuditWebhookServer
    let port: Int
    let pki: TestPKI
    let received: ReceivedBodies

    func request(
        _ method: String,
        _ path: String,
        headers: [String] = [],
        bodyFile: String? = nil,
        clientCertificate: (certificate: String, key: String)? = nil,
        extraArguments: [String] = []
    ) async throws -> HTTPSResponse {
        try await Curl.request(
            method, port: port, path: path, trusting: pki.serverCertificate, headers: headers,
            bodyFile: bodyFile, clientCertificate: clientCertificate, extraArguments: extraArguments
        )
    }

    func postJSON(_ bodyFile: String, path: String = "/k8s-audit", extraHeaders: [String] = []) async throws -> HTTPSResponse {
        try await request("POST", path, headers: ["Content-Type: application/json"] + extraHeaders, bodyFile: bodyFile)
    }
}
