import CZlib

/// In-memory gzip decompression with an output cap (feeds such as EPSS ship as `.csv.gz`).
public enum Gunzip {
    /// Inflates a gzip stream (concatenated members included).
    ///
    /// - Throws: ``ZipError`` when the stream is corrupt or inflates past `limit` bytes.
    public static func decompress(_ bytes: [UInt8], limit: Int) throws(ZipError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ZipError(.unsupported, "zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = bytes
        let total = input.count
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inBuf: inout UnsafeMutableBufferPointer<UInt8>) throws(ZipError) in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = UInt32(total)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                    throw ZipError(.corrupt, "gzip data is corrupt (zlib status \(status))")
                }
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= limit else {
                    throw ZipError(.limitExceeded, "gzip data inflates to more than \(limit) bytes")
                }
                if status == Z_STREAM_END && stream.avail_in > 0 {
                    inflateReset(&stream)
                    status = Z_OK
                }
                if status == Z_BUF_ERROR && produced == 0 {
                    throw ZipError(.truncated, "gzip data ends early")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
