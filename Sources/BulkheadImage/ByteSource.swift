#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sequential bytes. `read` returns 0 at end of stream (and only then, for a non-empty buffer).
public protocol ByteSource {
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int
    /// Skips up to `count` bytes; returns how many were skipped (fewer only at the end). Sources
    /// that can seek do so; the default reads and discards.
    mutating func skip(_ count: Int) throws(ImageError) -> Int
}

extension ByteSource {
    public mutating func skip(_ count: Int) throws(ImageError) -> Int {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: min(max(count, 1), 1 << 16), alignment: 16)
        defer { scratch.deallocate() }
        var done = 0
        while done < count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<min(scratch.count, count - done)]))
            if n == 0 { break }
            done += n
        }
        return done
    }
}

/// An in-memory byte source.
public struct BytesByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func skip(_ count: Int) throws(ImageError) -> Int {
        let n = min(count, bytes.count - offset)
        offset += n
        return n
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0, let base = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { src in base.copyMemory(from: src.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}

/// Owns a file descriptor; closed when the last copy of the source goes away.
final class FileDescriptorBox {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }
    deinit { _ = close(fd) }
}

/// Bytes of a file, or of a window (`offset`, `length`) of it, read with `pread` so copies
/// sharing the descriptor never disturb each other's position.
public struct FileByteSource: ByteSource {
    private let box: FileDescriptorBox
    /// The file read.
    let path: String
    /// Where the window starts in the file (0 for a whole file): stream offset + origin = file offset.
    let origin: Int
    private var position: Int
    private let end: Int?

    public init(path: String) throws(ImageError) {
        box = try Self.open(path)
        self.path = path
        origin = 0
        position = 0
        end = nil
    }

    /// A window of `length` bytes starting at `offset`; reading past the file's end is `truncated`.
    public init(path: String, offset: Int, length: Int) throws(ImageError) {
        guard offset >= 0, length >= 0, offset <= Int.max - length else {
            throw ImageError(.corrupt, "invalid byte range \(offset)+\(length)", location: path)
        }
        box = try Self.open(path)
        self.path = path
        origin = offset
        position = offset
        end = offset + length
    }

    private static func open(_ path: String) throws(ImageError) -> FileDescriptorBox {
        #if canImport(Glibc)
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        #else
        let fd = Darwin.open(path, O_RDONLY | O_CLOEXEC)
        #endif
        guard fd >= 0 else {
            let code: ImageError.Code = errno == ENOENT ? .notFound : .unreadable
            throw ImageError(code, "cannot open: \(String(cString: strerror(errno)))", location: path)
        }
        return FileDescriptorBox(fd: fd)
    }

    /// Seeks: skipping never reads. Within a window the skip stops at the window's end; for a
    /// whole file at its current size.
    public mutating func skip(_ count: Int) throws(ImageError) -> Int {
        var limit = end
        if limit == nil {
            var st = stat()
            guard fstat(box.fd, &st) == 0 else {
                throw ImageError(.unreadable, "fstat failed: \(String(cString: strerror(errno)))", location: path)
            }
            limit = Int(st.st_size)
        }
        let n = max(0, min(count, limit! - position))
        position += n
        return n
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var want = buffer.count
        if let end {
            want = min(want, end - position)
            if want == 0 { return 0 }
        }
        while true {
            let n = pread(box.fd, base, want, off_t(position))
            if n < 0 {
                if errno == EINTR { continue }
                throw ImageError(.unreadable, "read failed: \(String(cString: strerror(errno)))", location: path)
            }
            if n == 0, end != nil {
                throw ImageError(.truncated, "file ends before the end of byte range (at offset \(position))",
                                 location: path)
            }
            position += n
            return n
        }
    }
}
