import CIsal

/// ISA-L's inflate state (tens of KiB) at a stable heap address, plus the fixed input buffer.
final class IgzipState {
    let state: UnsafeMutablePointer<inflate_state>
    let input: UnsafeMutableRawBufferPointer

    init(inputSize: Int) {
        state = .allocate(capacity: 1)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        input = .allocate(byteCount: inputSize, alignment: 64)
    }

    deinit {
        state.deallocate()
        input.deallocate()
    }
}

/// Decompresses gzip with Intel's ISA-L (`igzip`), about three times faster than zlib on this
/// machine (a 70 MB layer: 0.39 s against 1.28 s). Same contract as ``GzipByteSource``: streaming
/// with a fixed 256 KiB input buffer, concatenated members read as one stream, the gzip CRC and
/// length checked, and the decompressed-size and ratio limits enforced.
public struct IgzipByteSource<Upstream: ByteSource>: ByteSource {
    private var upstream: Upstream
    private let limits: ArchiveLimits
    private let box: IgzipState
    private var upstreamEnded = false
    private var finished = false
    private var totalIn = 0
    private var totalOut = 0

    public init(_ upstream: Upstream, limits: ArchiveLimits) throws(ImageError) {
        self.upstream = upstream
        self.limits = limits
        box = IgzipState(inputSize: 256 << 10)
    }

    private mutating func refill() throws(ImageError) -> Bool {
        let s = box.state
        if s.pointee.avail_in > 0 { return true }
        if upstreamEnded { return false }
        let n = try upstream.read(into: box.input)
        if n == 0 {
            upstreamEnded = true
            return false
        }
        s.pointee.next_in = box.input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        s.pointee.avail_in = UInt32(n)
        totalIn += n
        return true
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int {
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let s = box.state
        while true {
            let hasInput = try refill()
            if s.pointee.block_state == ISAL_BLOCK_FINISH {
                // A member ended: more input means another member, none means the end.
                guard hasInput else {
                    finished = true
                    return 0
                }
                let nextIn = s.pointee.next_in, availIn = s.pointee.avail_in
                isal_inflate_reset(s)
                s.pointee.crc_flag = UInt32(ISAL_GZIP)
                s.pointee.next_in = nextIn
                s.pointee.avail_in = availIn
            }
            s.pointee.next_out = base.assumingMemoryBound(to: UInt8.self)
            s.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
            let rc = isal_inflate(s)
            let produced = min(buffer.count, Int(UInt32.max)) - Int(s.pointee.avail_out)
            totalOut += produced
            switch rc {
            case ISAL_DECOMP_OK, ISAL_END_INPUT, ISAL_OUT_OVERFLOW:
                break
            case ISAL_NEED_DICT:
                throw ImageError(.corrupt, "gzip stream needs a preset dictionary")
            case ISAL_INCORRECT_CHECKSUM:
                throw ImageError(.corrupt, "gzip checksum mismatch near byte \(totalIn)")
            default:
                throw ImageError(.corrupt, "invalid compressed data near byte \(totalIn) (isa-l \(rc))")
            }
            if totalOut > limits.maxDecompressedBytes {
                throw ImageError(.limitExceeded, "decompressed size exceeds the limit of \(limits.maxDecompressedBytes) bytes")
            }
            if totalOut > GzipByteSource<Upstream>.ratioFloor, totalOut / max(totalIn, 1) > limits.maxCompressionRatio {
                throw ImageError(.limitExceeded,
                                 "compression ratio exceeds \(limits.maxCompressionRatio):1 (\(totalOut) bytes from \(totalIn)); possible decompression bomb")
            }
            if produced > 0 { return produced }
            if s.pointee.block_state != ISAL_BLOCK_FINISH, !hasInput {
                throw ImageError(.truncated, "compressed stream ends mid-member (after \(totalIn) bytes)")
            }
        }
    }
}
