import BulkheadCore
import Foundation
import Testing

@testable import BulkheadCatalog

/// Syft 1.18.1 (`+php-composer-installed-cataloger`) and Trivy 0.76.0 (`rootfs`, `fs`) report the
/// same purls on these trees, except that Trivy reads nothing from the Composer 1 `installed.json`.
@Suite("Composer catalogers")
struct ComposerCatalogerTests {
    static let production = [
        "pkg:composer/composer/semver@3.3.2", "pkg:composer/psr/container@1.1.2", "pkg:composer/psr/log@1.1.4",
        "pkg:composer/symfony/deprecation-contracts@v2.5.5", "pkg:composer/symfony/service-contracts@v2.5.5",
    ]

    @Test("vendor/composer/installed.json (Composer 2): every installed package, dev included")
    func installed() throws {
        let result = try ComposerInstalledCataloger().catalog(Fixtures.resolver("php/project"), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description).sorted() == (Self.production + ["pkg:composer/composer/pcre@3.1.0"]).sorted())
        let log = try #require(result.packages.first { $0.name == "psr/log" })
        #expect(log.licenses == ["MIT"])
        #expect(log.ecosystem == .packagist)
        #expect(log.locations == [PackageLocation(path: "/app/vendor/composer/installed.json")])
        #expect(log.foundBy == "php-composer-installed-cataloger")
    }

    @Test("installed.json in the Composer 1 layout (a top-level array)")
    func installedV1() throws {
        let result = try ComposerInstalledCataloger().catalog(Fixtures.resolver("php/installed-v1"), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description).sorted() == (Self.production + ["pkg:composer/composer/pcre@3.1.0"]).sorted())
    }

    @Test("composer.lock: packages, and packages-dev only when asked")
    func lock() throws {
        let files = Fixtures.resolver("php/project")
        let result = try ComposerLockCataloger().catalog(files, context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description).sorted() == Self.production)
        #expect(result.packages.allSatisfy { $0.locations == [PackageLocation(path: "/app/composer.lock")] })
        let withDev = try ComposerLockCataloger(includeDevDependencies: true).catalog(files, context: CatalogContext())
        #expect(withDev.packages.map(\.purl.description).sorted() == (Self.production + ["pkg:composer/composer/pcre@3.1.0"]).sorted())
    }

    @Test("purls: vendor namespace, extra segments joined as Syft does, license shapes")
    func shapes() {
        #expect(ComposerPURL.make(name: "symfony/console", version: "v5.4.53").description == "pkg:composer/symfony/console@v5.4.53")
        #expect(ComposerPURL.make(name: "a/b/c", version: "1.0").description == "pkg:composer/a/b-c@1.0")
        #expect(ComposerPURL.make(name: "solo", version: "1.0").description == "pkg:composer/solo@1.0")
        let parsed = ParseComposerPackages.parseLock(
            #"{"packages":[{"name":"a/b","version":"1","license":"GPL-2.0-or-later"},{"name":"c/d","version":"2","license":["MIT","BSD-3-Clause"]},7]}"#,
            path: "composer.lock")
        #expect(parsed.packages.map(\.licenses) == [["GPL-2.0-or-later"], ["MIT", "BSD-3-Clause"]])
        #expect(parsed.diagnostics.map(\.code) == ["corrupt-entry"])
    }

    @Test("a truncated composer.lock and a record without version are diagnostics; the rest is kept")
    func corrupt() throws {
        let files = Fixtures.resolver("php/corrupt")
        let lock = try ComposerLockCataloger().catalog(files, context: CatalogContext())
        #expect(lock.packages.isEmpty)
        #expect(lock.diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(lock.diagnostics.first?.location?.file == "/app/composer.lock")
        #expect(lock.diagnostics.first?.location?.range?.start.line == 64)
        let installed = try ComposerInstalledCataloger().catalog(files, context: CatalogContext())
        #expect(installed.packages.count == 5)
        #expect(!installed.packages.contains { $0.name == "psr/container" })
        #expect(installed.diagnostics.map(\.code) == ["missing-field"])
        #expect(installed.diagnostics.first?.location == SourceLocation(file: "/app/vendor/composer/installed.json", line: 52))
    }

    @Test("random mutations and truncations of real Composer files never crash", arguments: [
        "php/project/app/composer.lock", "php/project/app/vendor/composer/installed.json",
        "php/installed-v1/srv/web/vendor/composer/installed.json",
    ])
    func fuzz(_ file: String) throws {
        let seed = Array(try String(contentsOf: Fixtures.root.appendingPathComponent(file), encoding: .utf8).utf8)
        let alphabet: [UInt8] = [0x22, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x0A, 0x00, 0xFF, 0x31]
        for _ in 0..<150 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...6) {
                bytes[Int.random(in: 0..<bytes.count)] = alphabet[Int.random(in: 0..<alphabet.count)]
            }
            let text = String(decoding: bytes.prefix(Int.random(in: 0...bytes.count)), as: UTF8.self)
            let parsed = file.hasSuffix(".lock") ? ParseComposerPackages.parseLock(text, path: "f")
                : ParseComposerPackages.parseInstalled(text, path: "f")
            #expect(parsed.packages.allSatisfy { !$0.name.isEmpty && !$0.version.isEmpty })
        }
    }
}
