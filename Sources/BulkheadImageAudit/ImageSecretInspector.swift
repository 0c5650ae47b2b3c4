import BulkheadCore
import BulkheadImage
import BulkheadSecrets
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
        let matches = session.finish()
        lock.lock()
        files += 1
        bytes += seen
        found += matches.map { LayerMatch(match: $0, layer: layer) }
        lock.unlock()
    }

    public func finishLayers() {}

    /// Everything found, in layer order then path and position.
    public func results(layerOrder: [String]) -> (matches: [LayerMatch], files: Int, bytes: Int) {
        lock.lock(); defer { lock.unlock() }
        let rank = Dictionary(layerOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let sorted = found.sorted {
            (rank[$0.layer] ?? Int.max, $0.match.path, $0.match.line, $0.match.column)
                < (rank[$1.layer] ?? Int.max, $1.match.path, $1.match.line, $1.match.column)
        }
        return (sorted, files, bytes)
    }
}
