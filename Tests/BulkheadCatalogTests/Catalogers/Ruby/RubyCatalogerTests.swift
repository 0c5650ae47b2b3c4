import BulkheadCore
import Foundation
import Testing

@testable import BulkheadCatalog

/// Syft 1.18.1 and Trivy 0.76.0 (`rootfs` for gemspecs, `fs` for Gemfile.lock) report the same
/// purls and licenses on these trees.
@Suite("Ruby catalogers")
struct RubyCatalogerTests {
    @Test("installed gemspecs: exact purls and licenses, default gems included")
    func gemspecs() throws {
        let result = try GemspecCataloger().catalog(Fixtures.resolver("ruby/installed"), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.purlsByName == [
            "bundler": "pkg:gem/bundler@2.3.15",
            "json": "pkg:gem/json@2.6.1",
            "minitest": "pkg:gem/minitest@5.15.0",
            "net-imap": "pkg:gem/net-imap@0.2.3",
            "rack": "pkg:gem/rack@2.2.22",
        ])
        let byName = Dictionary(uniqueKeysWithValues: result.packages.map { ($0.name, $0) })
        #expect(byName["net-imap"]?.licenses == ["Ruby", "BSD-2-Clause"])
        #expect(byName["json"]?.licenses == ["Ruby"])
        #expect(byName["rack"]?.licenses == ["MIT"])
        #expect(byName["json"]?.locations == [PackageLocation(path: "/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec")])
        #expect(result.packages.allSatisfy { $0.ecosystem == .rubygems && $0.architecture == nil })
    }

    @Test("gemspec lines: freeze, single quotes, escapes, interpolation, other receivers, stub fallback")
    func gemspecLines() {
        let text = #"""
            # stub: nokogiri 1.13.1 x86_64-linux lib
            Gem::Specification.new do |spec|
              spec.name = 'nokogiri'
              spec.version = "1.13.1".freeze
              spec.platform = "x86_64-linux".freeze
              spec.authors = ["Andr\u00E9".freeze]
              spec.license = "MIT"
              spec.homepage = "https://x/#{spec.name}"
              s.name = "not-the-receiver"
            end
            """#
        let spec = ParseGemspec.parse(text, path: "g").spec
        #expect(spec == GemspecEntry(name: "nokogiri", version: "1.13.1", licenses: ["MIT"], platform: "x86_64-linux"))
        #expect(GemPURL.make(name: "nokogiri", version: "1.13.1", platform: "x86_64-linux").description
                == "pkg:gem/nokogiri@1.13.1?platform=x86_64-linux")
        #expect(ParseGemspec.parse("# stub: rake 13.0.6 ruby lib\n", path: "g").spec?.version == "13.0.6")
        #expect(ParseGemspec.stringLiterals(in: #"["Andr\u00E9 Arko".freeze, 'O\'Brien', "a\"b"]"#) == ["André Arko", "O'Brien", "a\"b"])
        #expect(ParseGemspec.parse("Gem::Specification.new do |s|\n  s.name = \"x\"\n  s.version == \"1\"\nend\n", path: "g")
            .diagnostics.map(\.code) == ["missing-field"])
    }

    @Test("Gemfile.lock: GEM and PATH specs, dependency lines ignored")
    func gemfileLock() throws {
        let result = try GemfileLockCataloger().catalog(Fixtures.resolver("ruby/gemfile"), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.purlsByName == [
            "mylib": "pkg:gem/mylib@0.1.0",
            "minitest": "pkg:gem/minitest@5.15.0",
            "rack": "pkg:gem/rack@2.2.22",
            "rake": "pkg:gem/rake@13.0.6",
            "webrick": "pkg:gem/webrick@1.8.1",
        ])
        #expect(result.packages.allSatisfy { $0.locations == [PackageLocation(path: "/app/Gemfile.lock")] && $0.licenses.isEmpty })
    }

    // Syft keeps the platform in the version (`1.13.1-x86_64-linux`); Trivy drops it.
    @Test("platform gems: version without the platform, platform as a purl qualifier")
    func platforms() {
        let text = """
            GEM
              remote: https://rubygems.org/
              specs:
                nokogiri (1.13.1-x86_64-linux)
                  racc (~> 1.4)
                nokogiri (1.13.1-arm64-darwin)
                racc (1.6.0)

            PLATFORMS
              arm64-darwin
              x86_64-linux

            CHECKSUMS
              racc (1.6.0) sha256=abc

            DEPENDENCIES
              nokogiri
            """
        let parsed = ParseGemfileLock.parse(text, path: "Gemfile.lock")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.entries.map { GemPURL.make(name: $0.name, version: $0.version, platform: $0.platform).description } == [
            "pkg:gem/nokogiri@1.13.1?platform=x86_64-linux", "pkg:gem/nokogiri@1.13.1?platform=arm64-darwin",
            "pkg:gem/racc@1.6.0",
        ])
        #expect(parsed.entries.first?.line == 4)
    }

    @Test("a truncated spec line and a truncated gemspec are located diagnostics; the rest is kept")
    func corrupt() throws {
        let files = Fixtures.resolver("ruby/corrupt")
        let lock = try GemfileLockCataloger().catalog(files, context: CatalogContext())
        #expect(lock.packages.map(\.name).sorted() == ["minitest", "mylib", "rake", "webrick"])
        #expect(lock.diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(lock.diagnostics.first?.location == SourceLocation(file: "/app/Gemfile.lock", line: 11))
        let specs = try GemspecCataloger().catalog(files, context: CatalogContext())
        #expect(specs.packages.map(\.purl.description) == ["pkg:gem/webrick@1.8.1"])
        #expect(specs.packages.first?.licenses == ["Ruby", "BSD-2-Clause"])
        #expect(specs.diagnostics.map(\.code) == ["missing-field"])
        #expect(specs.diagnostics.first?.location?.file == "/var/lib/gems/3.1.0/specifications/rack-2.2.22.gemspec")
    }

    @Test("random mutations and truncations of real Ruby files never crash", arguments: [
        "ruby/gemfile/app/Gemfile.lock",
        "ruby/installed/usr/share/rubygems-integration/all/specifications/bundler-2.3.15.gemspec",
    ])
    func fuzz(_ file: String) throws {
        let seed = Array(try String(contentsOf: Fixtures.root.appendingPathComponent(file), encoding: .utf8).utf8)
        let alphabet: [UInt8] = [0x22, 0x27, 0x28, 0x29, 0x20, 0x0A, 0x5C, 0x75, 0x7B, 0x2D, 0x00, 0xFF]
        for _ in 0..<200 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...6) {
                bytes[Int.random(in: 0..<bytes.count)] = alphabet[Int.random(in: 0..<alphabet.count)]
            }
            let text = String(decoding: bytes.prefix(Int.random(in: 0...bytes.count)), as: UTF8.self)
            if file.hasSuffix(".lock") {
                #expect(ParseGemfileLock.parse(text, path: "f").entries.allSatisfy { !$0.name.isEmpty && !$0.version.isEmpty })
            } else {
                let parsed = ParseGemspec.parse(text, path: "f")
                #expect((parsed.spec == nil) != parsed.diagnostics.isEmpty)
            }
        }
    }
}
