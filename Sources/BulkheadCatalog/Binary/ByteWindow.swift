/// Random access to a file's bytes, either all in memory or fetched on first use in aligned
/// blocks, so a reader of headers and tables (an ELF file's header, program and section headers
/// and a few sections) reads kilobytes of a binary instead of all of it.
///
/// Reads outside the file, or that the fetch cannot serve, give `nil`: to an ELF parser that is
/// the same as a table that lies outside the file.
final class ByteWindow: @unchecked Sendable {
    /// The file's size.
    let count: Int
    /// Fetched pieces, each (offset of its first byte, bytes); few per file.
    private var chunks: [(start: Int, bytes: [UInt8])]
    private let fetch: ((Range<Int>) -> (offset: Int, bytes: [UInt8])?)?
    /// Fetches are rounded out to this alignment.
    static let blockSize = 16 << 10

    /// Everything in memory already.
    init(_ bytes: [UInt8]) {
        count = bytes.count
        chunks = [(0, bytes)]
        fetch = nil
    }

    /// A file of `count` bytes read through `fetch`, which returns bytes covering at least the
    /// range it is given (and where they start), or `nil` when the file cannot be read.
    init(count: Int, fetch: @escaping (Range<Int>) -> (offset: Int, bytes: [UInt8])?) {
        self.count = count
        chunks = []
        self.fetch = fetch
    }

    /// Bytes `offset ..< offset + length`, or `nil` when they are not all inside the file.
    func slice(_ offset: Int, _ length: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else { return nil }
        if let hit = cached(offset, length) { return hit }
        guard let fetch else { return nil }
        let block = Self.blockSize
        let start = offset / block * block
        let end = min(count, (offset + length + block - 1) / block * block)
        guard let (at, bytes) = fetch(start..<end), at <= offset, at + bytes.count >= offset + length else { return nil }
        chunks.append((at, bytes))
        return cached(offset, length)
    }

    private func cached(_ offset: Int, _ length: Int) -> ArraySlice<UInt8>? {
        for (start, bytes) in chunks where start <= offset && offset + length <= start + bytes.count {
            let from = offset - start
            return bytes[from..<(from + length)]
        }
        return nil
    }
}
