import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOConcurrencyHelpers
import NIOCore
public import ServiceLifecycle

/// HTTPS endpoint for the Kubernetes API server's audit webhook backend.
///
/// Each `POST` of an `audit.k8s.io/v1` `EventList` to ``AuditWebhookConfiguration/path`` is handed,
/// byte for byte, to the handler given at initialisation:
///
/// | request | answer |
/// | --- | --- |
/// | `POST path`, `Content-Type: application/json` | handler → `200 {"accepted": N}` or `400 {"error": reason}` |
/// | `POST path`, other content type | `415` |
/// | `POST path`, body over `maxBodyBytes` | `413`, connection closed, rest of the body unread |
/// | other method on `path` | `405` (`Allow: POST`) |
/// | `GET /healthz` | `200 ok` |
/// | anything else | `404` |
///
/// TLS 1.2 or later only; with ``AuditWebhookConfiguration/clientCAPath`` every connection
/// (health checks too) must present a client certificate signed by that CA.
///
/// The server is single-use: ``run()`` serves until its task is cancelled (or, inside a
/// `ServiceGroup`, until graceful shutdown), lets requests in flight finish, and returns.
public final class AuditWebhookServer: Sendable {
    /// Longest time in-flight requests get to finish once shutdown starts; connections still
    /// open then are closed.
    static let defaultGracefulShutdownLimit: Duration = .seconds(10)
    /// Connections that send nothing for this long are closed.
    static let idleTimeout: TimeAmount = .seconds(60)

    public let configuration: AuditWebhookConfiguration
    private let handler: @Sendable ([UInt8]) async -> AuditWebhookResult
    private let logger: Logger
    private let gracefulShutdownLimit: Duration
    private let state = NIOLockedValueBox(ListenerState())
    private let connections = ConnectionRegistry()

    /// - Parameters:
    ///   - configuration: where to listen and which PEM files to use; checked by ``run()``.
    ///   - logger: where the server logs (startup, connection errors).
    ///   - handler: called once per accepted request with the raw request body.
    public convenience init(
        configuration: AuditWebhookConfiguration,
        logger: Logger = Logger(label: "bulkhead.serve.audit-webhook"),
        handler: @escaping @Sendable ([UInt8]) async -> AuditWebhookResult
    ) {
        self.init(
            configuration: configuration,
            logger: logger,
            gracefulShutdownLimit: Self.defaultGracefulShutdownLimit,
            handler: handler
        )
    }

    /// Same, with the grace period exposed for tests.
    init(
        configuration: AuditWebhookConfiguration,
        logger: Logger,
        gracefulShutdownLimit: Duration,
        handler: @escaping @Sendable ([UInt8]) async -> AuditWebhookResult
    ) {
        self.configuration = configuration
        self.logger = logger
        self.gracefulShutdownLimit = gracefulShutdownLimit
        self.handler = handler
    }

    /// The port the listener is bound to while it is listening (useful with `port: 0`), else `nil`.
    public var listeningPort: Int? {
        state.withLockedValue { $0.listeningPort }
    }

    /// Waits until ``run()`` has bound its socket and returns the port.
    ///
    /// Throws the error that stopped ``run()`` if it failed before listening (for example
    /// ``AuditWebhookServerError/privateKeyUnusable(path:reason:)``), ``AuditWebhookServerError/notRunning``
    /// once the server has stopped, or `CancellationError` if the waiting task is cancelled.
    public func waitUntilListening() async throws -> Int {
        let id = state.withLockedValue { $0.makeWaiterID() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: ListenerState.Waiter) in
                let outcome = state.withLockedValue {
                    $0.wait(id: id, continuation: continuation, isCancelled: Task.isCancelled)
                }
                switch outcome {
                case .ready(let port): continuation.resume(returning: port)
                case .failed(let error): continuation.resume(throwing: error)
                case .parked: break
                }
            }
        } onCancel: {
            state.withLockedValue { $0.cancelWaiter(id: id) }?.resume(throwing: CancellationError())
        }
    }

    /// Starts listening and serves until the calling task is cancelled (or, inside a `ServiceGroup`,
    /// until graceful shutdown), then shuts down gracefully and returns without throwing: it stops
    /// accepting, closes idle connections, lets requests in flight finish for up to 10 s and then
    /// closes whatever is still open.
    ///
    /// Throws ``AuditWebhookServerError`` if the configuration or a PEM file is unusable, the
    /// listener cannot be bound, or the server was already started.
    public func run() async throws {
        // (No typed-throws closure here: Swift 6.3.1 crashes in IRGen reabstracting one for `withLockedValue`.)
        guard state.withLockedValue({ $0.start() }) else {
            throw AuditWebhookServerError.alreadyStarted
        }
        do {
            try await serve()
            finish(nil)
        } catch {
            let failure = self.classify(error)
            finish(failure)
            throw failure
        }
    }

    private func serve() async throws {
        try configuration.validate()
        let tls = try AuditWebhookTLS.makeServerConfiguration(configuration)

        let responder = AuditWebhookResponder(
            path: configuration.path,
            maxBodyBytes: configuration.maxBodyBytes,
            handler: handler
        )
        let connections = self.connections
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [connections.makeHandler()],
            idleTimeout: Self.idleTimeout
        )
        let application = Application(
            responder: responder,
            server: try .tls(.http1(configuration: http1), tlsConfiguration: tls),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { [state] channel in
                // Hummingbird itself logs "Server started and listening on host:port".
                let port = channel.localAddress?.port ?? 0
                for waiter in state.withLockedValue({ $0.markListening(port: port) }) {
                    waiter.resume(returning: port)
                }
            },
            logger: logger
        )

        var groupConfiguration = ServiceGroupConfiguration(services: [application], logger: logger)
        // Backstop only: connections are closed at the grace limit below.
        groupConfiguration.maximumGracefulShutdownDuration = gracefulShutdownLimit + .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)

        // The group runs in its own task so that cancelling *our* task becomes a graceful
        // shutdown instead of tearing down connections with requests in flight.
        let serving = Task { try await group.run() }
        let shutdown = ShutdownTimer(limit: gracefulShutdownLimit) {
            await group.triggerGracefulShutdown()
        } onLimit: {
            connections.closeAll()
        }
        defer { shutdown.cancel() }
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await serving.value
            } onCancel: {
                shutdown.start()
            }
        } onGracefulShutdown: {
            shutdown.start()
        }
    }

    private func finish(_ error: AuditWebhookServerError?) {
        let waiters = state.withLockedValue { $0.markStopped(error) }
        for waiter in waiters {
            waiter.resume(throwing: error ?? .notRunning)
        }
    }

    /// Our own errors pass through; anything thrown before the socket was bound is a listen failure.
    private func classify(_ error: any Error) -> AuditWebhookServerError {
        if let own = error as? AuditWebhookServerError {
            return own
        }
        let reason = String(describing: error)
        guard listeningPort != nil else {
            return .listenFailed(host: configuration.host, port: configuration.port, reason: reason)
        }
        return .serverFailed(reason: reason)
    }
}

/// Lets the server run inside a `ServiceGroup`, which then shuts it down gracefully on its signals.
extension AuditWebhookServer: Service {}
