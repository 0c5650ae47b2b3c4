import Foundation

/// Certificates made with the openssl CLI for one test run:
/// - a self-signed server certificate for `CN=localhost`, `IP:127.0.0.1` (also the client's trust anchor);
/// - a client CA, a client certificate it signed (what kube-apiserver would present), and
/// - a self-signed "rogue" client certificate the CA never signed.
struct TestPKI: Sendable {
    let directory: URL
    var serverCertificate: String { path("server.pem") }
    var serverKey: String { path("server.key") }
    var clientCA: String { path("client-ca.pem") }
    var clientCertificate: String { path("client.pem") }
    var clientKey: String { path("client.key") }
    var rogueCertificate: String { path("rogue.pem") }
    var rogueKey: String { path("rogue.key") }
    var otherKey: String { path("other.key") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// One set per test process; generated on first use.
    static func shared() async throws -> TestPKI {
        try await Store.shared.pki()
    }

    private actor Store {
        static let shared = Store()
        private var generation: Task<TestPKI, any Error>?

        func pki() async throws -> TestPKI {
            if let generation { return try await generation.value }
            let task = Task { try await TestPKI.generate() }
            generation = task
            return try await task.value
        }
    }

    struct GenerationError: Error, CustomStringConvertible {
        var description: String
    }

    static func generate() async throws -> TestPKI {
        let directory = Harness.scratchRoot.appendingPathComponent("pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pki = TestPKI(directory: directory)
        try "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n"
            .write(toFile: pki.path("client.ext"), atomically: true, encoding: .utf8)

        let steps: [[String]] = [
            // The server certificate made exactly as the brief says.
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
             "-keyout", pki.serverKey, "-out", pki.serverCertificate,
             "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1"],
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
             "-keyout", pki.path("client-ca.key"), "-out", pki.clientCA,
             "-subj", "/CN=bulkhead-test-client-ca", "-days", "1"],
            ["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes",
             "-keyout", pki.clientKey, "-out", pki.path("client.csr"), "-subj", "/CN=kube-apiserver"],
            ["openssl", "x509", "-req", "-in", pki.path("client.csr"),
             "-CA", pki.clientCA, "-CAkey", pki.path("client-ca.key"), "-set_serial", "2",
             "-days", "1", "-extfile", pki.path("client.ext"), "-out", pki.clientCertificate],
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
             "-keyout", pki.rogueKey, "-out", pki.rogueCertificate,
             "-subj", "/CN=rogue-apiserver", "-addext", "extendedKeyUsage=clientAuth", "-days", "1"],
            // A valid key that belongs to no certificate here.
            ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pki.otherKey],
        ]
        for step in steps {
            let result = try await CommandRunner.run(step, timeout: .seconds(60))
            guard result.exitCode == 0 else {
                throw GenerationError(description: "\(step.joined(separator: " ")) failed (\(result.exitCode)): \(result.stderr)")
            }
        }
        return pki
    }
}
