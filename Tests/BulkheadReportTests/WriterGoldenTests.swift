import BulkheadCore
import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadReport

/// Every writer against golden files (`Golden/<format>/<case>.<ext>`).
/// `BULKHEAD_UPDATE_GOLDEN=1 swift test --filter WriterGolden` rewrites them for review.
@Suite("Report writers match their golden files")
struct WriterGoldenTests {
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let formats: [(ReportFormat, String)] = [
        (.table, "txt"), (.json, "json"), (.sarif, "sarif"), (.junit, "xml"), (.github, "txt"), (.checkstyle, "xml"),
    ]

    static let cases: [(String, Report)] = [("findings", ReportFixtures.withFindings), ("clean", ReportFixtures.clean)]

    @Test("golden", arguments: formats.map(\.0), ["findings", "clean"])
    func golden(_ format: ReportFormat, _ caseName: String) throws {
        let ext = try #require(Self.formats.first { $0.0 == format }?.1)
        let report = try #require(Self.cases.first { $0.0 == caseName }?.1)
        let output = try format.makeWriter().render(report)
        let url = Self.goldenRoot.appendingPathComponent("\(format.rawValue)/\(caseName).\(ext)")
        switch Golden.compare(output, to: url) {
        case .match, .updated: break
        case .missing: Issue.record("missing golden file \(url.path); run with BULKHEAD_UPDATE_GOLDEN=1")
        case .mismatch(let expected):
            Issue.record("\(format) \(caseName) differs from golden:\n--- expected\n\(expected)\n--- actual\n\(output)")
        }
    }

    @Test("output is deterministic", arguments: formats.map(\.0))
    func deterministic(_ format: ReportFormat) throws {
        let a = try format.makeWriter().render(ReportFixtures.withFindings)
        let b = try format.makeWriter().render(ReportFixtures.withFindings)
        #expect(a == b)
    }

    @Test("the colored table has ANSI codes and the plain one has none")
    func colors() throws {
        let colored = try ReportFormat.table.makeWriter(options: .init(color: true)).render(ReportFixtures.withFindings)
        let plain = try ReportFormat.table.makeWriter(options: .init(color: false)).render(ReportFixtures.withFindings)
        #expect(colored.contains("\u{1B}["))
        #expect(!plain.contains("\u{1B}["))
    }

    @Test("findings are ordered by file, line and column")
    func ordering() {
        let lines = ReportFixtures.withFindings.targets[0].findings.map { $0.location.range?.start.line }
        #expect(lines == [1, 3])
    }

    @Test("the summary counts by severity once for every writer")
    func summary() {
        let s = ReportFixtures.withFindings.summary
        #expect(s.findings == 2)
        #expect(s.suppressed == 1)
        #expect(s.errors == 1)
        #expect(s.count(atLeast: .high) == 1)
        #expect(s.count(atLeast: .medium) == 2)
    }
}

/// Validates SARIF and JSON output against published / documented schemas with Python's
/// `jsonschema` (an independent validator). Missing Python or jsonschema is a failure.
@Suite("Schemas")
struct SchemaValidationTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func validate(_ document: String, schema: URL) throws -> (Int32, String) {
        try Oracle.validateJSONSchema(document, schema: schema)
    }

    @Test("SARIF validates against the SARIF 2.1.0 schema", arguments: ["findings", "clean"])
    func sarif(_ name: String) throws {
        let report = name == "findings" ? ReportFixtures.withFindings : ReportFixtures.clean
        let sarif = try SARIFWriter().render(report)
        let (status, output) = try validate(sarif, schema: Corpus.url("schemas/sarif/sarif-2.1.0.json"))
        #expect(status == 0, "SARIF invalid: \(output)")
    }

    @Test("a broken SARIF document is rejected (the validator can fail)")
    func sarifNegative() throws {
        let (status, _) = try validate(#"{"version": "2.1.0", "runs": [{"tool": {}}]}"#,
                                       schema: Corpus.url("schemas/sarif/sarif-2.1.0.json"))
        #expect(status == 1)
    }

    @Test("JSON validates against docs/report.schema.json", arguments: ["findings", "clean"])
    func json(_ name: String) throws {
        let report = name == "findings" ? ReportFixtures.withFindings : ReportFixtures.clean
        let json = try JSONWriter().render(report)
        let (status, output) = try validate(json, schema: Self.repoRoot.appendingPathComponent("docs/report.schema.json"))
        #expect(status == 0, "JSON invalid: \(output)")
    }

    @Test("a finding inside an image layer names the layer in its SARIF result properties, still schema-valid")
    func sarifLayer() throws {
        var report = ReportFixtures.withFindings
        let layer = "sha256:" + String(repeating: "ab", count: 32)
        report.targets[0].findings[0].layer = layer
        let sarif = try SARIFWriter().render(report)
        let (status, output) = try validate(sarif, schema: Corpus.url("schemas/sarif/sarif-2.1.0.json"))
        #expect(status == 0, "SARIF invalid: \(output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = try #require(((object["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        #expect((results[0]["properties"] as? [String: Any])?["layer"] as? String == layer)
        #expect(results[1]["properties"] == nil)
    }

    @Test("SARIF results carry partial fingerprints and rule indexes")
    func fingerprints() throws {
        let sarif = try SARIFWriter().render(ReportFixtures.withFindings)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        for r in results {
            let fp = try #require(r["partialFingerprints"] as? [String: String])
            #expect(fp["bulkheadFingerprint/v1"]?.count == 16)
            #expect(r["ruleIndex"] is Int)
        }
    }
}
