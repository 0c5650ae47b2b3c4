import CZstd

/// libzstd's streaming decoder plus its fixed input buffer, freed when the last copy goes away.
final class ZstdState {
    let stream: OpaquePointer
    let input: UnsafeMutableRawBufferPointer
    var inBuffer: ZSTD_inBuffer

    init() throws(ImageError) {
        guard let s = ZSTD_createDStream() else { throw ImageError(.limitExceeded, "zstd: cannot allocate a decoder") }
        stream = s
        input = .allocate(byteCount: ZSTD_DStreamInSize(), alignment: 16)
        inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: 0, pos: 0)
        // Window sizes above 128 MiB (2^27) are refused: a layer asking for more is hostile or exotic.
        _ = ZSTD_DCtx_setParameter(s, ZSTD_d_windowLogMax, 27)
    }

    deinit {
        ZSTD_freeDStream(stream)
        input.deallocate()
    }
}

/// Decompresses a zstd stream (OCI `+zstd` layers) from `upstream` with a fixed input buffer.
/// Concatenated frames are read as one stream. Enforces the same decompressed-size and
/// compression-ratio limits as ``GzipByteSource``.
public struct ZstdByteSource<Upstream: ByteSource>: ByteSource {
    private var upstream: Upstream
    private let limits: ArchiveLimits
    private let state: ZstdState
    private var upstreamEnded = false
    private var totalIn = 0
    private var totalOut = 0
    /// The last `ZSTD_decompressStream` result: 0 means a frame just ended.
    private var lastHint = 1

    public init(_ upstream: Upstream, limits: ArchiveLimits) throws(ImageError) {
        self.upstream = upstream
        self.limits = limits
        state = try ZstdState()
    }

    private mutating func refill() throws(ImageError) -> Bool {
        if state.inBuffer.pos < state.inBuffer.size { return true }
        if upstreamEnded { return false }
        let n = try upstream.read(into: state.input)
        if n == 0 {
            upstreamEnded = true
            return false
        }
        state.inBuffer.size = n
        state.inBuffer.pos = 0
        totalIn += n
        return true
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let hasInput = try refill()
            if !hasInput {
                if lastHint == 0 { return 0 }
                throw ImageError(.truncated, "zstd stream ends inside a frame (after \(totalIn) bytes)")
            }
            var out = ZSTD_outBuffer(dst: base, size: buffer.count, pos: 0)
            let rc = ZSTD_decompressStream(state.stream, &out, &state.inBuffer)
            if ZSTD_isError(rc) != 0 {
                throw ImageError(.corrupt, "invalid zstd data near byte \(totalIn): \(String(cString: ZSTD_getErrorName(rc)))")
            }
            lastHint = rc
            totalOut += out.pos
            if totalOut > limits.maxDecompressedBytes {
                throw ImageError(.limitExceeded, "decompressed size exceeds the limit of \(limits.maxDecompressedBytes) bytes")
            }
            if totalOut > GzipByteSource<Upstream>.ratioFloor, totalOut / max(totalIn, 1) > limits.maxCompressionRatio {
                throw ImageError(.limitExceeded,
                                 "compression ratio exceeds \(limits.maxCompressionRatio):1 (\(totalOut) bytes from \(totalIn)); possible decompression bomb")
            }
            if out.pos > 0 { return out.pos }
        }
    }
}
