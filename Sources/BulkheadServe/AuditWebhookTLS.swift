import NIOCore
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the server's `TLSConfiguration` from the PEM files named in an ``AuditWebhookConfiguration``,
/// turning every failure into an ``AuditWebhookServerError`` that names the offending file.
enum AuditWebhookTLS {
    /// PEM files are small; anything bigger than this is not what the operator meant to point at.
    static let maximumPEMFileBytes = 1 << 20

    /// How long a connection the server closes (after a 413, or at shutdown) waits for the
    /// client's close_notify. NIOSSL's default is 5 s, and with Hummingbird's half-closure
    /// setting a client that just drops the TCP connection (curl does) is only noticed when
    /// this runs out, which held graceful shutdown for the full 5 s. Two seconds still leaves
    /// a client that is mid-upload time to read the 413 before the socket goes away.
    static let closeNotifyTimeout: TimeAmount = .seconds(2)

    static func makeServerConfiguration(
        _ configuration: AuditWebhookConfiguration
    ) throws(AuditWebhookServerError) -> TLSConfiguration {
        let certPath = configuration.certificatePath
        let keyPath = configuration.privateKeyPath

        let chain: [NIOSSLCertificate]
        switch loadCertificates(certPath) {
        case .success(let certificates): chain = certificates
        case .failure(let reason): throw .certificateChainUnusable(path: certPath, reason: reason.message)
        }

        let key: NIOSSLPrivateKey
        switch loadPrivateKey(keyPath) {
        case .success(let loaded): key = loaded
        case .failure(let reason): throw .privateKeyUnusable(path: keyPath, reason: reason.message)
        }

        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        tls.minimumTLSVersion = .tlsv12
        tls.shutdownTimeout = closeNotifyTimeout

        if let caPath = configuration.clientCAPath {
            switch loadCertificates(caPath) {
            case .success(let authorities):
                // Verify the chain against these CAs only (not the system store); a client cert has
                // no host name to check. Both modes make BoringSSL fail the handshake without a cert.
                tls.certificateVerification = .noHostnameVerification
                tls.trustRoots = .certificates(authorities)
                tls.sendCANameList = true
            case .failure(let reason):
                throw .clientCAUnusable(path: caPath, reason: reason.message)
            }
        }

        // Building a context is what checks that the key belongs to the certificate.
        do {
            _ = try NIOSSLContext(configuration: tls)
        } catch NIOSSLError.failedToLoadPrivateKey {
            throw .privateKeyUnusable(path: keyPath, reason: "does not match the certificate in '\(certPath)'")
        } catch {
            throw .tlsSetupFailed(reason: String(describing: error))
        }
        return tls
    }

    struct Failure: Error {
        var message: String
    }

    private static func loadCertificates(_ path: String) -> Result<[NIOSSLCertificate], Failure> {
        readFile(path).flatMap { bytes in
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
            } catch {
                return .failure(Failure(message: "not a PEM certificate file (\(error))"))
            }
            guard !certificates.isEmpty else {
                return .failure(Failure(message: "contains no PEM certificate"))
            }
            return .success(certificates)
        }
    }

    private static func loadPrivateKey(_ path: String) -> Result<NIOSSLPrivateKey, Failure> {
        readFile(path).flatMap { bytes in
            do {
                return .success(try NIOSSLPrivateKey(bytes: bytes, format: .pem))
            } catch {
                return .failure(Failure(message: "not an unencrypted PEM private key (\(error))"))
            }
        }
    }

    /// Reads a whole file, reporting the system's reason (`No such file or directory`, `Permission denied`) on failure.
    static func readFile(_ path: String) -> Result<[UInt8], Failure> {
        guard !path.isEmpty else {
            return .failure(Failure(message: "no path given"))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(Failure(message: "cannot open: \(lastErrorMessage())"))
        }
        defer { _ = close(fd) }

        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return .failure(Failure(message: "cannot stat: \(lastErrorMessage())"))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(Failure(message: "not a regular file"))
        }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(message: "cannot read: \(lastErrorMessage())"))
            }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumPEMFileBytes {
                return .failure(Failure(message: "larger than \(maximumPEMFileBytes) bytes, not a PEM file"))
            }
        }
        guard !bytes.isEmpty else {
            return .failure(Failure(message: "file is empty"))
        }
        return .success(bytes)
    }

    private static func lastErrorMessage() -> String {
        String(cString: strerror(errno))
    }
}
