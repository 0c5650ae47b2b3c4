#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the image resolver keeps the contents of wanted files: small files in memory up to a
/// budget, everything else appended to one spill file in a private temporary directory (mode
/// 0700, removed when the store goes away). Memory stays bounded whatever the image holds.
final class ContentStore: @unchecked Sendable {
    /// A kept file's contents.
    enum Ref: Sendable, Hashable {
        case memory([UInt8])
        case spilled(offset: Int, length: Int)
        /// Bytes left where they are in an uncompressed input file (never copied).
        case inPlace(path: String, offset: Int, length: Int)
    }

    /// Largest file kept in memory.
    let memoryFileLimit: Int
    /// Total bytes kept in memory before everything spills.
    let memoryBudget: Int
    private var memoryUsed = 0
    private var directory: String?
    private var fd: Int32 = -1
    private var spillEnd = 0

    init(memoryFileLimit: Int = 1 << 20, memoryBudget: Int = 64 << 20) {
        self.memoryFileLimit = memoryFileLimit
        self.memoryBudget = memoryBudget
    }

    deinit {
        if fd >= 0 { close(fd) }
        if let directory {
            unlink(directory + "/contents")
            rmdir(directory)
        }
    }

    /// Bytes currently spilled to disk (for tests and progress).
    var spilledBytes: Int { spillEnd }

    /// Whether a file of `size` bytes would be kept in memory.
    func fitsInMemory(_ size: Int) -> Bool {
        size <= memoryFileLimit && memoryUsed + size <= memoryBudget
    }

    func keepInMemory(_ bytes: [UInt8]) -> Ref {
        memoryUsed += bytes.count
        return .memory(bytes)
    }

    /// Starts a spilled file; append its pieces with ``append(_:)`` then call ``finishSpill(start:)``.
    func beginSpill() throws(ImageError) -> Int {
        if fd < 0 { try openSpillFile() }
        return spillEnd
    }

    func append(_ piece: UnsafeRawBufferPointer) throws(ImageError) {
        var done = 0
        while done < piece.count {
            let n = pwrite(fd, piece.baseAddress! + done, piece.count - done, off_t(spillEnd))
            guard n > 0 else {
                throw ImageError(.limitExceeded, "cannot write the spill file in \(directory ?? "?"): \(String(cString: strerror(errno)))")
            }
            done += n
            spillEnd += n
        }
    }

    func finishSpill(start: Int) -> Ref { .spilled(offset: start, length: spillEnd - start) }

    /// Forgets the bytes appended since `start` (a file that turned out not to be wanted).
    func abandonSpill(start: Int) {
        spillEnd = start
    }

    /// The contents behind `ref`.
    func bytes(_ ref: Ref) throws(ImageError) -> [UInt8] {
        switch ref {
        case .memory(let bytes): return bytes
        case .spilled(_, let length), .inPlace(_, _, let length): return try self.bytes(ref, range: 0..<length)
        }
    }

    /// Bytes `range` (already clamped to the contents) of the contents behind `ref`.
    func bytes(_ ref: Ref, range: Range<Int>) throws(ImageError) -> [UInt8] {
        switch ref {
        case .memory(let bytes):
            return Array(bytes[range.clamped(to: bytes.indices)])
        case .inPlace(let path, let offset, _):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ImageError(.unreadable, "cannot reopen \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            return try Self.readExactly(fd, offset: offset + range.lowerBound, length: range.count, name: path)
        case .spilled(let offset, _):
            return try Self.readExactly(fd, offset: offset + range.lowerBound, length: range.count, name: "the spill file")
        }
    }

    private func openSpillFile() throws(ImageError) {
        let dir = try Self.makePrivateDirectory(prefix: "bulkhead", failure: .limitExceeded)
        directory = dir
        fd = open(dir + "/contents", O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ImageError(.limitExceeded, "cannot create the spill file in \(dir): \(String(cString: strerror(errno)))")
        }
    }

    /// `length` bytes at `offset` of `fd`; `truncated` when the file ends first.
    static func readExactly(_ fd: Int32, offset: Int, length: Int, name: String) throws(ImageError) -> [UInt8] {
        var done = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
            while done < length {
                let n = pread(fd, buffer.baseAddress! + done, length - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            count = done
        }
        guard done == length else { throw ImageError(.truncated, "\(name) ended at \(offset + done), before \(offset + length)") }
        return bytes
    }

    /// A new directory only this user can enter (`mkdtemp`, mode 0700) under `$TMPDIR` or `/tmp`:
    /// the temporary work area for spill files and registry downloads.
    static func makePrivateDirectory(prefix: String, failure code: ImageError.Code) throws(ImageError) -> String {
        var base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        if base.isEmpty { base = "/tmp" }
        var template = Array((base + "/" + prefix + "-XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw ImageError(code, "cannot create a temporary directory under \(base): \(String(cString: strerror(errno)))")
        }
        return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }
}
