import Hummingbird
import NIOCore

/// Request context that keeps the connection's channel, so a response can close the connection
/// instead of letting the server drain an oversized request body.
struct AuditWebhookRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
