import BulkheadCore
import BulkheadImage
import Foundation
import Testing

@testable import BulkheadCatalog

/// Cargo.lock made by `cargo generate-lockfile` and uv's `uvx` binary built with
/// `cargo auditable` (Fixtures/rust/*/README.md).
@Suite("Cargo catalogers")
struct CargoCatalogerTests {
    static let uvxPath = Fixtures.root.appendingPathComponent("rust/binary/usr/local/bin/uvx").path
    static let cargoLockPath = Fixtures.root.appendingPathComponent("rust/lock/Cargo.lock").path

    @Test("Cargo.lock: registry, git and path crates with exact purls")
    func lockHappy() throws {
        let result = try CargoLockCataloger().catalog(Fixtures.resolver("rust/lock"), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description) == [
            "pkg:cargo/bulkhead-rs-fixture@0.1.0",
            "pkg:cargo/cfg-if@1.0.0",
            "pkg:cargo/gitdep@0.3.1",
            "pkg:cargo/itoa@1.0.1",
            "pkg:cargo/localdep@0.2.0",
            "pkg:cargo/memchr@2.5.0",
        ])
        #expect(result.packages.allSatisfy {
            $0.ecosystem == .cargo && $0.foundBy == "rust-cargo-lock-cataloger"
                && $0.locations == [PackageLocation(path: "/Cargo.lock")]
        })
        let entries = ParseCargoLock.parse(try String(contentsOfFile: Self.cargoLockPath, encoding: .utf8), path: "l").entries
        #expect(entries.first { $0.name == "gitdep" }?.source?.hasPrefix("git+file:///tmp/rsfx/gitdep#") == true)
        #expect(entries.first { $0.name == "itoa" }?.checksum == "1aab8fc367588b89dcee83ab0fd66b72b50b72fa1904d7095045ace2b0c81c35")
        #expect(entries.first { $0.name == "bulkhead-rs-fixture" }?.dependencies == ["gitdep", "itoa", "localdep", "memchr"])
        #expect(entries.map(\.line) == [5, 15, 21, 26, 32, 39])
    }

    @Test("Cargo.lock: a broken package table is a located diagnostic, the others are kept")
    func lockCorrupt() throws {
        var lines = try String(contentsOfFile: Self.cargoLockPath, encoding: .utf8).components(separatedBy: "\n")
        lines[27] = "version = \"1.0.1"      // itoa: unterminated string
        lines[40] = "#version removed"      // memchr: no version
        let parsed = ParseCargoLock.parse(lines.joined(separator: "\n"), path: "Cargo.lock")
        #expect(parsed.entries.map(\.name) == ["bulkhead-rs-fixture", "cfg-if", "gitdep", "localdep"])
        #expect(parsed.diagnostics.map(\.code) == ["corrupt-entry", "missing-field"])
        #expect(parsed.diagnostics.map(\.location) == [SourceLocation(file: "Cargo.lock", line: 28),
                                                       SourceLocation(file: "Cargo.lock", line: 39)])
    }

    @Test("cargo auditable binary: every runtime crate, as decoded independently by Python's zlib and json")
    func auditableHappy() throws {
        let result = try CargoAuditableCataloger().catalog(Fixtures.resolver("rust/binary"), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        let expected = try String(contentsOf: Fixtures.root.appendingPathComponent("rust/binary/uvx.expected-runtime-crates.txt"),
                                  encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(expected.count == 532)
        #expect(result.packages.map { "\($0.name) \($0.version)" } == expected)
        let byName = Dictionary(result.packages.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["uv"]?.purl.description == "pkg:cargo/uv@0.13.9")
        #expect(byName["toml"]?.purl.description == "pkg:cargo/toml@1.1.6%2Bspec-1.1.0")
        // Build-only crates (kind "build") are not in the binary.
        #expect(byName["cc"] == nil)
        #expect(result.packages.allSatisfy {
            $0.foundBy == "cargo-auditable-binary-cataloger" && $0.locations == [PackageLocation(path: "/usr/local/bin/uvx")]
        })
    }

    @Test("audit data: corrupt zlib, a zip bomb over the cap, bad JSON and a package without version")
    func auditableCorrupt() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.uvxPath)))
        let elf = try #require(ELFFile(bytes))
        let section = try #require(elf.section(named: ".dep-v0"))
        let compressed = try #require(elf.contents(of: section))
        #expect(ParseCargoAuditData.parse(compressed, path: "uvx").packages.count == 567)
        let truncated = ParseCargoAuditData.parse(compressed.prefix(compressed.count / 2), path: "uvx")
        #expect(truncated.packages.isEmpty && truncated.diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(truncated.diagnostics.first?.location == SourceLocation(file: "uvx"))
        let capped = ParseCargoAuditData.parse(compressed, path: "uvx", limit: 1000)
        #expect(capped.diagnostics.first?.message.contains("more than 1000 bytes") == true)
        let json = try ZlibInflate.inflate(compressed, limit: 1 << 20)
        #expect(json.count == 54413)
        let notJSON = try Self.deflate(Array("{\"packages\": 7}".utf8))
        #expect(ParseCargoAuditData.parse(notJSON[...], path: "x").diagnostics.map(\.code) == ["corrupt-entry"])
        let partial = try Self.deflate(Array(#"{"packages":[{"name":"a","version":"1.0.0"},{"name":"b"},{"name":"c","version":"2.0.0","kind":7}]}"#.utf8))
        let parsed = ParseCargoAuditData.parse(partial[...], path: "x")
        #expect(parsed.packages.map(\.name) == ["a", "c"])
        #expect(parsed.diagnostics.map(\.code) == ["missing-field"])
    }

    @Test("random mutations of the real binary's section and of Cargo.lock never crash", .timeLimit(.minutes(2)))
    func fuzz() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.uvxPath)))
        let elf = try #require(ELFFile(bytes))
        let depSection = try #require(elf.section(named: ".dep-v0"))
        let compressed = Array(try #require(elf.contents(of: depSection)))
        let lock = Array(try String(contentsOfFile: Self.cargoLockPath, encoding: .utf8).utf8)
        for round in 0..<200 {
            var section = compressed
            for _ in 0..<Int.random(in: 1...4) { section[Int.random(in: 0..<section.count)] = UInt8.random(in: 0...255) }
            _ = ParseCargoAuditData.parse(section.prefix(Int.random(in: 0...section.count)), path: "fuzz")
            var text = lock
            for _ in 0..<6 {
                text[Int.random(in: 0..<text.count)] = Array("[]\"'=\n#{},\\".utf8).randomElement()!
            }
            let parsed = ParseCargoLock.parse(String(decoding: text.prefix(Int.random(in: 0...text.count)), as: UTF8.self),
                                              path: "fuzz")
            #expect(parsed.entries.allSatisfy { !$0.name.isEmpty && !$0.version.isEmpty })
            if round % 20 == 0 {
                // Whole-binary mutations in the ELF headers.
                var binary = bytes
                for _ in 0..<8 { binary[Int.random(in: 0..<64)] = UInt8.random(in: 0...255) }
                if let mutated = ELFFile(binary), let s = mutated.section(named: ".dep-v0"), let c = mutated.contents(of: s) {
                    _ = ParseCargoAuditData.parse(c, path: "fuzz")
                }
            }
        }
    }

    /// zlib-compresses `bytes` with Python (the same zlib `cargo auditable`'s miniz output decodes with).
    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        let (status, out, err) = try ExternalTool.run(
            ["python3", "-c", "import sys,zlib,base64; print(base64.b64encode(zlib.compress(sys.stdin.buffer.read())).decode())"],
            input: Data(bytes))
        #expect(status == 0, "\(err)")
        return [UInt8](Data(base64Encoded: out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? Data())
    }
}
