import BulkheadCore
import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadSBOM

enum SBOMFormat: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case cyclonedx, spdx

    var ext: String { self == .cyclonedx ? "cdx.json" : "spdx.json" }
    var testDescription: String { rawValue }

    func render(_ document: SBOMDocument) throws -> String {
        switch self {
        case .cyclonedx: try CycloneDXWriter().render(document)
        case .spdx: try SPDXWriter().render(document)
        }
    }
}

/// Both encoders against golden files (`Golden/<format>/<case>.<ext>`).
/// `BULKHEAD_UPDATE_GOLDEN=1 swift test --filter SBOMGolden` rewrites them for review.
@Suite("SBOM writers match their golden files")
struct SBOMGoldenTests {
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test("golden", arguments: SBOMFormat.allCases, SBOMFixtures.cases.map(\.0))
    func golden(_ format: SBOMFormat, _ caseName: String) throws {
        let document = try #require(SBOMFixtures.document(caseName))
        let output = try format.render(document)
        let url = Self.goldenRoot.appendingPathComponent("\(format.rawValue)/\(caseName).\(format.ext)")
        switch Golden.compare(output, to: url) {
        case .match, .updated: break
        case .missing: Issue.record("missing golden file \(url.path); run with BULKHEAD_UPDATE_GOLDEN=1")
        case .mismatch(let expected):
            Issue.record("\(format) \(caseName) differs from golden:\n--- expected\n\(expected)\n--- actual\n\(output)")
        }
    }

    @Test("output does not depend on the order packages were found in", arguments: SBOMFormat.allCases)
    func orderIndependent(_ format: SBOMFormat) throws {
        var shuffled = SBOMFixtures.image
        shuffled.packages.reverse()
        #expect(try format.render(shuffled) == format.render(SBOMFixtures.image))
    }

    @Test("no timestamp is written unless one is given")
    func timestamps() throws {
        let plain = try CycloneDXWriter().render(SBOMFixtures.image)
        #expect(!plain.contains("timestamp"))
        var stamped = SBOMFixtures.image
        stamped.timestamp = "2026-11-29T12:00:00Z"
        #expect(try CycloneDXWriter().render(stamped).contains(#""timestamp" : "2026-11-29T12:00:00Z""#))
        #expect(try SPDXWriter().render(SBOMFixtures.image).contains(#""created" : "1970-01-01T00:00:00Z""#))
        let created = try SPDXWriter(options: .init(created: "2026-11-29T12:34:56Z")).render(SBOMFixtures.image)
        #expect(created.contains(#""created" : "2026-11-29T12:34:56Z""#))
    }

    @Test("the serial number is a UUID derived from the content")
    func serialNumber() throws {
        let uuid = SBOMFixtures.image.serialUUID
        #expect(uuid.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        #expect(UUID(uuidString: uuid) != nil)
        #expect(SBOMFixtures.image.serialUUID == uuid)
        var fewer = SBOMFixtures.image
        fewer.packages.removeLast()
        #expect(fewer.serialUUID != uuid)
        let cdx = try CycloneDXWriter().render(SBOMFixtures.image)
        #expect(cdx.contains(#""serialNumber" : "urn:uuid:\#(uuid)""#))
        #expect(try SPDXWriter().render(SBOMFixtures.image).contains(uuid))
    }

    @Test("CycloneDX bom-refs are unique and duplicated purls get a package-id")
    func bomRefs() throws {
        let cdx = try CycloneDXWriter().render(SBOMFixtures.image)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(cdx.utf8)) as? [String: Any])
        let components = try #require(object["components"] as? [[String: Any]])
        let refs = components.compactMap { $0["bom-ref"] as? String }
        #expect(refs.count == SBOMFixtures.image.packages.count + 1)
        #expect(Set(refs).count == refs.count)
        #expect(refs.filter { $0.hasPrefix("pkg:pypi/six@1.16.0?package-id=") }.count == 2)
        #expect(components.first?["type"] as? String == "operating-system")
        let purls = components.compactMap { $0["purl"] as? String }
        #expect(purls == purls.sorted())
        #expect(purls.contains("pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64&distro=debian-12"))
        #expect(purls.contains("pkg:npm/%40types/node@20.10.0"))
    }

    @Test("SPDX identifiers are unique idstrings and the root contains every package")
    func spdxIdentifiers() throws {
        let spdx = try SPDXWriter().render(SBOMFixtures.image)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(spdx.utf8)) as? [String: Any])
        let packages = try #require(object["packages"] as? [[String: Any]])
        let ids = packages.compactMap { $0["SPDXID"] as? String }
        #expect(ids.count == SBOMFixtures.image.packages.count + 2)
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(id.wholeMatch(of: /SPDXRef-[A-Za-z0-9.\-]+/) != nil, "bad SPDXID \(id)") }
        let relationships = try #require(object["relationships"] as? [[String: Any]])
        #expect(relationships.filter { $0["relationshipType"] as? String == "CONTAINS" }.count == ids.count - 1)
        #expect(relationships.first?["relationshipType"] as? String == "DESCRIBES")
    }
}

@Suite("SPDX license classification")
struct LicenseClassificationTests {
    @Test(arguments: zip(
        ["MIT", "mit", "Apache-2.0 OR MIT", "apache-2.0 or bsd-3-clause", "GPL-2.0-only WITH Classpath-exception-2.0",
         "(MIT OR Apache-2.0) AND BSD-3-Clause", "GPL-2.0+", "LGPL-2.1+ AND MIT", "GPL-2+", "Custom License", "MIT OR",
         "(MIT", "MIT WITH MIT", "AND"],
        [SPDXLicenseExpression.Kind.identifier("MIT"), .identifier("MIT"), .expression("Apache-2.0 OR MIT"),
         .expression("Apache-2.0 OR BSD-3-Clause"), .expression("GPL-2.0-only WITH Classpath-exception-2.0"),
         .expression("(MIT OR Apache-2.0) AND BSD-3-Clause"), .identifier("GPL-2.0+"), .expression("LGPL-2.1+ AND MIT"),
         .freeText("GPL-2+"), .freeText("Custom License"), .freeText("MIT OR"), .freeText("(MIT"),
         .freeText("MIT WITH MIT"), .freeText("AND")]))
    func classify(_ text: String, _ expected: SPDXLicenseExpression.Kind) {
        #expect(SPDXLicenseExpression.classify(text) == expected)
    }
}

/// Validates both encoders' output against the published schemas with Python's `jsonschema`
/// (CycloneDX's `$ref`s to `spdx.schema.json` and `jsf-0.82.schema.json` are resolved to the
/// local copies through a `referencing` registry), and SPDX additionally with `pyspdxtools`.
/// A missing Python, jsonschema or schema file is a failure.
@Suite("SBOM schemas")
struct SBOMSchemaValidationTests {
    static let cyclonedxSchema = Corpus.url("schemas/cyclonedx/bom-1.6.schema.json")
    static let spdxSchema = Corpus.url("schemas/spdx/spdx-schema-2.3.json")
    static let peersPyspdxtools = FileManager.default.homeDirectoryForCurrentUser
        .appendingPathComponent(".cache/bulkhead-peers/peers-venv/bin/pyspdxtools")

    /// How to run pyspdxtools: python3 with `spdx-tools` installed (what `.ci/run` sets up),
    /// else the peers' venv (`../shared/peers/install-peers.sh`); nil when neither exists.
    static let pyspdxtoolsCommand: [String]? = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import spdx_tools.spdx.clitools.pyspdxtools"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        if (try? probe.run()) != nil {
            probe.waitUntilExit()
            if probe.terminationStatus == 0 {
                return ["/usr/bin/env", "python3", "-c",
                        "import sys; from spdx_tools.spdx.clitools.pyspdxtools import main; sys.argv[0] = 'pyspdxtools'; main()"]
            }
        }
        if FileManager.default.isExecutableFile(atPath: peersPyspdxtools.path) { return [peersPyspdxtools.path] }
        return nil
    }()


    static func run(_ arguments: [String], document: String, ext: String) throws -> (Int32, String) {
        try Oracle.run(arguments, document: document, ext: ext)
    }

    static func validate(_ document: String, schema: URL) throws -> (Int32, String) {
        try Oracle.validateJSONSchema(document, schema: schema)
    }

    @Test("CycloneDX validates against the CycloneDX 1.6 schema", arguments: SBOMFixtures.cases.map(\.0))
    func cyclonedx(_ name: String) throws {
        let bom = try CycloneDXWriter().render(try #require(SBOMFixtures.document(name)))
        let (status, output) = try Self.validate(bom, schema: Self.cyclonedxSchema)
        #expect(status == 0, "CycloneDX invalid: \(output)")
    }

    @Test("a broken CycloneDX BOM is rejected (the validator can fail)")
    func cyclonedxNegative() throws {
        var bom = try CycloneDXWriter().render(SBOMFixtures.image)
        bom = bom.replacingOccurrences(of: #""type" : "library""#, with: #""type" : "librarian""#)
        bom = bom.replacingOccurrences(of: #""id" : "MIT""#, with: #""id" : "Not-A-Real-License""#)
        let (status, output) = try Self.validate(bom, schema: Self.cyclonedxSchema)
        #expect(status == 1, "expected schema errors, got: \(output)")
        #expect(output.contains("librarian"))
        let (status2, _) = try Self.validate(#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{}]}"#,
                                             schema: Self.cyclonedxSchema)
        #expect(status2 == 1)
    }

    @Test("SPDX validates against the SPDX 2.3 schema", arguments: SBOMFixtures.cases.map(\.0))
    func spdx(_ name: String) throws {
        let doc = try SPDXWriter().render(try #require(SBOMFixtures.document(name)))
        let (status, output) = try Self.validate(doc, schema: Self.spdxSchema)
        #expect(status == 0, "SPDX invalid: \(output)")
    }

    @Test("a broken SPDX document is rejected (the validator can fail)")
    func spdxNegative() throws {
        let doc = try SPDXWriter().render(SBOMFixtures.image)
            .replacingOccurrences(of: #""filesAnalyzed" : false"#, with: #""filesAnalyzed" : "no""#)
        let (status, output) = try Self.validate(doc, schema: Self.spdxSchema)
        #expect(status == 1, "expected schema errors, got: \(output)")
    }

    @Test("SPDX passes pyspdxtools validation", arguments: SBOMFixtures.cases.map(\.0))
    func pyspdx(_ name: String) throws {
        guard let command = Self.pyspdxtoolsCommand else {
            Issue.record("pyspdxtools is missing (pip install spdx-tools, as .ci/run does); SPDX semantic validation did not run")
            return
        }
        let doc = try SPDXWriter().render(try #require(SBOMFixtures.document(name)))
        let (status, output) = try Self.run(command + ["-i"], document: doc, ext: "spdx.json")
        #expect(status == 0, "pyspdxtools: \(output)")
        #expect(!output.localizedCaseInsensitiveContains("invalid"), "pyspdxtools: \(output)")
    }

    @Test("pyspdxtools rejects a broken SPDX document (the validator can fail)")
    func pyspdxNegative() throws {
        guard let command = Self.pyspdxtoolsCommand else {
            Issue.record("pyspdxtools is missing (pip install spdx-tools, as .ci/run does); SPDX semantic validation did not run")
            return
        }
        let doc = try SPDXWriter().render(SBOMFixtures.image)
            .replacingOccurrences(of: #""relatedSpdxElement" : "SPDXRef-Package-"#, with: #""relatedSpdxElement" : "SPDXRef-Missing-"#)
        let (status, output) = try Self.run(command + ["-i"], document: doc, ext: "spdx.json")
        #expect(status != 0 || output.localizedCaseInsensitiveContains("invalid"), "pyspdxtools accepted: \(output)")
    }
}
