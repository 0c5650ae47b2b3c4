import BulkheadServe
import Foundation
import Logging

enum Harness {
    static let logger: Logger = {
        var logger = Logger(label: "bulkhead.serve.tests")
        logger.logLevel = .warning
        return logger
    }()

    static func configuration(
        _ pki: TestPKI,
        mutualTLS: Bool = false,
        maxBodyBytes: Int = 16 << 20
    ) -> AuditWebhookConfiguration {
        AuditWebhookConfiguration(
            host: "127.0.0.1",
            port: 0,
            certificatePath: pki.serverCertificate,
            privateKeyPath: pki.serverKey,
            clientCAPath: mutualTLS ? pki.clientCA : nil,
            maxBodyBytes: maxBodyBytes
        )
    }

    /// Starts a real server on an ephemeral port, runs `body`, then cancels the server and checks
    /// that `run()` came back without an error (graceful shutdown).
    static func withServer(
        mutualTLS: Bool = false,
        maxBodyBytes: Int = 16 << 20,
        handler: @escaping @Sendable ([UInt8]) async -> AuditWebhookResult = EventListCounter.handle,
        _ body: (RunningServer) async throws -> Void
    ) async throws {
        let pki = try await TestPKI.shared()
        let received = ReceivedBodies()
        let server = AuditWebhookServer(
            configuration: configuration(pki, mutualTLS: mutualTLS, maxBodyBytes: maxBodyBytes),
            logger: logger
        ) { bytes in
            received.append(bytes)
            return await handler(bytes)
        }
        let serving = Task { try await server.run() }
        do {
            let port = try await server.waitUntilListening()
            try await body(RunningServer(server: server, port: port, pki: pki, received: received))
        } catch {
            serving.cancel()
            _ = try? await serving.value
            throw error
        }
        serving.cancel()
        try await serving.value
    }

    /// Everything a test run writes (certificates, bodies) goes under this one directory.
    static let scratchRoot: URL = FileManager.default.temporaryDirectory
        .appendingPathComponent("bulkhead-serve-tests-\(ProcessInfo.processInfo.processIdentifier)")

    /// Writes `contents` to a fresh temp file and returns its path.
    static func temporaryFile(_ contents: [UInt8], name: String = "body.json") throws -> String {
        let directory = scratchRoot.appendingPathComponent("body-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(contents).write(to: url)
        return url.path
    }
}
