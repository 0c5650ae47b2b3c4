import BulkheadServe
import Foundation
import Testing

@Suite("Client certificates when clientCAPath is set", .timeLimit(.minutes(2)))
struct MutualTLSTests {
    @Test("a client without a certificate is refused, on every path")
    func noCertificateIsRefused() async throws {
        try await Harness.withServer(mutualTLS: true) { server in
            let file = try Harness.temporaryFile(AuditFixtures.eventListBytes)
            let post = try await server.postJSON(file)
            let health = try await server.request("GET", "/healthz")
            for response in [post, health] {
                #expect(response.status == nil, "\(response)")
                #expect(response.exitCode != 0)
            }
            #expect(server.received.all.isEmpty)
        }
    }

    @Test("a client certificate signed by the client CA is accepted")
    func signedCertificateIsAccepted() async throws {
        try await Harness.withServer(mutualTLS: true) { server in
            let file = try Harness.temporaryFile(AuditFixtures.eventListBytes)
            let response = try await server.request(
                "POST", "/k8s-audit", headers: ["Content-Type: application/json"], bodyFile: file,
                clientCertificate: (server.pki.clientCertificate, server.pki.clientKey)
            )
            #expect(response.status == 200, "\(response)")
            #expect(response.body == #"{"accepted":2}"#)
            #expect(server.received.all == [AuditFixtures.eventListBytes])
        }
    }

    @Test("a client certificate the CA did not sign is refused")
    func foreignCertificateIsRefused() async throws {
        try await Harness.withServer(mutualTLS: true) { server in
            let file = try Harness.temporaryFile(AuditFixtures.eventListBytes)
            let response = try await server.request(
                "POST", "/k8s-audit", headers: ["Content-Type: application/json"], bodyFile: file,
                clientCertificate: (server.pki.rogueCertificate, server.pki.rogueKey)
            )
            #expect(response.status == nil, "\(response)")
            #expect(server.received.all.isEmpty)
        }
    }
}
