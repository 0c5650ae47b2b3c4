import NIOConcurrencyHelpers
import NIOCore

/// Open client connections, so that shutdown can close the ones still busy once the grace
/// period is over. (Cancelling Hummingbird's connection tasks asks the channel to close its
/// input, which NIOSSL does not support: over TLS a stalled upload would otherwise hold
/// shutdown until the idle timeout.)
final class ConnectionRegistry: Sendable {
    private let channels = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])

    var count: Int { channels.withLockedValue { $0.count } }

    /// A fresh handler for one connection's pipeline; it registers the channel when added.
    func makeHandler() -> any RemovableChannelHandler {
        Handler(registry: self)
    }

    /// Closes every registered connection (TLS close_notify first, then the socket).
    func closeAll() {
        let open = channels.withLockedValue { Array($0.values) }
        for channel in open {
            channel.close(mode: .all, promise: nil)
        }
    }

    private func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        channels.withLockedValue { $0[id] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = self.channels.withLockedValue { $0.removeValue(forKey: id) }
        }
    }

    private final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny

        private let registry: ConnectionRegistry

        init(registry: ConnectionRegistry) {
            self.registry = registry
        }

        func handlerAdded(context: ChannelHandlerContext) {
            registry.add(context.channel)
        }
    }
}
