import Foundation
import Testing

@testable import BulkheadImage

@Suite("Gzip byte sources: zlib and ISA-L igzip, one contract")
struct GzipByteSourceTests {
    typealias F = ArchiveFixture

    func drain<S: ByteSource>(_ source: inout S, chunk: Int = 1 << 16) throws(ImageError) -> [UInt8] {
        var out: [UInt8] = []
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
        defer { buf.deallocate() }
        while true {
            let n = try source.read(into: buf)
            if n == 0 { return out }
            out += buf[0..<n]
        }
    }

    /// Reads and discards, returning the byte count (for large streams).
    func count<S: ByteSource>(_ source: inout S) throws(ImageError) -> Int {
        var total = 0
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { buf.deallocate() }
        while true {
            let n = try source.read(into: buf)
            if n == 0 { return total }
            total += n
        }
    }

    @Test("gzip output round-trips, also in tiny reads and through a file window", arguments: Inflater.allCases)
    func roundTrip(_ inflater: Inflater) throws {
        let dir = try F.tempDir()
        try F.sh("cd '\(dir)' && head -c 300000 /dev/urandom > plain && (cat plain plain plain) | gzip -6 > plain.gz && cat plain plain plain > plain3")
        let expected = try F.bytes(dir + "/plain3")
        var gz = try inflater.open(try FileByteSource(path: dir + "/plain.gz"), limits: .default)
        #expect(try drain(&gz) == expected)
        var small = try inflater.open(OneByte(inner: BytesByteSource(try F.bytes(dir + "/plain.gz"))), limits: .default)
        #expect(try drain(&small, chunk: 7) == expected)
        // A window: the gzip member embedded at offset 10 of a larger file.
        let gzBytes = try F.bytes(dir + "/plain.gz")
        try Data([UInt8](repeating: 9, count: 10) + gzBytes + [1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/embedded"))
        var window = try inflater.open(try FileByteSource(path: dir + "/embedded", offset: 10, length: gzBytes.count),
                                        limits: .default)
        #expect(try drain(&window) == expected)
    }

    @Test("concatenated gzip members read as one stream; zlib streams are auto-detected", arguments: Inflater.allCases)
    func members(_ inflater: Inflater) throws {
        let dir = try F.tempDir()
        try F.sh("cd '\(dir)' && printf 'hello ' | gzip > a.gz && printf 'world' | gzip -9 > b.gz && : | gzip > c.gz && cat a.gz c.gz b.gz > ab.gz")
        var gz = try inflater.open(try FileByteSource(path: dir + "/ab.gz"), limits: .default)
        #expect(String(decoding: try drain(&gz), as: UTF8.self) == "hello world")
        guard inflater == .zlib else { return }  // ISA-L reads gzip members only; zlib streams are zlib's
        try F.python("import zlib\nopen('z.bin','wb').write(zlib.compress(b'zlib data'))", in: dir)
        var z = try inflater.open(try FileByteSource(path: dir + "/z.bin"), limits: .default)
        #expect(String(decoding: try drain(&z), as: UTF8.self) == "zlib data")
    }

    @Test("a gzip bomb (1 GiB of zeros) stops at maxDecompressedBytes", arguments: Inflater.allCases)
    func bomb(_ inflater: Inflater) throws {
        let dir = try F.tempDir()
        try F.sh("head -c 1G /dev/zero | gzip -1 > '\(dir)/bomb.gz'")
        let limits = ArchiveLimits(maxDecompressedBytes: 100 << 20)
        var gz = try inflater.open(try FileByteSource(path: dir + "/bomb.gz"), limits: limits)
        let err = try #require(F.error { () throws(ImageError) in _ = try count(&gz) })
        #expect(err.code == .limitExceeded)
        #expect(err.message.contains("\(100 << 20)"))
        // The default ratio limit (1000:1) is not tripped by gzip -1 zeros; a strict one is.
        var strict = try inflater.open(try FileByteSource(path: dir + "/bomb.gz"),
                                        limits: ArchiveLimits(maxCompressionRatio: 50))
        let ratio = try #require(F.error { () throws(ImageError) in _ = try count(&strict) })
        #expect(ratio.code == .limitExceeded)
        #expect(ratio.message.contains("ratio"))
    }

    @Test("small highly compressible blobs are not ratio-limited", arguments: Inflater.allCases)
    func smallRatio(_ inflater: Inflater) throws {
        let dir = try F.tempDir()
        try F.sh("head -c 1000000 /dev/zero | gzip -9 > '\(dir)/z.gz'")
        var gz = try inflater.open(try FileByteSource(path: dir + "/z.gz"), limits: ArchiveLimits(maxCompressionRatio: 2))
        #expect(try count(&gz) == 1_000_000)
    }

    @Test("truncated and corrupt gzip streams are typed errors", arguments: Inflater.allCases)
    func badStreams(_ inflater: Inflater) throws {
        let dir = try F.tempDir()
        try F.sh("head -c 200000 /dev/urandom | gzip > '\(dir)/r.gz'")
        let good = try F.bytes(dir + "/r.gz")
        for cut in [5, 20, good.count / 2, good.count - 4] {
            var gz = try inflater.open(BytesByteSource(Array(good[..<cut])), limits: .default)
            #expect(F.code { () throws(ImageError) in _ = try drain(&gz) } == .truncated, "cut at \(cut)")
        }
        var empty = try inflater.open(BytesByteSource([]), limits: .default)
        #expect(F.code { () throws(ImageError) in _ = try drain(&empty) } == .truncated)
        var garbage = try inflater.open(BytesByteSource(Array("definitely not gzip".utf8)), limits: .default)
        #expect(F.code { () throws(ImageError) in _ = try drain(&garbage) } == .corrupt)
        var flipped = good
        flipped[good.count / 2] ^= 0xFF
        flipped[good.count / 2 + 1] ^= 0xFF
        var bad = try inflater.open(BytesByteSource(flipped), limits: .default)
        #expect(F.code { () throws(ImageError) in _ = try drain(&bad) } == .corrupt)
        var trailing = try inflater.open(BytesByteSource(good + Array("junk after the member".utf8)), limits: .default)
        #expect(F.code { () throws(ImageError) in _ = try drain(&trailing) } == .corrupt)
    }

    @Test("a tar.gz made by GNU tar streams through TarReader", arguments: Inflater.allCases)
    func tarGz(_ inflater: Inflater) throws {
        let dir = try F.tempDir()
        try F.sh("""
            cd '\(dir)' && mkdir -p src/etc && printf 'root:x:0:0\\n' > src/etc/passwd &&
            head -c 100000 /dev/urandom > src/blob && tar --format=pax -czf a.tar.gz -C src .
            """)
        let gz = try inflater.open(try FileByteSource(path: dir + "/a.tar.gz"), limits: .default)
        let entries = try F.readAll(gz)
        #expect(Set(entries.map(\.0.path)) == ["", "etc", "etc/passwd", "blob"])
        #expect(entries.first { $0.0.path == "etc/passwd" }?.1 == Array("root:x:0:0\n".utf8))
        #expect(entries.first { $0.0.path == "blob" }?.1 == (try F.bytes(dir + "/src/blob")))
    }

    @Test("missing files are notFound; a window past the end is truncated")
    func files() throws {
        #expect(F.code { () throws(ImageError) in _ = try FileByteSource(path: "/nonexistent/bulkhead") } == .notFound)
        let dir = try F.tempDir()
        try F.sh("printf 'abc' > '\(dir)/f'")
        var w = try FileByteSource(path: dir + "/f", offset: 1, length: 10)
        #expect(F.code { () throws(ImageError) in _ = try drain(&w) } == .truncated)
        var ok = try FileByteSource(path: dir + "/f", offset: 1, length: 2)
        #expect(try drain(&ok) == Array("bc".utf8))
    }

    @Test("igzip and zlib produce identical bytes on random, compressible and multi-member streams")
    func agreesWithZlib() throws {
        let dir = try F.tempDir()
        try F.sh("cd '\(dir)' && head -c 3000000 /dev/urandom > r && yes 'bulkhead layer line' | head -c 5000000 > y && cat r y r > m && gzip -k -1 m && gzip -c y > y.gz && gzip -c r >> y.gz")
        for name in ["m.gz", "y.gz"] {
            var a = try IgzipByteSource(try FileByteSource(path: dir + "/" + name), limits: .default)
            var b = try GzipByteSource(try FileByteSource(path: dir + "/" + name), limits: .default)
            let x = try drain(&a, chunk: 7919), y = try drain(&b)
            #expect(x.count == y.count && x == y, "\(name)")
        }
    }
}

/// The two gzip decoders under test, behind one `ByteSource`.
enum Inflater: String, CaseIterable, Sendable {
    case zlib, isal

    func open<U: ByteSource>(_ upstream: U, limits: ArchiveLimits) throws(ImageError) -> Inflated<U> {
        switch self {
        case .zlib: .zlib(try GzipByteSource(upstream, limits: limits))
        case .isal: .isal(try IgzipByteSource(upstream, limits: limits))
        }
    }
}

enum Inflated<U: ByteSource>: ByteSource {
    case zlib(GzipByteSource<U>)
    case isal(IgzipByteSource<U>)

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int {
        switch self {
        case .zlib(var s): let n = try s.read(into: buffer); self = .zlib(s); return n
        case .isal(var s): let n = try s.read(into: buffer); self = .isal(s); return n
        }
    }
}
