import CZlib

/// zlib state at a stable address (zlib keeps a back-pointer to its `z_stream`), plus the
/// fixed input buffer. Freed with `inflateEnd` when the last copy of the source goes away.
final class InflateState {
    let stream: UnsafeMutablePointer<z_stream>
    let input: UnsafeMutableRawBufferPointer
    var initialised = false

    init(inputSize: Int) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: inputSize, alignment: 16)
    }

    deinit {
        if initialised { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }
}

/// Decompresses a gzip (or zlib) stream from `upstream`, streaming with a fixed 64 KiB input
/// buffer. Concatenated gzip members are read as one stream. Enforces
/// ``ArchiveLimits/maxDecompressedBytes`` and ``ArchiveLimits/maxCompressionRatio`` (the ratio
/// only once more than 1 MiB has been produced).
public struct GzipByteSource<Upstream: ByteSource>: ByteSource {
    private var upstream: Upstream
    private let limits: ArchiveLimits
    private let state: InflateState
    private var upstreamEnded = false
    private var finished = false
    private var totalIn = 0
    private var totalOut = 0
    /// True right after a member ended: more input means another member.
    private var betweenMembers = false

    static var ratioFloor: Int { 1 << 20 }

    public init(_ upstream: Upstream, limits: ArchiveLimits) throws(ImageError) {
        self.upstream = upstream
        self.limits = limits
        state = InflateState(inputSize: 64 << 10)
        let rc = inflateInit2_(state.stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            throw ImageError(.unsupported, "zlib inflateInit2 failed (\(rc))")
        }
        state.initialised = true
    }

    /// Refills the input buffer if empty; returns false at upstream end.
    private mutating func refill() throws(ImageError) -> Bool {
        if state.stream.pointee.avail_in > 0 { return true }
        if upstreamEnded { return false }
        let n = try upstream.read(into: state.input)
        if n == 0 {
            upstreamEnded = true
            return false
        }
        state.stream.pointee.next_in = state.input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        state.stream.pointee.avail_in = uInt(n)
        return true
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int {
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let strm = state.stream
        while true {
            let hasInput = try refill()
            if betweenMembers {
                guard hasInput else {
                    finished = true
                    return 0
                }
                guard inflateReset(strm) == Z_OK else { throw ImageError(.corrupt, "zlib inflateReset failed") }
                betweenMembers = false
            }
            let chunk = min(buffer.count, Int(UInt32.max))
            strm.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
            strm.pointee.avail_out = uInt(chunk)
            let inBefore = Int(strm.pointee.avail_in)
            let rc = inflate(strm, Z_NO_FLUSH)
            let produced = chunk - Int(strm.pointee.avail_out)
            totalIn += inBefore - Int(strm.pointee.avail_in)
            totalOut += produced
            switch rc {
            case Z_OK, Z_STREAM_END:
                break
            case Z_BUF_ERROR:
                // No progress possible: needs input and there is none.
                if !hasInput { throw ImageError(.truncated, "compressed stream ends mid-member (after \(totalIn) bytes)") }
            case Z_NEED_DICT:
                throw ImageError(.corrupt, "zlib stream needs a preset dictionary")
            case Z_MEM_ERROR:
                throw ImageError(.limitExceeded, "zlib out of memory")
            default:
                let msg = strm.pointee.msg.map { String(cString: $0) } ?? "code \(rc)"
                throw ImageError(.corrupt, "invalid compressed data at byte \(totalIn): \(msg)")
            }
            if totalOut > limits.maxDecompressedBytes {
                throw ImageError(.limitExceeded,
                                 "decompressed size exceeds the limit of \(limits.maxDecompressedBytes) bytes")
            }
            if totalOut > Self.ratioFloor, totalOut / max(totalIn, 1) > limits.maxCompressionRatio {
                throw ImageError(.limitExceeded,
                                 "compression ratio exceeds \(limits.maxCompressionRatio):1 (\(totalOut) bytes from \(totalIn)); possible decompression bomb")
            }
            if rc == Z_STREAM_END { betweenMembers = true }
            if produced > 0 { return produced }
            if rc != Z_STREAM_END, !hasInput {
                throw ImageError(.truncated, "compressed stream ends mid-member (after \(totalIn) bytes)")
            }
        }
    }
}
