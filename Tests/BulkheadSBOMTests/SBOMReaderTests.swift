import BulkheadCore
import Foundation
import Testing

@testable import BulkheadSBOM

/// Real SBOMs made by Syft and Trivy (see `Fixtures/README.md`), with the purl lists taken from
/// each tool's own JSON output for the same scan.
enum ReaderFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(name)))
    }

    /// Canonical purls from a `*-purls.txt` list (parsed and re-rendered, so encodings agree).
    static func purls(_ name: String) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
        return try text.split(separator: "\n").map { line in try #require(PURL(parsing: String(line)), "bad purl \(line)").description }
            .sorted()
    }
}

/// What a declared license reads back as: SPDX ids and expressions normalized, text trimmed.
private func normalized(_ licenses: [String]) -> [String] {
    SPDXLicenseExpression.classifyAll(licenses).map { kind in
        switch kind {
        case .identifier(let id): id
        case .expression(let text), .freeText(let text): text
        }
    }
}

private func sorted(_ packages: [Package]) -> [Package] {
    packages.sorted { SBOMDocument.sortKey($0).lexicographicallyPrecedes(SBOMDocument.sortKey($1)) }
}

@Suite("SBOM readers: round trips through Bulkhead's writers")
struct SBOMRoundTripTests {
    @Test("CycloneDX: every package field Bulkhead writes reads back, and rewriting is byte-identical",
          arguments: SBOMFixtures.cases.map(\.0))
    func cyclonedx(_ caseName: String) throws {
        let original = try #require(SBOMFixtures.document(caseName))
        let text = try CycloneDXWriter().render(original)
        let result = try SBOMReader.readReporting(Array(text.utf8), path: "\(caseName).cdx.json")
        #expect(result.format == .cyclonedx)
        #expect(result.diagnostics.isEmpty)
        let read = result.document
        #expect(read.subject == original.subject)
        #expect(read.operatingSystem == original.operatingSystem)
        #expect(read.tool == original.tool)
        #expect(read.packages.count == original.packages.count)
        for (got, want) in zip(sorted(read.packages), sorted(original.packages)) {
            #expect(got.purl == want.purl)
            #expect(got.name == want.name && got.version == want.version && got.ecosystem == want.ecosystem)
            #expect(got.foundBy == want.foundBy)
            #expect(got.locations == want.locations)
            #expect(got.sourceName == want.sourceName && got.sourceVersion == want.sourceVersion)
            #expect(got.architecture == want.architecture)
            #expect(got.licenses == normalized(want.licenses), "\(want.name)")
        }
        #expect(try CycloneDXWriter().render(read) == text)
    }

    @Test("SPDX: purls, names, versions, licenses, cataloger and paths read back; a second round trip changes nothing",
          arguments: SBOMFixtures.cases.map(\.0))
    func spdx(_ caseName: String) throws {
        let original = try #require(SBOMFixtures.document(caseName))
        let text = try SPDXWriter().render(original)
        let result = try SBOMReader.readReporting(Array(text.utf8), path: "\(caseName).spdx.json")
        #expect(result.format == .spdx)
        #expect(result.diagnostics.isEmpty)
        let read = result.document
        #expect(read.subject == original.subject)
        #expect(read.operatingSystem == original.operatingSystem)
        #expect(read.tool == original.tool)
        #expect(read.timestamp == nil)
        #expect(read.packages.count == original.packages.count)
        let key: (Package) -> String = { "\($0.purl)|\($0.locations.map(\.path))" }
        for (got, want) in zip(read.packages.sorted { key($0) < key($1) }, original.packages.sorted { key($0) < key($1) }) {
            #expect(got.purl == want.purl)
            #expect(got.name == want.name && got.version == want.version && got.ecosystem == want.ecosystem)
            #expect(got.foundBy == want.foundBy)
            #expect(got.locations.map(\.path) == want.locations.map(\.path))
            #expect(got.licenses == normalized(want.licenses), "\(want.name)")
        }
        // SPDX carries no layers, so the first rewrite may differ (package ids hash them); after that it is stable.
        let again = try SPDXWriter().render(read)
        let reread = try SBOMReader.read(Array(again.utf8), path: "again.spdx.json")
        #expect(sorted(reread.packages) == sorted(read.packages))
        #expect(reread.subject == read.subject && reread.operatingSystem == read.operatingSystem && reread.tool == read.tool)
        if !original.packages.contains(where: { $0.locations.contains { $0.layer != nil } }) {
            #expect(again == text)
        }
    }
}

@Suite("SBOM readers: real Syft and Trivy SBOMs")
struct RealSBOMReaderTests {
    func read(_ name: String) throws -> SBOMReader.Result {
        try SBOMReader.readReporting(try ReaderFixtures.bytes(name), path: name)
    }

    @Test("Syft CycloneDX 1.6 of the secdemo image: the same purls as Syft's own JSON, OS, subject, layers")
    func syftCycloneDX() throws {
        let result = try read("secdemo.syft.cdx.json")
        #expect(result.diagnostics.isEmpty)
        let document = result.document
        #expect(document.packages.map(\.purl.description).sorted() == (try ReaderFixtures.purls("secdemo.syft-purls.txt")))
        #expect(document.packages.count == 122)
        #expect(document.operatingSystem == .init(id: "debian", version: "12", prettyName: "Debian GNU/Linux 12 (bookworm)"))
        #expect(document.subject.kind == .image)
        #expect(document.subject.digest == "sha256:15f0cf86c3fdebc49d4996cde5a286937abb7ef703df5f561e1404ed2727a675")
        #expect(document.tool == .init(name: "syft", version: "1.18.1"))
        let certifi = try #require(document.packages.first { $0.name == "certifi" })
        #expect(certifi.ecosystem == .pypi)
        #expect(certifi.foundBy == "python-installed-package-cataloger")
        #expect(certifi.licenses == ["MPL-2.0"])
        #expect(certifi.locations == [PackageLocation(
            path: "/usr/lib/python3/dist-packages/certifi-2018.4.16.dist-info/METADATA",
            layer: "sha256:010bb52ffd5d0d2edf370aa645917ddea274a0ff1e130d458b46c729f7303c53")])
        #expect(Dictionary(grouping: document.packages, by: \.ecosystem).mapValues(\.count) == [.debian: 112, .pypi: 10])
    }

    @Test("Syft SPDX 2.3 of the same image: the same purls; the DESCRIBES root is the subject; LicenseRefs become text")
    func syftSPDX() throws {
        let result = try read("secdemo.syft.spdx.json")
        let document = result.document
        #expect(document.packages.map(\.purl.description).sorted() == (try ReaderFixtures.purls("secdemo.syft-purls.txt")))
        #expect(document.subject.kind == .image)
        #expect(document.subject.name == "/root/.cache/bulkhead-peers/images/secdemo-docker.tar")
        #expect(document.subject.digest == "sha256:15f0cf86c3fdebc49d4996cde5a286937abb7ef703df5f561e1404ed2727a675")
        #expect(document.tool == .init(name: "syft", version: "1.18.1"))
        let adduser = try #require(document.packages.first { $0.name == "adduser" })
        #expect(adduser.licenses == ["GPL-2.0-only", "GPL-2.0-or-later"])
        #expect(adduser.locations.first?.path == "/usr/share/doc/adduser/copyright")
        #expect(!document.packages.contains { $0.licenses.contains { $0.hasPrefix("LicenseRef-") } })
        // The same scan written as CycloneDX and as SPDX reads back to the same names, versions and licenses.
        let cdx = try read("secdemo.syft.cdx.json").document
        let byPurl = Dictionary(cdx.packages.map { ($0.purl, $0) }, uniquingKeysWith: { a, _ in a })
        for package in document.packages {
            let twin = try #require(byPurl[package.purl])
            #expect(package.name == twin.name && package.version == twin.version)
            #expect(Set(package.licenses) == Set(twin.licenses), "\(package.purl)")
        }
    }

    @Test("Trivy CycloneDX 1.7 of the same image: the same purls as Trivy's own JSON, OS, layer and source package")
    func trivyCycloneDX() throws {
        let result = try read("secdemo.trivy.cdx.json")
        #expect(result.diagnostics.isEmpty)
        let document = result.document
        #expect(document.packages.map(\.purl.description).sorted() == (try ReaderFixtures.purls("secdemo.trivy-purls.txt")))
        #expect(document.packages.count == 122)
        #expect(document.operatingSystem?.id == "debian")
        #expect(document.operatingSystem?.version == "12.15")
        #expect(document.tool == .init(name: "trivy", version: "0.76.0"))
        let certifi = try #require(document.packages.first { $0.name == "certifi" })
        #expect(certifi.locations == [PackageLocation(
            path: "/usr/lib/python3/dist-packages/certifi-2018.4.16.dist-info/METADATA",
            layer: "sha256:010bb52ffd5d0d2edf370aa645917ddea274a0ff1e130d458b46c729f7303c53")])
        let libssl = try #require(document.packages.first { $0.name == "libssl3" })
        #expect(libssl.sourceName == "openssl")
        #expect(libssl.architecture == "amd64")
    }

    @Test("older formats: Syft CycloneDX 1.4 (tools array) and SPDX 2.2 (PACKAGE_MANAGER) of the Java jars")
    func olderFormats() throws {
        let expected = try ReaderFixtures.purls("jars.syft-purls.txt")
        let cdx = try read("jars.syft-1.4.cdx.json").document
        #expect(cdx.packages.map(\.purl.description).sorted() == expected)
        #expect(cdx.tool == .init(name: "syft", version: "1.18.1"))
        #expect(cdx.packages.allSatisfy { $0.foundBy == "java-archive-cataloger" && $0.ecosystem == .maven })
        #expect(cdx.subject.kind == .directory)
        let spdx = try read("jars.syft-2.2.spdx.json").document
        #expect(spdx.packages.map(\.purl.description).sorted() == expected)
    }
}

@Suite("SBOM readers: malformed input")
struct MalformedSBOMTests {
    func error(_ json: String, path: String = "bad.json") -> SBOMError? {
        do {
            _ = try SBOMReader.read(Array(json.utf8), path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test("errors name the file and the JSON path", arguments: [
        ("{ \"bomFormat\": \"CycloneDX\", ", "malformed-sbom", nil),
        (#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a"},{"name":5}]}"#, "malformed-sbom",
         "components[1].name"),
        (#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a","components":[{"licenses":{"x":1}}]}]}"#,
         "malformed-sbom", "components[0].components[0].licenses"),
        (#"{"spdxVersion":"SPDX-2.3","packages":{"a":1}}"#, "malformed-sbom", "packages"),
        (#"{"spdxVersion":"SPDX-2.3","packages":[{"externalRefs":[{"referenceLocator":true}]}]}"#, "malformed-sbom",
         "packages[0].externalRefs[0].referenceLocator"),
        (#"{"hello":"world"}"#, "unsupported-sbom", nil),
        (#"[1,2]"#, "malformed-sbom", nil),
        (#"{"bomFormat":"CycloneDX","specVersion":"2.0"}"#, "unsupported-sbom", "specVersion"),
        (#"{"spdxVersion":"SPDX-3.0"}"#, "unsupported-sbom", "spdxVersion"),
    ] as [(String, String, String?)])
    func located(_ json: String, _ code: String, _ field: String?) throws {
        let failure = try #require(error(json, path: "dir/app.cdx.json"))
        #expect(failure.code.rawValue == code)
        #expect(failure.location?.file == "dir/app.cdx.json")
        #expect(failure.location?.fieldPath == field)
        #expect(failure.description.hasPrefix("dir/app.cdx.json"))
        if let field { #expect(failure.description.contains(field)) }
    }

    @Test("a JSON syntax error says where it is")
    func syntax() throws {
        let failure = try #require(error("{\n  \"bomFormat\": \"CycloneDX\",\n  \"components\": [1 2]\n}", path: "s.json"))
        #expect(failure.message == "not valid JSON: expected ',' or ']' at line 3, column 20")
        #expect(JSONSyntax.firstProblem(in: Array(#"{"a":[1,-2.5e3,true,null,"x\u00e9"],"b":{}}"#.utf8)) == nil)
        for bad in ["", "{", "{\"a\"}", "[1,]", "{\"a\":01}", "\"\\x\"", "[] []", "{'a':1}"] {
            #expect(JSONSyntax.firstProblem(in: Array(bad.utf8)) != nil, "\(bad)")
        }
    }

    @Test("an unusable entry is skipped with a located diagnostic; the other packages stay")
    func skipped() throws {
        let json = #"""
            {"bomFormat":"CycloneDX","specVersion":"1.5","components":[
              {"type":"library","name":"ok","version":"1","purl":"pkg:npm/ok@1"},
              {"type":"library","name":"bad","purl":"not a purl"},
              {"type":"library","name":"gen","purl":"pkg:generic/gen@2"},
              {"type":"application","name":"app","components":[{"type":"library","name":"inner","purl":"pkg:cargo/inner@0.1.0"}]}]}
            """#
        let result = try SBOMReader.readReporting(Array(json.utf8), path: "x.cdx.json")
        #expect(result.document.packages.map(\.purl.description) == ["pkg:npm/ok@1", "pkg:cargo/inner@0.1.0"])
        #expect(result.document.packages.first?.foundBy == "unknown")
        #expect(result.diagnostics.map { $0.location?.fieldPath } == ["components[1].purl", "components[2].purl"])
        #expect(result.diagnostics.map(\.level) == [.warning, .note])
        #expect(result.document.subject == .init(name: "x.cdx.json", kind: .directory))
    }

    @Test("random mutations and truncations of real SBOMs throw or read, never crash")
    func fuzz() throws {
        let seeds = try ["jars.syft-1.4.cdx.json", "jars.syft-2.2.spdx.json"].map(ReaderFixtures.bytes)
        let alphabet = Array("{}[]\":,0 atn\\".utf8)
        var outcomes = (read: 0, failed: 0)
        for round in 0..<400 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...5) {
                bytes[Int.random(in: 0..<bytes.count)] = alphabet[Int.random(in: 0..<alphabet.count)]
            }
            if round % 4 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count))) }
            do {
                let document = try SBOMReader.read(bytes, path: "fuzz.json")
                #expect(document.packages.allSatisfy { !$0.name.isEmpty })
                outcomes.read += 1
            } catch {
                #expect(error.location?.file == "fuzz.json")
                outcomes.failed += 1
            }
        }
        #expect(outcomes.read > 0 && outcomes.failed > 0)
    }
}

@Suite("PURL parsing")
struct PURLParsingTests {
    @Test("canonical purls parse and render back unchanged", arguments: [
        "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64&distro=debian-12",
        "pkg:npm/%40types/node@20.10.0",
        "pkg:maven/org.apache.maven/maven-slf4j-provider@3.8.7",
        "pkg:golang/github.com/x/y@v1.2.3",
        "pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64&distro=rhel-9.2&epoch=1&upstream=bash-5.1.8-6.el9.src.rpm",
        "pkg:maven/shop/shop",
        "pkg:pypi/six@1.16.0?package-id=abc#src/six",
    ])
    func roundTrip(_ text: String) throws {
        #expect(try #require(PURL(parsing: text)).description == text)
    }

    @Test("lenient forms normalize: raw @ scope, unordered and empty qualifiers, upper-case type")
    func lenient() throws {
        let scoped = try #require(PURL(parsing: "pkg:npm/@types/node@1.0"))
        #expect(scoped.namespace == "@types" && scoped.name == "node" && scoped.version == "1.0")
        #expect(PURL(parsing: "pkg:npm/@types/node")?.version == nil)
        #expect(PURL(parsing: "PKG:DEB/debian/a@1?distro=&arch=all")?.description == "pkg:deb/debian/a@1?arch=all")
        #expect(PURL(parsing: "pkg:deb/debian/base-files@12.4+deb12u15")?.description == "pkg:deb/debian/base-files@12.4%2Bdeb12u15")
    }

    @Test("non-purls are rejected", arguments: ["", "npm/x@1", "pkg:", "pkg:npm", "pkg:npm/", "pkg:n$m/x", "pkg:npm/x%FF@1"])
    func invalid(_ text: String) {
        #expect(PURL(parsing: text) == nil)
    }
}
