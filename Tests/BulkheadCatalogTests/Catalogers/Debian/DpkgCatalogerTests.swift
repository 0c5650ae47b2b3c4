import BulkheadCore
import Testing

@testable import BulkheadCatalog

@Suite("dpkg cataloger")
struct DpkgCatalogerTests {
    func catalog(_ scenario: String) throws -> CatalogResult {
        let files = Fixtures.resolver(scenario)
        let release = LinuxRelease.detect(in: files).release
        return try DpkgCataloger().catalog(files, context: CatalogContext(release: release))
    }

    @Test("installed packages from var/lib/dpkg/status, with exact purls")
    func happy() throws {
        let result = try catalog("dpkg/happy")
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.purlsByName == [
            "libc6": "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc",
            "base-files": "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12",
            "libssl3": "pkg:deb/debian/libssl3@3.0.11-1~deb12u2%2Bb1?arch=amd64&distro=debian-12&upstream=openssl%403.0.11-1~deb12u2",
            "tzdata": "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12",
        ])
    }

    @Test("config-files only packages are left out; held packages are installed")
    func statusFilter() throws {
        let names = Set(try catalog("dpkg/happy").packages.map(\.name))
        #expect(!names.contains("old-removed"))
        #expect(names.contains("tzdata"))
    }

    @Test("source name and version follow dpkg-query's source:Package and source:Version")
    func source() throws {
        let byName = Dictionary(uniqueKeysWithValues: try catalog("dpkg/happy").packages.map { ($0.name, $0) })
        #expect(byName["libc6"]?.sourceName == "glibc")
        #expect(byName["libc6"]?.sourceVersion == "2.36-9+deb12u4")
        #expect(byName["libssl3"]?.sourceName == "openssl")
        #expect(byName["libssl3"]?.sourceVersion == "3.0.11-1~deb12u2")
        #expect(byName["base-files"]?.sourceName == "base-files")
        #expect(byName["base-files"]?.architecture == "amd64")
        #expect(byName["base-files"]?.locations == [PackageLocation(path: "/var/lib/dpkg/status")])
        #expect(byName["base-files"]?.foundBy == "dpkg-db-cataloger")
        #expect(byName["base-files"]?.ecosystem == .debian)
    }

    @Test("owned files come from info/<pkg>:<arch>.list, then info/<pkg>.list")
    func ownedFiles() throws {
        let byName = Dictionary(uniqueKeysWithValues: try catalog("dpkg/happy").packages.map { ($0.name, $0) })
        #expect(byName["libc6"]?.ownedFiles == ["/lib", "/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu/libc.so.6"])
        #expect(byName["base-files"]?.ownedFiles == ["/etc", "/etc/debian_version", "/etc/os-release"])
        #expect(byName["libssl3"]?.ownedFiles == [])
    }

    @Test("distroless status.d: one stanza per file, no Status line, md5sums give owned files")
    func distroless() throws {
        let result = try catalog("dpkg/distroless")
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.purlsByName == [
            "base-files": "pkg:deb/debian/base-files@12.4%2Bdeb12u6?arch=amd64&distro=debian-12",
            "libssl3": "pkg:deb/debian/libssl3@3.0.13-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl",
        ])
        let ssl = try #require(result.packages.first { $0.name == "libssl3" })
        #expect(ssl.locations == [PackageLocation(path: "/var/lib/dpkg/status.d/libssl3")])
        #expect(ssl.ownedFiles == ["/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3"])
    }

    @Test("a corrupt stanza is a located diagnostic and the other packages are kept")
    func corrupt() throws {
        let result = try catalog("dpkg/corrupt-entry")
        #expect(result.packages.map(\.name) == ["zlib1g", "bash"])
        #expect(result.diagnostics.map(\.code) == ["corrupt-entry", "missing-field"])
        #expect(result.diagnostics.map(\.location) == [
            SourceLocation(file: "/var/lib/dpkg/status", line: 9),
            SourceLocation(file: "/var/lib/dpkg/status", line: 12),
        ])
        // No os-release in this tree: the namespace defaults to debian, without a distro qualifier.
        #expect(result.packages.purlsByName["zlib1g"] == "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&upstream=zlib")
    }

    @Test("Source field forms", arguments: zip(
        ["glibc", "glibc (2.36-9)", "  openssl   (3.0.11-1)  ", "", "name (unterminated"],
        [["glibc", nil], ["glibc", "2.36-9"], ["openssl", "3.0.11-1"], [nil, nil], ["name", "unterminated"]] as [[String?]]))
    func sourceField(field: String, expected: [String?]) {
        let (name, version) = ParseDpkgStatus.splitSource(field)
        #expect([name, version] == expected)
    }

    @Test("continuation lines join to the previous field; a continuation first is corrupt")
    func continuation() {
        let ok = ControlStanzaParser.parse("Package: a\nDescription: one\n two\n .\n three\n", path: "s")
        #expect(ok.stanzas.first?["description"] == "one\ntwo\n\nthree")
        let bad = ControlStanzaParser.parse(" leading\nPackage: a\n\nPackage: b\nVersion: 1\n", path: "s")
        #expect(bad.stanzas.map { $0["Package"] } == ["b"])
        #expect(bad.diagnostics.first?.location == SourceLocation(file: "s", line: 1))
    }

    @Test("a duplicate field makes the stanza corrupt")
    func duplicate() {
        let parsed = ParseDpkgStatus.parse("Package: a\nVersion: 1\nVersion: 2\n\nPackage: b\nVersion: 1\n", path: "s")
        #expect(parsed.entries.map(\.package) == ["b"])
        #expect(parsed.diagnostics.first?.location == SourceLocation(file: "s", line: 3))
    }

    @Test("random and truncated input ends in entries or diagnostics, never a crash")
    func fuzz() throws {
        let seed = try String(contentsOf: Fixtures.root.appendingPathComponent("dpkg/happy/var/lib/dpkg/status"),
                              encoding: .utf8)
        var generator = SystemRandomNumberGenerator()
        let bytes = Array(seed.utf8)
        for _ in 0..<200 {
            var mutated = bytes
            for _ in 0..<8 {
                let i = Int.random(in: 0..<mutated.count, using: &generator)
                mutated[i] = [UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: ":"), 0xFF, 0][Int.random(in: 0..<5, using: &generator)]
            }
            let cut = Int.random(in: 0...mutated.count, using: &generator)
            let parsed = ParseDpkgStatus.parse(String(decoding: mutated[..<cut], as: UTF8.self), path: "s")
            #expect(parsed.entries.count <= 5)
        }
    }

    @Test("licenses from /usr/share/doc/<pkg>/copyright equal Syft 1.18.1's on the same real files")
    func copyrightLicenses() throws {
        let byName = Dictionary(uniqueKeysWithValues: try catalog("dpkg/happy").packages.map { ($0.name, $0.licenses) })
        #expect(byName == [
            "base-files": ["GPL"],
            "libc6": ["GPL-2", "LGPL-2.1"],
            "libssl3": ["Apache-2.0", "Artistic", "GPL-1", "GPL-1+"],
            "tzdata": ["public-domain"],
        ])
    }

    @Test("copyright parsing: DEP-5 first words, common-licenses references, repeats and garbage")
    func copyrightParsing() {
        #expect(ParseDebianCopyright.parse("License: MIT or X\r\nLicense:\nsee /usr/share/common-licenses/GPL-3.\n"
            + "both /usr/share/common-licenses/BSD and /usr/share/common-licenses/BSD\n") == ["BSD", "GPL-3", "MIT"])
        #expect(ParseDebianCopyright.parse("") == [])
        #expect(ParseDebianCopyright.parse("License: none\nLicense:  * Permission is granted\nLicense:   BSD-2-Clause\n") == ["BSD-2-Clause"])
        let many = (0..<500).map { "License: L\($0)" }.joined(separator: "\n")
        #expect(ParseDebianCopyright.parse(many).count == ParseDebianCopyright.maxLicenses)
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<400)).map { _ in UInt8.random(in: 0...255) }
            _ = ParseDebianCopyright.parse(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test("Depends/Pre-Depends resolve to installed packages: alternatives, :any, versions, Provides, self and missing")
    func dependencies() throws {
        let status = """
            Package: app
            Status: install ok installed
            Version: 1
            Architecture: amd64
            Pre-Depends: libc6 (>= 2.34)
            Depends: perl:any, missing-pkg | mawk (>= 1.3), debconf (>= 0.5) | debconf-2.0, app, libc6 [amd64], awk

            Package: libc6
            Status: install ok installed
            Version: 2.36-9
            Architecture: amd64

            Package: perl-base
            Status: install ok installed
            Version: 5.36
            Architecture: amd64
            Provides: perl

            Package: mawk
            Status: install ok installed
            Version: 1.3.4
            Architecture: amd64
            Provides: awk

            """
        let parsed = ParseDpkgStatus.parse(status, path: "status")
        let packages = parsed.entries.map {
            Package(name: $0.package, version: $0.version, ecosystem: .debian, purl: $0.purl(release: nil), foundBy: "t")
        }
        let resolved = DpkgCataloger.resolveDependencies(packages, entries: parsed.entries)
        let app = try #require(resolved.first { $0.name == "app" })
        // libc6 once (Pre-Depends and Depends), perl via Provides, mawk as the installed alternative,
        // debconf group unresolved, self skipped, awk provided by mawk (already listed).
        #expect(app.dependencies.map(\.name) == ["libc6", "perl-base", "mawk"])
        #expect(resolved.first { $0.name == "libc6" }?.dependencies == [])
        #expect(ParseDpkgStatus.relations("a (>= 1) | b:any, c [i386] <!nocheck>, , d") == [["a", "b"], ["c"], ["d"]])
    }
}
