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

    @Test("D: dependencies resolve through names and p: provides; conflicts and constraints are dropped")
    func dependencies() throws {
        // Record shapes as in Alpine 3.19's lib/apk/db/installed (musl, busybox, ssl_client, libcrypto3).
        let db = """
            P:musl
            V:1.2.4_git20230717-r4
            p:so:libc.musl-x86_64.so.1=1

            P:busybox
            V:1.36.1-r15
            D:so:libc.musl-x86_64.so.1
            p:/bin/sh cmd:busybox=1.36.1-r15 cmd:sh=1.36.1-r15

            P:ssl_client
            V:1.36.1-r15
            D:so:libc.musl-x86_64.so.1 so:libcrypto.so.3 so:libssl.so.3 /bin/sh !busybox-extras busybox>=1.36

            P:libcrypto3
            V:3.1.4-r5
            D:so:libc.musl-x86_64.so.1
            p:so:libcrypto.so.3=3

            """
        let parsed = ParseApkDatabase.parse(db, path: "installed")
        let packages = parsed.entries.map {
            Package(name: $0.package, version: $0.version, ecosystem: .alpine, purl: $0.purl(release: nil), foundBy: "t")
        }
        let byName = Dictionary(uniqueKeysWithValues: ApkCataloger.resolveDependencies(packages, entries: parsed.entries)
            .map { ($0.name, $0.dependencies.map(\.name)) })
        #expect(byName["ssl_client"] == ["musl", "libcrypto3", "busybox"])  // libssl3 is not installed
        #expect(byName["busybox"] == ["musl"])
        #expect(byName["musl"] == [])
        #expect(ParseApkDatabase.names("a>=1 !b c~2 so:x.so=1 /bin/sh") == ["a", "c", "so:x.so", "/bin/sh"])
    }
}
