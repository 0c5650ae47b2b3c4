import BulkheadCore
import Testing

@testable import BulkheadCatalog

@Suite("apk cataloger")
struct ApkCatalogerTests {
    func catalog() throws -> CatalogResult {
        let files = Fixtures.resolver("apk/happy")
        return try ApkCataloger().catalog(files, context: CatalogContext(release: LinuxRelease.detect(in: files).release))
    }

    @Test("packages from lib/apk/db/installed with exact purls")
    func happy() throws {
        #expect(try catalog().packages.purlsByName == [
            "musl": "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1",
            "libcrypto3": "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl",
            "busybox": "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1",
        ])
    }

    @Test("licenses, origin and F:/R: files")
    func fields() throws {
        let byName = Dictionary(uniqueKeysWithValues: try catalog().packages.map { ($0.name, $0) })
        let musl = try #require(byName["musl"])
        #expect(musl.licenses == ["MIT"])
        #expect(musl.ownedFiles == ["/lib/ld-musl-x86_64.so.1", "/lib/libc.musl-x86_64.so.1"])
        #expect(musl.ecosystem == .alpine)
        #expect(musl.locations == [PackageLocation(path: "/lib/apk/db/installed")])
        let crypto = try #require(byName["libcrypto3"])
        #expect(crypto.sourceName == "openssl")
        #expect(crypto.ownedFiles == ["/usr/lib/libcrypto.so.3"])
    }

    @Test("a malformed record is a located diagnostic and the others are kept")
    func corrupt() throws {
        let result = try catalog()
        #expect(result.packages.map(\.name) == ["musl", "libcrypto3", "busybox"])
        #expect(result.diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "/lib/apk/db/installed", line: 30))
    }

    @Test("a record without V: is a missing-field diagnostic")
    func missingVersion() {
        let parsed = ParseApkDatabase.parse("P:a\n\nP:b\nV:1\n", path: "db")
        #expect(parsed.entries.map(\.package) == ["b"])
        #expect(parsed.diagnostics.map(\.code) == ["missing-field"])
        #expect(parsed.diagnostics.first?.location == SourceLocation(file: "db", line: 1))
    }

    @Test("random and truncated databases end in entries or diagnostics, never a crash")
    func fuzz() {
        let seed = Array("P:musl\nV:1.2\nA:x86_64\nF:lib\nR:libc.so\n\nP:b\nV:2\no:c\n".utf8)
        for _ in 0..<300 {
            var mutated = seed
            for _ in 0..<4 {
                mutated[Int.random(in: 0..<mutated.count)] = [10, 58, 80, 0xFF, 0][Int.random(in: 0..<5)]
            }
            let parsed = ParseApkDatabase.parse(String(decoding: mutated.prefix(Int.random(in: 0...mutated.count)), as: UTF8.self),
                                                path: "db")
            #expect(parsed.entries.allSatisfy { !$0.package.isEmpty && !$0.version.isEmpty })
        }
    }
}
