@testable import BulkheadServe
import Foundation
import ServiceLifecycle
import Testing

@Suite("Start, port discovery and graceful shutdown", .timeLimit(.minutes(2)))
struct LifecycleTests {
    @Test("listeningPort is nil before start and after shutdown; run() is single-use")
    func portAndSingleUse() async throws {
        let pki = try await TestPKI.shared()
        let server = AuditWebhookServer(configuration: Harness.configuration(pki), logger: Harness.logger) { _ in .accepted(0) }
        #expect(server.listeningPort == nil)
        let serving = Task { try await server.run() }
        let port = try await server.waitUntilListening()
        #expect(port > 0)
        #expect(server.listeningPort == port)
        await #expect(throws: AuditWebhookServerError.alreadyStarted) { try await server.run() }
        serving.cancel()
        try await serving.value
        #expect(server.listeningPort == nil)
        await #expect(throws: AuditWebhookServerError.notRunning) { try await server.waitUntilListening() }
    }

    @Test("cancelling run() lets a request in flight finish before returning")
    func inFlightRequestFinishes() async throws {
        let pki = try await TestPKI.shared()
        let (entered, enteredContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let server = AuditWebhookServer(configuration: Harness.configuration(pki), logger: Harness.logger) { bytes in
            enteredContinuation.yield()
            for await _ in release { break }
            return .accepted(bytes.count)
        }
        let serving = Task { try await server.run() }
        let port = try await server.waitUntilListening()
        let file = try Harness.temporaryFile(AuditFixtures.eventListBytes)
        let inFlight = Task {
            try await Curl.request(
                "POST", port: port, path: "/k8s-audit", trusting: pki.serverCertificate,
                headers: ["Content-Type: application/json"], bodyFile: file)
        }
        for await _ in entered { break }

        serving.cancel()
        try await Task.sleep(for: .milliseconds(300))
        releaseContinuation.yield()

        let response = try await inFlight.value
        #expect(response.status == 200, "\(response)")
        #expect(response.body == #"{"accepted":\#(AuditFixtures.eventListBytes.count)}"#)
        try await serving.value

        // And nothing listens any more.
        let after = try await Curl.request("GET", port: port, path: "/healthz", trusting: pki.serverCertificate)
        #expect(after.status == nil)
    }

    @Test("a stalled upload is cut off at the grace limit instead of holding shutdown")
    func stalledUploadIsClosed() async throws {
        let pki = try await TestPKI.shared()
        let server = AuditWebhookServer(
            configuration: Harness.configuration(pki), logger: Harness.logger,
            gracefulShutdownLimit: .seconds(1)
        ) { _ in .accepted(0) }
        let serving = Task { try await server.run() }
        let port = try await server.waitUntilListening()

        // Promises 1000 bytes, sends 10, then keeps the connection open (s_client -quiet ignores EOF).
        let client = Task {
            try await OpenSSLClient.exchange(
                port: port, trusting: pki.serverCertificate,
                request: "POST /k8s-audit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"kind\":1,",
                timeout: .seconds(30)
            )
        }
        try await Task.sleep(for: .milliseconds(700))

        let started = ContinuousClock.now
        serving.cancel()
        try await serving.value
        let shutdownTook = ContinuousClock.now - started
        // 1 s grace + up to 2 s waiting for close_notify, far below the 60 s idle timeout.
        #expect(shutdownTook < .milliseconds(4500), "shutdown took \(shutdownTook)")

        let result = try await client.value
        #expect(!result.timedOut, "the server never closed the stalled connection")
    }

    @Test("inside a ServiceGroup, graceful shutdown stops the server")
    func serviceGroupShutdown() async throws {
        let pki = try await TestPKI.shared()
        let server = AuditWebhookServer(configuration: Harness.configuration(pki), logger: Harness.logger) { _ in .accepted(0) }
        let group = ServiceGroup(configuration: .init(services: [server], logger: Harness.logger))
        let running = Task { try await group.run() }
        let port = try await server.waitUntilListening()
        let health = try await Curl.request("GET", port: port, path: "/healthz", trusting: pki.serverCertificate)
        #expect(health.status == 200)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(server.listeningPort == nil)
    }

    @Test("a waiter that is cancelled stops waiting")
    func waiterCancellation() async throws {
        let pki = try await TestPKI.shared()
        let server = AuditWebhookServer(configuration: Harness.configuration(pki), logger: Harness.logger) { _ in .accepted(0) }
        let waiting = Task { try await server.waitUntilListening() }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }
}
