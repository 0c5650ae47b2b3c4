/// Where and how ``AuditWebhookServer`` listens for the Kubernetes API server's audit webhook backend.
///
/// kube-apiserver's `--audit-webhook-config-file` is a kubeconfig whose `clusters[].cluster.server`
/// points at `https://<host>:<port><path>`; its `users[].user.client-certificate`/`client-key`
/// are what the server checks against ``clientCAPath`` when mutual TLS is on.
public struct AuditWebhookConfiguration: Sendable, Equatable {
    /// Address to bind, for example `"0.0.0.0"`, `"127.0.0.1"` or `"::"`.
    public var host: String
    /// TCP port to bind; `0` asks the system for a free port (see ``AuditWebhookServer/listeningPort``).
    public var port: Int
    /// PEM file holding the server certificate, optionally followed by its intermediates.
    public var certificatePath: String
    /// PEM file holding the (unencrypted) private key of the first certificate in ``certificatePath``.
    public var privateKeyPath: String
    /// When set, PEM bundle of CA certificates that must have signed the client's certificate:
    /// clients that present no certificate, or one not signed by these CAs, fail the TLS handshake.
    public var clientCAPath: String?
    /// Request path the webhook posts `audit.k8s.io/v1` `EventList` documents to.
    public var path: String
    /// Largest request body accepted; larger requests get `413 Content Too Large`.
    public var maxBodyBytes: Int

    public init(
        host: String,
        port: Int,
        certificatePath: String,
        privateKeyPath: String,
        clientCAPath: String? = nil,
        path: String = "/k8s-audit",
        maxBodyBytes: Int = 16 << 20
    ) {
        self.host = host
        self.port = port
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
        self.path = path
        self.maxBodyBytes = maxBodyBytes
    }

    /// Checks the values that do not need the file system; the PEM files are checked when the server starts.
    func validate() throws(AuditWebhookServerError) {
        if host.isEmpty {
            throw .invalidConfiguration("host must not be empty")
        }
        guard (0...65_535).contains(port) else {
            throw .invalidConfiguration("port \(port) is outside 0...65535")
        }
        guard path.hasPrefix("/"), !path.contains("?"), !path.contains("#") else {
            throw .invalidConfiguration("path \"\(path)\" must start with \"/\" and carry no query or fragment")
        }
        guard path != AuditWebhookResponder.healthPath else {
            throw .invalidConfiguration("path \"\(path)\" is reserved for the health check")
        }
        guard maxBodyBytes > 0 else {
            throw .invalidConfiguration("maxBodyBytes must be positive, got \(maxBodyBytes)")
        }
    }
}
