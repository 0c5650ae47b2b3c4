/// Why ``AuditWebhookServer/run()`` could not start or keep serving.
///
/// Errors about files name the file, so an operator can tell which of the three PEM paths is wrong.
public enum AuditWebhookServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration value is out of range (port, path, body limit, empty host).
    case invalidConfiguration(String)
    /// The certificate chain file cannot be read or holds no usable PEM certificate.
    case certificateChainUnusable(path: String, reason: String)
    /// The private key file cannot be read, is not an unencrypted PEM key, or does not match the certificate.
    case privateKeyUnusable(path: String, reason: String)
    /// The client CA file cannot be read or holds no usable PEM certificate.
    case clientCAUnusable(path: String, reason: String)
    /// The TLS context could not be built from otherwise readable files.
    case tlsSetupFailed(reason: String)
    /// Binding or starting the listener failed (address in use, unknown host, ...).
    case listenFailed(host: String, port: Int, reason: String)
    /// The server failed after it had started listening.
    case serverFailed(reason: String)
    /// ``AuditWebhookServer/run()`` was called on a server that has already been started.
    case alreadyStarted
    /// The server has stopped (or stopped before it ever listened).
    case notRunning

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return "invalid audit webhook configuration: \(message)"
        case .certificateChainUnusable(let path, let reason):
            return "TLS certificate file '\(path)': \(reason)"
        case .privateKeyUnusable(let path, let reason):
            return "TLS private key file '\(path)': \(reason)"
        case .clientCAUnusable(let path, let reason):
            return "client CA file '\(path)': \(reason)"
        case .tlsSetupFailed(let reason):
            return "TLS setup failed: \(reason)"
        case .listenFailed(let host, let port, let reason):
            let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            return "cannot listen on \(address): \(reason)"
        case .serverFailed(let reason):
            return "audit webhook server failed: \(reason)"
        case .alreadyStarted:
            return "the audit webhook server has already been started"
        case .notRunning:
            return "the audit webhook server is not running"
        }
    }
}
