import BulkheadCore
import BulkheadImage
import Foundation
import Testing

@testable import BulkheadCatalog

/// The ELF reader against binutils' `readelf` on real binaries, and on hostile headers.
@Suite("ELF reader and executable scan")
struct ELFFileTests {
    static let realBinaries = [
        Fixtures.root.appendingPathComponent("go/binary/usr/local/bin/gofixture").path,
        Fixtures.root.appendingPathComponent("go/binary/usr/bin/true").path,
        Fixtures.root.appendingPathComponent("rust/binary/usr/local/bin/uvx").path,
    ]

    @Test("section and program headers match `readelf -S -l -W`",
          .enabled(if: ExternalTool.which("readelf") != nil, "SKIPPED: needs binutils' readelf as the oracle"))
    func readelfOracle() throws {
        for path in Self.realBinaries {
            let elf = try #require(ELFFile([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
            let (status, output, _) = try ExternalTool.run(["readelf", "-S", "-l", "-W", path])
            #expect(status == 0)
            // "  [ 8] .go.buildinfo     PROGBITS        0000000000536000 136000 000190 00  WA  0   0 16"
            let sections = output.split(separator: "\n").compactMap { line -> String? in
                guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]"), open < close,
                      Int(line[line.index(after: open)..<close].trimmingCharacters(in: .whitespaces)) != nil else { return nil }
                let fields = line[line.index(after: close)...].split(separator: " ")
                // The null section has no name: its fields start with the type.
                let named = fields.first == "NULL" ? [""] + fields.map(String.init) : fields.map(String.init)
                guard named.count >= 5, let address = UInt64(named[2], radix: 16), let offset = UInt64(named[3], radix: 16),
                      let size = UInt64(named[4], radix: 16) else { return nil }
                return "\(named[0]) \(address) \(offset) \(size)"
            }
            #expect(elf.sections.map { "\($0.name) \($0.address) \($0.offset) \($0.size)" } == sections, "\(path)")
            let loads = output.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("LOAD ") }
                .map { line -> String in
                    let f = line.split(separator: " ")
                    return "\(UInt64(f[1].dropFirst(2), radix: 16) ?? 0) \(UInt64(f[2].dropFirst(2), radix: 16) ?? 0)"
                        + " \(UInt64(f[4].dropFirst(2), radix: 16) ?? 0)"
                }
            #expect(elf.segments.filter { $0.type == ELFFile.segmentTypeLoad }.map { "\($0.offset) \($0.address) \($0.fileSize)" }
                    == loads, "\(path)")
        }
    }

    @Test("read on demand: the same headers and Go/Rust findings as from the whole file, from a fraction of its bytes")
    func readOnDemand() throws {
        for path in Self.realBinaries {
            let all = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let whole = try #require(ELFFile(all))
            var fetched = 0
            let window = ByteWindow(count: all.count) { range in
                fetched += range.count
                return (range.lowerBound, Array(all[range]))
            }
            let lazy = try #require(ELFFile(window))
            #expect(lazy.sections == whole.sections && lazy.segments == whole.segments, "\(path)")
            let file = FileEntry(path: path, kind: .regular, size: all.count, mode: 0o755)
            let go = GoBinaryCataloger().analyze(file, whole).packages
            let rust = CargoAuditableCataloger().analyze(file, whole).packages
            #expect(GoBinaryCataloger().analyze(file, lazy).packages == go, "\(path)")
            #expect(CargoAuditableCataloger().analyze(file, lazy).packages == rust, "\(path)")
            #expect(path.hasSuffix("/true") || !(go.isEmpty && rust.isEmpty), "\(path): the fixture should carry build info")
            // Headers, tables and the build-info windows: far less than a large binary.
            if all.count > 256 << 10 {
                #expect(fetched * 4 < all.count, "\(path): read \(fetched) of \(all.count) bytes")
            }
        }
        // A fetch that fails reads as bytes outside the file: not an ELF file.
        #expect(ELFFile(ByteWindow(count: 4096) { _ in nil }) == nil)
    }

    @Test("non-ELF bytes and bad identification are rejected")
    func rejects() {
        #expect(ELFFile(Array("#!/bin/sh\necho hi\n".utf8)) == nil)
        #expect(ELFFile([0x7F, 0x45, 0x4C, 0x46]) == nil)
        var header = [UInt8](repeating: 0, count: 64)
        header[0..<4] = [0x7F, 0x45, 0x4C, 0x46]
        header[4] = 3
        header[5] = 1
        #expect(ELFFile(header) == nil)
        header[4] = 2
        #expect(ELFFile(header)?.sections.isEmpty == true)
    }

    @Test("hostile section and program header tables never trap", .timeLimit(.minutes(1)))
    func hostileHeaders() throws {
        let real = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.realBinaries[0])))
        let fields = [(32, 8), (40, 8), (54, 2), (56, 2), (58, 2), (60, 2), (62, 2)]
        for (offset, width) in fields {
            for value in [UInt64.max, UInt64(UInt32.max), UInt64(real.count), UInt64(real.count - 1), 0, 1] {
                var bytes = real
                for i in 0..<width { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i)) }
                if let elf = ELFFile(bytes) {
                    _ = ParseGoBinary.buildInfo(elf, path: "hostile")
                    for section in elf.sections { _ = elf.contents(of: section) }
                    _ = elf.read(address: .max - 3, count: .max)
                }
            }
        }
        // Every section header field of the real file set to extremes.
        let elf = try #require(ELFFile(real))
        let table = Int(try #require(ELFReader(bytes: real, bigEndian: false, is64Bit: true).u64(40)))
        for index in 0..<elf.sections.count {
            for field in stride(from: 0, to: 64, by: 8) {
                var bytes = real
                for i in 0..<8 { bytes[table + index * 64 + field + i] = 0xFF }
                if let mutated = ELFFile(bytes) { _ = ParseGoBinary.buildInfo(mutated, path: "hostile") }
            }
        }
    }

    @Test("the scan reads ELF executables only; executables over the limit are one diagnostic")
    func scan() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-elf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let real = try Data(contentsOf: URL(fileURLWithPath: Self.realBinaries[1]))
        for (name, data, mode) in [("a", real, 0o755), ("b", real, 0o755), ("not-exec", real, 0o644),
                                   ("script", Data("#!/bin/sh\n# \(String(repeating: "x", count: 80))\n".utf8), 0o755)] {
            let url = dir.appendingPathComponent(name)
            try data.write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        }
        var seen: [String] = []
        let result = try ExecutableScan.forEachELF(in: DirectoryResolver(root: dir.path)) { file, _ in
            seen.append(file.path)
            return CatalogResult()
        }
        #expect(seen == ["/a", "/b"])
        #expect(result.diagnostics.isEmpty)
        let limited = try ExecutableScan.forEachELF(in: DirectoryResolver(root: dir.path), limit: 1000) { _, _ in CatalogResult() }
        #expect(limited.diagnostics.map(\.code) == ["unreadable-file"])
        #expect(limited.diagnostics.first?.location == SourceLocation(file: "/a"))
        #expect(limited.diagnostics.first?.message.contains("and 1 more") == true)
    }
}
