import Foundation
import Testing

@testable import BulkheadImage

/// Temp files and external tools (GNU tar, gzip, python3) for building real archives.
enum ArchiveFixture {
    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-tar-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs `/bin/sh -c script` and returns stdout; fails the test on a non-zero exit.
    @discardableResult
    static func sh(_ script: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "command failed: \(script)")
        return String(decoding: data, as: UTF8.self)
    }

    static func python(_ code: String, in dir: String) throws {
        try code.write(toFile: dir + "/gen.py", atomically: true, encoding: .utf8)
        try sh("cd '\(dir)' && python3 gen.py")
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// All entries of a tar, with the contents of regular files.
    static func readAll<S: ByteSource>(_ source: S, limits: ArchiveLimits = .default) throws(ImageError)
        -> [(TarEntry, [UInt8])] {
        var reader = TarReader(source, limits: limits, name: "test.tar")
        var out: [(TarEntry, [UInt8])] = []
        while let e = try reader.next() {
            out.append((e, e.kind == .regular ? try reader.readContents(limit: 1 << 20) : []))
        }
        return out
    }

    static func code(_ body: () throws(ImageError) -> Void) -> ImageError.Code? {
        do { try body(); return nil } catch { return error.code }
    }

    static func error(_ body: () throws(ImageError) -> Void) -> ImageError? {
        do { try body(); return nil } catch { return error }
    }

    /// A ustar header with a correct checksum (for hand-crafted hostile archives).
    static func header(name: String, type: UInt8 = UInt8(ascii: "0"), size: Int = 0,
                       sizeField: [UInt8]? = nil, link: String = "") -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ s: [UInt8], _ at: Int) { for (i, b) in s.enumerated() { h[at + i] = b } }
        put(Array(name.utf8.prefix(100)), 0)
        put(Array("0000644\0".utf8), 100)
        put(Array("0000000\0".utf8), 108)
        put(Array("0000000\0".utf8), 116)
        put(sizeField ?? Array((String(repeating: "0", count: 11 - String(size, radix: 8).count) + String(size, radix: 8) + "\0").utf8), 124)
        put(Array("00000000000\0".utf8), 136)
        h[156] = type
        put(Array(link.utf8.prefix(100)), 157)
        put(Array("ustar\0".utf8), 257)
        put(Array("00".utf8), 263)
        put(Array("        ".utf8), 148)
        let sum = h.reduce(0) { $0 + Int($1) }
        let s = String(sum, radix: 8)
        put(Array((String(repeating: "0", count: 6 - s.count) + s + "\0 ").utf8), 148)
        return h
    }

    static func padded(_ data: [UInt8]) -> [UInt8] { data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512) }
    static let endBlocks = [UInt8](repeating: 0, count: 1024)
}

@Suite("Tar reader")
struct TarReaderTests {
    typealias F = ArchiveFixture

    /// A tree with a long name (> 100 bytes), symlinks, a hardlink, directories and an empty file.
    func makeTree(_ root: String) throws {
        let long = String(repeating: "d", count: 60) + "/" + String(repeating: "f", count: 70) + ".txt"
        try F.sh("""
            cd '\(root)' && mkdir -p src/etc src/usr/lib src/\(String(repeating: "d", count: 60)) && cd src &&
            printf 'ID=debian\\n' > usr/lib/os-release && ln -s ../usr/lib/os-release etc/os-release &&
            ln -s /usr/lib/os-release etc/absolute && printf 'hello' > a.txt && ln a.txt hard.txt &&
            : > empty && printf 'long' > \(long) && head -c 70000 /dev/urandom > big.bin
            """)
    }

    /// `tar -tvf` as (kind letter, size, normalised name, link target).
    func listing(_ archive: String) throws -> [(Character, Int, String, String?)] {
        try F.sh("tar --numeric-owner -tvf '\(archive)'").split(separator: "\n").map { line in
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            let kind = f[0].first!
            let size = Int(f[2])!
            let rest = f[5...].joined(separator: " ")
            var name = rest
            var link: String?
            if let r = rest.range(of: " -> ") { name = String(rest[..<r.lowerBound]); link = String(rest[r.upperBound...]) }
            if let r = rest.range(of: " link to ") { name = String(rest[..<r.lowerBound]); link = String(rest[r.upperBound...]) }
            return (kind, size, TarReader<BytesByteSource>.normalise(name) ?? "?", link)
        }
    }

    func roundTrip(format: String) throws {
        let root = try F.tempDir()
        try makeTree(root)
        let archive = root + "/a.tar"
        try F.sh("tar --format=\(format) -cf '\(archive)' -C '\(root)/src' .")
        let entries = try F.readAll(try FileByteSource(path: archive))
        let expected = try listing(archive)
        #expect(entries.count == expected.count)
        for ((e, data), (kind, size, name, link)) in zip(entries, expected) {
            #expect(e.path == name)
            switch kind {
            case "-": #expect(e.kind == .regular); #expect(e.size == size); #expect(data.count == size)
            case "d": #expect(e.kind == .directory)
            case "l": #expect(e.kind == .symlink); #expect(e.linkTarget == link)
            case "h": #expect(e.kind == .hardlink); #expect(e.linkTarget == link.flatMap { TarReader<BytesByteSource>.normalise($0) })
            default: Issue.record("unexpected kind \(kind)")
            }
        }
        let byPath = Dictionary(entries.map { ($0.0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath[""]?.0.kind == .directory)   // "./" is the root
        #expect(byPath["usr/lib/os-release"]?.1 == Array("ID=debian\n".utf8))
        #expect(byPath["etc/os-release"]?.0.linkTarget == "../usr/lib/os-release")
        #expect(byPath["etc/absolute"]?.0.linkTarget == "/usr/lib/os-release")
        #expect(byPath["empty"]?.0.size == 0)
        #expect(byPath["a.txt"]?.0.mode == 0o644 || byPath["a.txt"]?.0.mode == 0o664)
        let hard = entries.first { $0.0.kind == .hardlink }
        #expect(["a.txt", "hard.txt"].contains(hard?.0.linkTarget ?? ""))
        let long = String(repeating: "d", count: 60) + "/" + String(repeating: "f", count: 70) + ".txt"
        #expect(byPath[long]?.1 == Array("long".utf8))
        #expect(byPath["big.bin"]?.1 == (try F.bytes(root + "/src/big.bin")))
    }

    @Test("name normalisation: the fast paths agree with segment-by-segment resolution")
    func normaliseAgreesWithSegments() {
        // The definition, on bytes as the kernel reads paths: drop empty and `.` segments, `..`
        // removes the previous one and may not climb above the root.
        func reference(_ raw: String) -> String? {
            var parts: [[UInt8]] = []
            for segment in Array(raw.utf8).split(separator: 0x2F, omittingEmptySubsequences: true) {
                if segment.elementsEqual(".".utf8) { continue }
                if segment.elementsEqual("..".utf8) {
                    guard !parts.isEmpty else { return nil }
                    parts.removeLast()
                } else {
                    parts.append(Array(segment))
                }
            }
            return parts.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
        }
        let pieces = ["a", ".", "..", "", "é", "\u{301}x", "b.c", "..."]
        var names: [String] = []
        for a in pieces { for b in pieces { for c in pieces { names += ["\(a)/\(b)/\(c)", "./\(a)/\(b)", "\(a)/\(b)/", "//\(a)//"] } } }
        names += ["./", "/", "", "./\u{301}a", "a/\u{301}/", "./././x//", "x/./y/../z/"]
        for name in names {
            #expect(TarReader<BytesByteSource>.normalise(name) == reference(name), "\(Array(name.unicodeScalars))")
        }
        // A combining mark after `/` does not hide the separator (Character splitting would
        // return this name unchanged, `..` and all).
        #expect(TarReader<BytesByteSource>.normalise("../\u{301}etc/passwd") == nil)
        #expect(TarReader<BytesByteSource>.normalise("a/../../\u{301}x") == nil)
    }

    @Test("GNU tar archives (long names, links, directories) match tar -tvf")
    func gnuFormat() throws { try roundTrip(format: "gnu") }

    @Test("PAX archives match tar -tvf")
    func paxFormat() throws { try roundTrip(format: "pax") }

    @Test("unread entry data is skipped, even through a one-byte-at-a-time source")
    func skipping() throws {
        let root = try F.tempDir()
        try makeTree(root)
        try F.sh("tar --format=gnu -cf '\(root)/a.tar' -C '\(root)/src' .")
        var reader = TarReader(OneByte(inner: try FileByteSource(path: root + "/a.tar")), name: "a.tar")
        var paths: [String] = []
        while let e = try reader.next() { paths.append(e.path) }
        #expect(paths.count == (try listing(root + "/a.tar")).count)
        #expect(paths.contains("big.bin"))
    }

    @Test("a long PAX path and a base-256 size are read")
    func paxAndBase256() throws {
        let longPath = String(repeating: "p/", count: 150) + "file"
        let record = " path=\(longPath)\n"
        var len = record.utf8.count + 1
        len = record.utf8.count + String(len).count
        let pax = Array("\(len)\(record)".utf8)
        var bytes = F.header(name: "PaxHeaders/x", type: UInt8(ascii: "x"), size: pax.count) + F.padded(pax)
        bytes += F.header(name: "short", size: 3) + F.padded(Array("abc".utf8))
        // base-256 size 5
        bytes += F.header(name: "b256", sizeField: [0x80] + [UInt8](repeating: 0, count: 10) + [5]) + F.padded(Array("12345".utf8))
        bytes += F.endBlocks
        let entries = try F.readAll(BytesByteSource(bytes))
        #expect(entries.map(\.0.path) == [longPath, "b256"])
        #expect(entries[0].1 == Array("abc".utf8))
        #expect(entries[1].1 == Array("12345".utf8))
    }

    @Test("PAX global headers are ignored; FIFOs and devices are .other; metadata headers are not entries")
    func otherKinds() throws {
        let dir = try F.tempDir()
        try F.python("""
            import tarfile, io
            with tarfile.open("g.tar", "w", format=tarfile.PAX_FORMAT, pax_headers={"comment": "global"}) as t:
                i = tarfile.TarInfo("fifo"); i.type = tarfile.FIFOTYPE; t.addfile(i)
                i = tarfile.TarInfo("é" * 80); i.size = 2; t.addfile(i, io.BytesIO(b"ok"))
                i = tarfile.TarInfo("dev"); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)
            """, in: dir)
        let entries = try F.readAll(try FileByteSource(path: dir + "/g.tar"), limits: ArchiveLimits(maxEntries: 3))
        #expect(entries.map(\.0.kind) == [.other, .regular, .other])
        #expect(entries[1].0.path == String(repeating: "é", count: 80))
        #expect(entries[1].1 == Array("ok".utf8))
    }

    @Test("paths are normalised; entries escaping the root are path-traversal errors")
    func hostilePaths() throws {
        let dir = try F.tempDir()
        try F.python("""
            import tarfile, io
            def add(t, name, data=b"x", type=tarfile.REGTYPE, link=""):
                i = tarfile.TarInfo(name); i.size = len(data) if type == tarfile.REGTYPE else 0; i.type = type; i.linkname = link
                t.addfile(i, io.BytesIO(data) if type == tarfile.REGTYPE else None)
            with tarfile.open("abs.tar", "w", format=tarfile.GNU_FORMAT) as t:
                add(t, "/abs/path"); add(t, "./x/./y/../z"); add(t, "//double//slash")
            with tarfile.open("escape.tar", "w", format=tarfile.GNU_FORMAT) as t:
                add(t, "ok"); add(t, "../../etc/passwd")
            with tarfile.open("sneaky.tar", "w", format=tarfile.PAX_FORMAT) as t:
                add(t, "a/../../" + "b" * 120)
            with tarfile.open("hardlink.tar", "w", format=tarfile.GNU_FORMAT) as t:
                add(t, "h", type=tarfile.LNKTYPE, link="../../etc/shadow")
            with tarfile.open("symlink.tar", "w", format=tarfile.GNU_FORMAT) as t:
                add(t, "s", type=tarfile.SYMTYPE, link="../../../etc/shadow")
            """, in: dir)
        let abs = try F.readAll(try FileByteSource(path: dir + "/abs.tar"))
        #expect(abs.map(\.0.path) == ["abs/path", "x/z", "double/slash"])

        let err = try #require(F.error { () throws(ImageError) in _ = try F.readAll(try FileByteSource(path: dir + "/escape.tar")) })
        #expect(err.code == .pathTraversal)
        #expect(err.location?.hasPrefix("test.tar: ../../etc/passwd") == true)
        #expect(F.code { () throws(ImageError) in _ = try F.readAll(try FileByteSource(path: dir + "/sneaky.tar")) } == .pathTraversal)
        #expect(F.code { () throws(ImageError) in _ = try F.readAll(try FileByteSource(path: dir + "/hardlink.tar")) } == .pathTraversal)
        // Symlink targets are kept as stored: they are resolved inside the virtual root later.
        let sym = try F.readAll(try FileByteSource(path: dir + "/symlink.tar"))
        #expect(sym.first?.0.linkTarget == "../../../etc/shadow")
    }

    @Test("a corrupted header checksum is corrupt, located by entry and offset")
    func badChecksum() throws {
        var bytes = F.header(name: "one", size: 3) + F.padded(Array("abc".utf8))
            + F.header(name: "two", size: 0) + F.endBlocks
        bytes[1024 + 1] ^= 0x01   // second header, inside the name
        let err = try #require(F.error { () throws(ImageError) in _ = try F.readAll(BytesByteSource(bytes)) })
        #expect(err.code == .corrupt)
        #expect(err.message.contains("entry 2 at offset 1024"))

        var garbage = F.header(name: "one")
        garbage[124] = UInt8(ascii: "9")   // not octal (checksum recomputed below would also fail; either is corrupt)
        #expect(F.code { () throws(ImageError) in _ = try F.readAll(BytesByteSource(garbage + F.endBlocks)) } == .corrupt)
    }

    @Test("truncated archives are truncated errors, wherever they are cut")
    func truncated() throws {
        let root = try F.tempDir()
        try makeTree(root)
        try F.sh("tar --format=gnu -cf '\(root)/a.tar' -C '\(root)/src' .")
        let full = try F.bytes(root + "/a.tar")
        // End of the last entry: strip every trailing zero block.
        var dataEnd = full.count
        while dataEnd >= 512, full[(dataEnd - 512)..<dataEnd].allSatisfy({ $0 == 0 }) { dataEnd -= 512 }
        for cut in [100, 512, 700, 30_000, dataEnd - 10, dataEnd] {
            let code = F.code { () throws(ImageError) in _ = try F.readAll(BytesByteSource(Array(full[..<cut]))) }
            #expect(code == .truncated, "cut at \(cut)")
        }
        #expect(F.code { () throws(ImageError) in _ = try F.readAll(BytesByteSource([])) } == .truncated)
        // A single zero block is accepted as the end (as GNU tar does).
        #expect(F.code { () throws(ImageError) in _ = try F.readAll(BytesByteSource(Array(full[..<(dataEnd + 512)]))) } == nil)
    }

    @Test("trailing garbage after the end-of-archive blocks is ignored")
    func trailingGarbage() throws {
        let bytes = F.header(name: "one", size: 3) + F.padded(Array("abc".utf8)) + F.endBlocks
            + Array("this is not a tar header at all".utf8) + [UInt8](repeating: 0xFF, count: 3000)
        let entries = try F.readAll(BytesByteSource(bytes))
        #expect(entries.map(\.0.path) == ["one"])
        var reader = TarReader(BytesByteSource(bytes), name: "t")
        _ = try reader.next()
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test("readContents enforces its limit; entry size and path limits apply")
    func limits() throws {
        let bytes = F.header(name: "one", size: 3000) + F.padded([UInt8](repeating: 7, count: 3000))
            + F.header(name: "two", size: 1) + F.padded([1]) + F.endBlocks
        var reader = TarReader(BytesByteSource(bytes), name: "t")
        _ = try reader.next()
        #expect(F.code { () throws(ImageError) in _ = try reader.readContents(limit: 2999) } == .limitExceeded)
        #expect(try reader.next()?.path == "two")   // the unread entry was skipped
        #expect(try reader.readContents(limit: 10) == [1])
        #expect(try reader.readContents(limit: 10) == [])
        #expect(F.code { () throws(ImageError) in _ = try F.readAll(BytesByteSource(bytes), limits: ArchiveLimits(maxEntrySize: 2999)) } == .limitExceeded)
        #expect(F.code { () throws(ImageError) in _ = try F.readAll(BytesByteSource(bytes), limits: ArchiveLimits(maxPathLength: 2)) } == .limitExceeded)
    }

    @Test("100k tiny entries read within limits; maxEntries is enforced")
    func manyEntries() throws {
        let dir = try F.tempDir()
        try F.python("""
            import tarfile, io
            with tarfile.open("many.tar", "w", format=tarfile.GNU_FORMAT) as t:
                for n in range(100000):
                    i = tarfile.TarInfo("d%03d/f%06d" % (n // 1000, n)); i.size = 1
                    t.addfile(i, io.BytesIO(b"z"))
            """, in: dir)
        var reader = TarReader(try FileByteSource(path: dir + "/many.tar"), name: "many.tar")
        var count = 0
        var last = ""
        while let e = try reader.next() {
            count += 1
            last = e.path
            if count % 1000 == 0 { #expect(try reader.readContents(limit: 1) == Array("z".utf8)) }
        }
        #expect(count == 100_000)
        #expect(last == "d099/f099999")
        let err = try #require(F.error { () throws(ImageError) in
            var r = TarReader(try FileByteSource(path: dir + "/many.tar"), limits: ArchiveLimits(maxEntries: 99_999), name: "many.tar")
            while try r.next() != nil {}
        })
        #expect(err.code == .limitExceeded)
        #expect(err.message.contains("99999"))
    }
}

/// Returns at most one byte per read, to exercise buffer boundaries.
struct OneByte<Inner: ByteSource>: ByteSource {
    var inner: Inner
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageError) -> Int {
        try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(1, buffer.count)]))
    }
}
