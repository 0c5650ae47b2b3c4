import BulkheadServe
import Foundation
import Testing

@Suite("Startup errors name what is wrong", .timeLimit(.minutes(2)))
struct StartupErrorTests {
    /// Runs a server that is expected not to start and returns what `run()` threw,
    /// checking that `waitUntilListening()` reports the same error.
    private func startupError(_ configuration: AuditWebhookConfiguration) async throws -> AuditWebhookServerError {
        let server = AuditWebhookServer(configuration: configuration, logger: Harness.logger) { _ in .accepted(0) }
        let waiting = Task { try await server.waitUntilListening() }
        let error = try await #require(throws: AuditWebhookServerError.self) {
            try await server.run()
        }
        await #expect(throws: error) { try await waiting.value }
        #expect(server.listeningPort == nil)
        return error
    }

    @Test("a missing private key file is reported with its path")
    func missingKey() async throws {
        let pki = try await TestPKI.shared()
        var configuration = Harness.configuration(pki)
        configuration.privateKeyPath = pki.path("does-not-exist.key")
        let error = try await startupError(configuration)
        guard case .privateKeyUnusable(let path, let reason) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(path == configuration.privateKeyPath)
        #expect(reason.contains("No such file or directory"))
        #expect(error.description.contains(configuration.privateKeyPath))
        #expect(error.description.contains("private key"))
    }

    @Test("a missing certificate file is reported with its path")
    func missingCertificate() async throws {
        let pki = try await TestPKI.shared()
        var configuration = Harness.configuration(pki)
        configuration.certificatePath = pki.path("nope/server.pem")
        let error = try await startupError(configuration)
        #expect(error == .certificateChainUnusable(
            path: configuration.certificatePath, reason: "cannot open: No such file or directory"))
        #expect(error.description.contains(configuration.certificatePath))
    }

    @Test("a missing client CA file is reported with its path")
    func missingClientCA() async throws {
        let pki = try await TestPKI.shared()
        var configuration = Harness.configuration(pki)
        configuration.clientCAPath = pki.path("missing-ca.pem")
        let error = try await startupError(configuration)
        #expect(error == .clientCAUnusable(
            path: pki.path("missing-ca.pem"), reason: "cannot open: No such file or directory"))
    }

    @Test("a file that is not a key, and a key that is not the certificate's, name the key file")
    func unusableKeys() async throws {
        let pki = try await TestPKI.shared()
        var notAKey = Harness.configuration(pki)
        notAKey.privateKeyPath = pki.serverCertificate
        let first = try await startupError(notAKey)
        guard case .privateKeyUnusable(pki.serverCertificate, _) = first else {
            Issue.record("unexpected error \(first)")
            return
        }

        var mismatched = Harness.configuration(pki)
        mismatched.privateKeyPath = pki.otherKey
        let second = try await startupError(mismatched)
        guard case .privateKeyUnusable(pki.otherKey, let reason) = second else {
            Issue.record("unexpected error \(second)")
            return
        }
        #expect(reason.contains("does not match"))
    }

    @Test("a directory or an empty file is not a certificate")
    func notCertificateFiles() async throws {
        let pki = try await TestPKI.shared()
        var directory = Harness.configuration(pki)
        directory.certificatePath = pki.directory.path
        #expect(try await startupError(directory)
            == .certificateChainUnusable(path: pki.directory.path, reason: "not a regular file"))

        let empty = try Harness.temporaryFile([], name: "empty.pem")
        var emptyFile = Harness.configuration(pki)
        emptyFile.certificatePath = empty
        #expect(try await startupError(emptyFile) == .certificateChainUnusable(path: empty, reason: "file is empty"))
    }

    @Test("bad values are refused before any file is read", arguments: [
        ("port", 70_000, "/k8s-audit", 1),
        ("path", 0, "k8s-audit", 1),
        ("health", 0, "/healthz", 1),
        ("limit", 0, "/k8s-audit", 0),
    ])
    func invalidConfiguration(_ label: String, port: Int, path: String, maxBodyBytes: Int) async throws {
        var configuration = AuditWebhookConfiguration(
            host: "127.0.0.1", port: port, certificatePath: "/nonexistent/cert.pem",
            privateKeyPath: "/nonexistent/key.pem", path: path, maxBodyBytes: maxBodyBytes
        )
        configuration.clientCAPath = nil
        let error = try await startupError(configuration)
        guard case .invalidConfiguration = error else {
            Issue.record("\(label): unexpected error \(error)")
            return
        }
    }

    @Test("a port already in use is a listen failure naming host and port")
    func portInUse() async throws {
        try await Harness.withServer { running in
            var configuration = Harness.configuration(running.pki)
            configuration.port = running.port
            let error = try await startupError(configuration)
            guard case .listenFailed(host: "127.0.0.1", port: running.port, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(reason.contains("in use"), "\(reason)")
        }
    }
}
