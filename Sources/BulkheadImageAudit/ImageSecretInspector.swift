import BulkheadCore
import BulkheadImage
import BulkheadSecrets
import Dispatch
import Foundation

/// Scans every regular file of every layer for secrets while the resolver streams the layers, so a
/// secret that a later layer deletes (still in the image, one `tar -x` away) is found and named by
/// the layer that holds it.
public final class ImageSecretInspector: LayerFileInspector, @unchecked Sendable {
    public struct LayerMatch: Sendable, Hashable {
        public var match: SecretMatch
        /// The layer's digest label.
        public var layer: String
    }

    let scanner: SecretScanner
    let maxFileBytes: Int
    /// Text files up to this size are copied and scanned on another core while the layer keeps
    /// streaming; larger ones are scanned in place, piece by piece.
    static let handOffBytes = 1 << 20
    /// At most this many bytes wait for a worker (bounded memory whatever the layer holds).
    static let maxPendingBytes = 32 << 20
    private let queue = DispatchQueue(label: "bulkhead.secret-scan", attributes: .concurrent)
    private let group = DispatchGroup()
    private let budget = DispatchSemaphore(value: ImageSecretInspector.maxPendingBytes >> 16)
    private let lock = NSLock()
    private var found: [LayerMatch] = []
    private var files = 0
    private var bytes = 0

    public init(scanner: SecretScanner, maxFileBytes: Int = 64 << 20) {
        self.scanner = scanner
        self.maxFileBytes = maxFileBytes
    }

    public func wants(path: String, size: Int, mode: UInt32) -> Bool {
        size > 0 && size <= maxFileBytes && !ContentSniffer.isBinaryByName(path)
    }

    public func inspect(layer: String, path: String, size: Int,
                        stream: ((UnsafeRawBufferPointer) -> Bool) throws(ImageError) -> Void) throws(ImageError) {
        if size <= Self.handOffBytes {
            // Copy, check the head, and hand the scan to a worker.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(size)
            var binary = false
            try stream { piece in
                if bytes.isEmpty, ContentSniffer.isBinary(piece) { binary = true; return false }
                bytes.append(contentsOf: piece)
                return true
            }
            guard !binary else { return }
            let units = max(1, bytes.count >> 16)
            for _ in 0..<units { budget.wait() }
            let contents = bytes
            queue.async(group: group) { [self] in
                let matches = scanner.scan(contents, path: path)
                record(matches, layer: layer, bytes: contents.count)
                for _ in 0..<units { budget.signal() }
            }
            return
        }
        var session = SecretScanner.Session(scanner: scanner, path: path)
        var first = true
        var binary = false
        var seen = 0
        try stream { piece in
            if first {
                first = false
                if ContentSniffer.isBinary(piece) { binary = true; return false }
            }
            seen += piece.count
            session.feed(piece)
            return true
        }
        guard !binary else { return }
        record(session.finish(), layer: layer, bytes: seen)
    }

    private func record(_ matches: [SecretMatch], layer: String, bytes seen: Int) {
        lock.lock()
        files += 1
        bytes += seen
        found += matches.map { LayerMatch(match: $0, layer: layer) }
        lock.unlock()
    }

    /// Waits for the workers.
    public func finishLayers() { group.wait() }

    /// Everything found, in layer order then path and position.
    public func results(layerOrder: [String]) -> (matches: [LayerMatch], files: Int, bytes: Int) {
        group.wait()
        lock.lock(); defer { lock.unlock() }
        let rank = Dictionary(layerOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let sorted = found.sorted {
            (rank[$0.layer] ?? Int.max, $0.match.path, $0.match.line, $0.match.column)
                < (rank[$1.layer] ?? Int.max, $1.match.path, $1.match.line, $1.match.column)
        }
        return (sorted, files, bytes)
    }
}
