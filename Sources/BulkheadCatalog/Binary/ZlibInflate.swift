import CZlib

/// Inflates an in-memory zlib stream (RFC 1950) with a cap on the output size, for compressed
/// data embedded in binaries (`cargo auditable`'s `.dep-v0` section).
enum ZlibInflate {
    /// Why a stream could not be inflated.
    enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case corrupt(String)
        case overLimit(Int)
        case truncated

        var description: String {
            switch self {
            case .corrupt(let message): "corrupt zlib data (\(message))"
            case .overLimit(let limit): "inflates to more than \(limit) bytes"
            case .truncated: "zlib data ends before the end of the stream"
            }
        }
    }

    /// The inflated bytes of `input`, at most `limit` of them.
    static func inflate(_ input: ArraySlice<UInt8>, limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let outcome: Result<Void, Failure> = input.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress, source.count > 0 else { return .failure(.truncated) }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(source.count)
            return chunk.withUnsafeMutableBufferPointer { buffer in
                while true {
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    let rc = CZlib.inflate(&stream, Z_NO_FLUSH)
                    let produced = buffer.count - Int(stream.avail_out)
                    guard output.count + produced <= limit else { return .failure(.overLimit(limit)) }
                    output.append(contentsOf: buffer[0..<produced])
                    switch rc {
                    case Z_STREAM_END:
                        return .success(())
                    case Z_OK:
                        continue
                    case Z_BUF_ERROR where stream.avail_in == 0:
                        return .failure(.truncated)
                    default:
                        let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                        return .failure(.corrupt(message))
                    }
                }
            }
        }
        try outcome.get()
        return output
    }
}
