import BulkheadCore
@testable import BulkheadVulnDB
import Foundation
import Testing

/// Builds a real SQLite database in a temporary directory from OSV records given inline.
struct TempDatabase {
    let dir: URL
    var path: String { dir.appendingPathComponent("vuln.db").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-vulndb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    /// Writes each `(name, text)` to the directory and imports them all.
    @discardableResult
    func importFiles(_ files: [(String, String)]) throws -> ImportSummary {
        var paths: [String] = []
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        return try DatabaseUpdate.run(at: path) { writer throws(VulnDBError) in
            try FeedImporter().importPaths(paths, into: writer)
        }
    }

    func open() throws -> VulnDatabase { try VulnDatabase(path: path) }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

func pypi(_ name: String, _ version: String) -> Package {
    Package(name: name, version: version, ecosystem: .pypi,
            purl: PURL(type: "pypi", name: name.lowercased(), version: version), foundBy: "test")
}

@Suite struct MatcherTests {
    static let django = """
        {"id": "PYSEC-2019-79", "modified": "2021-01-01T00:00:00Z", "aliases": ["CVE-2019-12308", "GHSA-7rp2-fm2h-wchj"],
         "affected": [{"package": {"ecosystem": "PyPI", "name": "django"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.1"}, {"fixed": "2.1.9"},
              {"introduced": "1.11"}, {"fixed": "1.11.21"}, {"introduced": "2.2"}, {"fixed": "2.2.2"}]}],
           "versions": ["2.2", "2.2.1"]}]}
        """
    static let ghsa = """
        {"id": "GHSA-7rp2-fm2h-wchj", "modified": "2021-01-01T00:00:00Z", "aliases": ["CVE-2019-12308"],
         "summary": "Django AdminURLFieldWidget XSS",
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"}],
         "database_specific": {"severity": "MODERATE"},
         "affected": [{"package": {"ecosystem": "PyPI", "name": "Django"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.2"}, {"fixed": "2.2.2"}]}]}]}
        """

    @Test func aliasesMergeIntoOneFindingWithTheFixOfTheInstalledLine() throws {
        let db = try TempDatabase()
        defer { db.remove() }
        try db.importFiles([("a.json", Self.django), ("b.json", Self.ghsa)])
        let result = try Matcher(database: try db.open()).match([pypi("Django", "2.2")], distro: nil)
        try #require(result.findings.count == 1)
        let f = result.findings[0]
        #expect(f.id == "CVE-2019-12308")
        #expect(f.aliases == ["GHSA-7rp2-fm2h-wchj", "PYSEC-2019-79"])
        #expect(f.matchedRecords == ["GHSA-7rp2-fm2h-wchj", "PYSEC-2019-79"])
        #expect(f.fixedVersions == ["2.2.2"])
        #expect(f.fixState == .fixed)
        #expect(f.title == "Django AdminURLFieldWidget XSS")
        #expect(f.vendorSeverities["ghsa"] == "MODERATE")
        #expect(try Matcher(database: try db.open()).match([pypi("django", "2.2.2")], distro: nil).findings.isEmpty)
        #expect(try Matcher(database: try db.open()).match([pypi("Django", "2.1.8")], distro: nil).findings.first?.fixedVersions == ["2.1.9"])
    }

    @Test func withdrawnRecordsAreSkipped() throws {
        let db = try TempDatabase()
        defer { db.remove() }
        let withdrawn = Self.django.replacingOccurrences(of: "\"modified\"", with: "\"withdrawn\": \"2022-01-01T00:00:00Z\", \"modified\"")
        try db.importFiles([("a.json", withdrawn)])
        #expect(try Matcher(database: try db.open()).match([pypi("Django", "2.2")], distro: nil).findings.isEmpty)
    }

    @Test func pep503NamesMeet() throws {
        let db = try TempDatabase()
        defer { db.remove() }
        let record = """
            {"id": "PYSEC-X", "modified": "2021-01-01T00:00:00Z",
             "affected": [{"package": {"ecosystem": "PyPI", "name": "Zope.Interface"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.0"}]}]}]}
            """
        try db.importFiles([("a.json", record)])
        let found = try Matcher(database: try db.open()).match([pypi("zope_interface", "4.1")], distro: nil).findings
        #expect(found.map(\.id) == ["PYSEC-X"])
    }

    @Test func recordsWithoutSummaryGetTheFirstSentenceOfTheirDetailsAsTitle() throws {
        #expect(Matcher.headline("An issue was discovered in Django 2.2 before 2.2.2. The widget is unsafe.")
                == "An issue was discovered in Django 2.2 before 2.2.2")
        let long = String(repeating: "word ", count: 40)
        let h = Matcher.headline(long)
        #expect(h.count <= 101 && h.hasSuffix("…"))
    }

    @Test func twoCVEsNeverMergeThroughARecordThatAliasesBoth() throws {
        let db = try TempDatabase()
        defer { db.remove() }
        func record(_ id: String, _ aliases: [String]) -> String {
            """
            {"id": "\(id)", "modified": "2024-01-01T00:00:00Z", "aliases": [\(aliases.map { "\"\($0)\"" }.joined(separator: ","))],
             "affected": [{"package": {"ecosystem": "PyPI", "name": "h2lib"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}]}
            """
        }
        try db.importFiles([("a.json", record("GHSA-aaaa-bbbb-cccc", ["CVE-2023-39325", "CVE-2023-44487"])),
                            ("b.json", record("PYSEC-2023-1", ["CVE-2023-39325"])),
                            ("c.json", record("PYSEC-2023-2", ["CVE-2023-44487"]))])
        let ids = try Matcher(database: try db.open()).match([pypi("h2lib", "1.0")], distro: nil).findings.map(\.id).sorted()
        #expect(ids == ["CVE-2023-39325", "CVE-2023-44487"])
    }
}
