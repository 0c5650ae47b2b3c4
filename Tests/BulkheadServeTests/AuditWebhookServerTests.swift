import BulkheadServe
import Foundation
import Testing

@Suite("Audit webhook over HTTPS", .timeLimit(.minutes(2)))
struct AuditWebhookServerTests {
    @Test("a POSTed EventList reaches the handler byte for byte")
    func eventListReachesHandler() async throws {
        try await Harness.withServer { server in
            let file = try Harness.temporaryFile(AuditFixtures.eventListBytes)
            let response = try await server.postJSON(file)
            #expect(response.status == 200, "\(response)")
            #expect(response.body == #"{"accepted":2}"#)
            #expect(response.headers["content-type"] == "application/json")
            #expect(server.received.all == [AuditFixtures.eventListBytes])
        }
    }

    @Test("several batches on one server, including a media type with parameters")
    func severalBatches() async throws {
        try await Harness.withServer { server in
            let file = try Harness.temporaryFile(AuditFixtures.eventListBytes)
            let first = try await server.postJSON(file)
            let second = try await server.request(
                "POST", "/k8s-audit", headers: ["Content-Type: Application/JSON; charset=utf-8"], bodyFile: file)
            #expect(first.status == 200)
            #expect(second.status == 200)
            #expect(server.received.all.count == 2)
        }
    }

    @Test("a handler rejection becomes 400 carrying the reason")
    func rejectionIs400() async throws {
        try await Harness.withServer { server in
            let file = try Harness.temporaryFile(Array(#"{"kind":"Pod","apiVersion":"v1"}"#.utf8))
            let response = try await server.postJSON(file)
            #expect(response.status == 400)
            let decoded = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: String]
            #expect(decoded?["error"] == #"expected kind "EventList" (audit.k8s.io/v1), got "Pod""#)
        }
    }

    @Test("other paths are 404")
    func otherPathsAre404() async throws {
        try await Harness.withServer { server in
            let file = try Harness.temporaryFile(AuditFixtures.eventListBytes)
            let elsewhere = try await server.postJSON(file, path: "/k8s-audit/extra")
            let root = try await server.request("GET", "/")
            #expect(elsewhere.status == 404)
            #expect(root.status == 404)
            #expect(server.received.all.isEmpty)
        }
    }

    @Test("other methods on the webhook path are 405 with Allow: POST")
    func otherMethodsAre405() async throws {
        try await Harness.withServer { server in
            for method in ["GET", "PUT", "DELETE"] {
                let response = try await server.request(method, "/k8s-audit")
                #expect(response.status == 405, "\(method)")
                #expect(response.headers["allow"] == "POST", "\(method)")
            }
            let postHealth = try await server.request("POST", "/healthz")
            #expect(postHealth.status == 405)
            #expect(server.received.all.isEmpty)
        }
    }

    @Test("a body that is not application/json is 415")
    func wrongContentTypeIs415() async throws {
        try await Harness.withServer { server in
            let file = try Harness.temporaryFile(AuditFixtures.eventListBytes)
            let text = try await server.request("POST", "/k8s-audit", headers: ["Content-Type: text/plain"], bodyFile: file)
            let none = try await server.request("POST", "/k8s-audit", headers: ["Content-Type:"], bodyFile: file)
            #expect(text.status == 415)
            #expect(none.status == 415)
            #expect(server.received.all.isEmpty)
        }
    }

    @Test("GET /healthz is 200 ok")
    func health() async throws {
        try await Harness.withServer { server in
            let response = try await server.request("GET", "/healthz")
            #expect(response.status == 200)
            #expect(response.body == "ok")
        }
    }

    @Test("bodies over maxBodyBytes are 413; exactly maxBodyBytes is accepted")
    func bodyLimit() async throws {
        let limit = 4096
        try await Harness.withServer(maxBodyBytes: limit, handler: { _ in .accepted(0) }) { server in
            let atLimit = try Harness.temporaryFile([UInt8](repeating: UInt8(ascii: " "), count: limit))
            let overLimit = try Harness.temporaryFile([UInt8](repeating: UInt8(ascii: " "), count: limit + 1))

            let accepted = try await server.postJSON(atLimit)
            #expect(accepted.status == 200)

            let declared = try await server.postJSON(overLimit)
            #expect(declared.status == 413, "\(declared)")
            #expect(declared.headers["connection"] == "close")

            // No Content-Length: the limit is enforced while reading.
            let chunkedFile = try Harness.temporaryFile([UInt8](repeating: UInt8(ascii: " "), count: 256 * 1024))
            let chunked = try await server.postJSON(chunkedFile, extraHeaders: ["Transfer-Encoding: chunked"])
            #expect(chunked.status == 413, "\(chunked)")

            #expect(server.received.all.map(\.count) == [limit])
        }
    }

    @Test("a declared 1 GiB body is refused at once and the connection closed without waiting for it")
    func hugeDeclaredBodyIsNotRead() async throws {
        try await Harness.withServer { server in
            let started = ContinuousClock.now
            let result = try await OpenSSLClient.exchange(
                port: server.port,
                trusting: server.pki.serverCertificate,
                request: "POST /k8s-audit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1073741824\r\n\r\n{\"kind\":"
            )
            #expect(!result.timedOut, "server kept the connection open waiting for the body")
            #expect(result.stdoutText.hasPrefix("HTTP/1.1 413"), "\(result.stdoutText) \(result.stderr)")
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(server.received.all.isEmpty)
        }
    }

    @Test("TLS 1.2 is accepted, TLS 1.1 is refused")
    func tlsVersions() async throws {
        try await Harness.withServer { server in
            let tls12 = try await server.request("GET", "/healthz", extraArguments: ["--tlsv1.2", "--tls-max", "1.2"])
            #expect(tls12.status == 200, "\(tls12)")

            // The client is told to offer TLS 1.1 only (and to allow its old ciphers), so a
            // failure here is the server's refusal.
            let tls11 = try await OpenSSLClient.exchange(
                port: server.port,
                trusting: server.pki.serverCertificate,
                request: "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                extraArguments: ["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"]
            )
            #expect(tls11.exitCode != 0)
            #expect(!tls11.stdoutText.contains("HTTP/1.1 200"))
            #expect(tls11.stderr.contains("protocol version") || tls11.stderr.contains("unsupported protocol"),
                    "\(tls11.stderr)")
        }
    }
}
