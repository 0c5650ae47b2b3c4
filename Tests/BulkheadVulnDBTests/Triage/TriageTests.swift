import BulkheadCore
@testable import BulkheadVulnDB
import Foundation
import Testing

/// Ignore files and OpenVEX: what suppresses which finding, expiry, and statement precedence.
@Suite struct TriageTests {
    static func finding(_ id: String = "CVE-2023-4911", name: String = "libc6", source: String? = "glibc",
                        purl: String = "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12",
                        aliases: [String] = ["DSA-5514-1"]) -> VulnerabilityFinding {
        VulnerabilityFinding(id: id, aliases: aliases, packageName: name, packageVersion: "2.36-9", sourceName: source,
                             ecosystem: "Debian:12", purl: purl, comparedVersion: "2.36-9", fixState: .fixed,
                             severity: .high, severitySource: "cvss-v3.1",
                             locations: [PackageLocation(path: "/var/lib/dpkg/status", layer: "sha256:aa")])
    }

    static let image = ["registry.example/app:1", "sha256:1111111111111111111111111111111111111111111111111111111111111111"]

    func vex(_ json: String) throws -> OpenVEX { try OpenVEX.parse(Data(json.utf8), file: "test.openvex.json") }

    func suppressed(_ doc: OpenVEX, _ f: VulnerabilityFinding = finding(), target: [String] = image) -> Bool {
        !Triage(vex: [doc], targetIDs: target).apply([f]).suppressed.isEmpty
    }

    @Test func packageProductsAndImageProductsWithSubcomponents() throws {
        let byPackage = try vex("""
            {"statements": [{"vulnerability": {"name": "CVE-2023-4911"}, "products": [{"@id": "pkg:deb/debian/libc6"}],
              "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
            """)
        #expect(suppressed(byPackage))
        #expect(!suppressed(byPackage, Self.finding(name: "libc-bin", purl: "pkg:deb/debian/libc-bin@2.36-9")))

        let byImageDigest = try vex("""
            {"statements": [{"vulnerability": {"name": "DSA-5514-1"},
              "products": [{"@id": "pkg:oci/app@sha256%3A1111111111111111111111111111111111111111111111111111111111111111",
                            "subcomponents": [{"@id": "pkg:deb/debian/libc6@2.36-9"}]}],
              "status": "not_affected", "impact_statement": "no setuid binaries"}]}
            """)
        #expect(suppressed(byImageDigest), "an alias names the vulnerability; the OCI purl's digest is percent-decoded")
        #expect(!suppressed(byImageDigest, target: ["other/app:2", "sha256:2222"]), "a VEX for image A does not apply to image B")
        #expect(!suppressed(byImageDigest, Self.finding(name: "libc-bin", purl: "pkg:deb/debian/libc-bin@2.36-9")),
                "subcomponents narrow the statement")

        let dotted = try vex("""
            {"statements": [{"vulnerability": "CVE-2023-4911", "products": ["example.com/app"], "status": "not_affected",
              "justification": "component_not_present"}]}
            """)
        #expect(!suppressed(dotted, target: [".", "/src"]), "a product is never matched by substring")
    }

    @Test func theLatestStatementWins() throws {
        let doc = try vex("""
            {"timestamp": "2026-01-01T00:00:00Z", "statements": [
              {"vulnerability": "CVE-2023-4911", "products": ["pkg:deb/debian/libc6"], "status": "not_affected",
               "justification": "vulnerable_code_not_present", "timestamp": "2026-02-01T00:00:00Z"},
              {"vulnerability": "CVE-2023-4911", "products": ["pkg:deb/debian/libc6"], "status": "affected",
               "timestamp": "2026-03-01T00:00:00Z"}]}
            """)
        #expect(!suppressed(doc), "a later 'affected' statement overrides an earlier 'not_affected'")
    }

    @Test func malformedVEXIsALocatedError() {
        #expect(throws: VulnDBError.self) { try vex(#"{"statements": [{"vulnerability": "CVE-1", "status": "not_affected", "products": []}]}"#) }
        do {
            _ = try vex(#"{"statements": [{"vulnerability": "CVE-1", "status": "nope"}]}"#)
        } catch {
            #expect("\(error)".contains("test.openvex.json: statements[0] (CVE-1): unknown status 'nope'"))
        }
    }

    @Test func ignoresMatchIdsAliasesSourcePackagesPurlsAndPaths() throws {
        let file = try IgnoreFile.parse("""
            ignores:
              - id: DSA-5514-1
                package: glibc
                reason: source package name and an alias
              - id: CVE-2023-4911
                package: pkg:deb/debian/libc-bin
                path: var/lib/dpkg
                reason: purl and path
            """, file: ".bulkheadignore")
        let t = Triage(ignores: file)
        #expect(t.apply([Self.finding()]).suppressed.count == 1)
        let bin = Self.finding(name: "libc-bin", source: "glibc", purl: "pkg:deb/debian/libc-bin@2.36-9")
        #expect(t.apply([bin]).suppressed.first?.suppression?.source == ".bulkheadignore:2")
        let other = Self.finding(name: "openssl", source: nil, purl: "pkg:deb/debian/openssl@3.0.9-1", aliases: [])
        #expect(t.apply([other]).active.count == 1)
    }

    @Test func expiredIgnoresStopSuppressingAndSaySo() throws {
        let file = try IgnoreFile.parse("""
            ignores:
              - id: CVE-2023-4911
                reason: accepted
                expires: 2026-01-31
            """, file: "ig.yaml")
        let before = Triage(ignores: file, now: IgnoreFile.endOfDay("2026-01-31")!)
        #expect(before.apply([Self.finding()]).suppressed.count == 1, "the expiry day itself still suppresses")
        let after = Triage(ignores: file, now: IgnoreFile.endOfDay("2026-02-01")!)
        let r = after.apply([Self.finding()])
        #expect(r.active.count == 1)
        #expect(r.diagnostics.map(\.message) == ["ig.yaml:2: the ignore of CVE-2023-4911 expired on 2026-01-31; the finding is reported again"])
    }

    @Test func trivySectionsSplitVulnerabilitiesFromRuleFindings() throws {
        let file = try IgnoreFile.parse("""
            vulnerabilities:
              - id: CVE-2023-4911
                purls: [pkg:deb/debian/libc-bin]
                paths: [var/lib/dpkg]
                statement: Trivy's field names
            secrets:
              - id: github-pat
                paths: ["tests/**", fixtures]
                statement: test tokens
              - id: CVE-2024-0001
                reason: a rule section never suppresses a vulnerability
            misconfigurations:
            ignores:
              - id: SE030
                reason: any kind, anywhere
            """, file: ".bulkheadignore")
        #expect(file.entries.map(\.kind) == [.vulnerability, .rule, .rule, .any])
        let t = Triage(ignores: file)
        let bin = Self.finding(name: "libc-bin", source: "glibc", purl: "pkg:deb/debian/libc-bin@2.36-9")
        #expect(t.apply([bin]).suppressed.first?.suppression?.source == ".bulkheadignore:2")
        let elsewhere = Self.finding(name: "libc6", source: "glibc", purl: "pkg:deb/debian/libc6@2.36-9")
        #expect(t.apply([elsewhere]).active.count == 1, "another package than the entry's purl")
        #expect(t.apply([Self.finding("CVE-2024-0001", aliases: [])]).active.count == 1, "the rule-section entry does not apply")

        func rule(_ id: String, _ file: String, names: Set<String>, path: String?) -> Bool {
            let f = Finding(ruleID: RuleID(id), severity: .high, title: "t", message: "m",
                            location: SourceLocation(file: file), fingerprint: "x")
            return t.apply(findings: [f], names: { _ in names }, path: { _ in path }).suppressed.count == 1
        }
        let pat: Set<String> = ["se003", "github-pat"]
        #expect(rule("SE003", "tests/a/b.py", names: pat, path: "tests/a/b.py"))
        #expect(rule("SE003", "/fixtures/x", names: pat, path: "/fixtures/x"), "a plain path names a directory")
        #expect(!rule("SE003", "fixtures2/x", names: pat, path: "fixtures2/x"), "…not a prefix of a name")
        #expect(!rule("SE003", "src/app.py", names: pat, path: "src/app.py"))
        #expect(!rule("SE003", "image", names: pat, path: nil), "a config finding has no path to match")
        #expect(rule("SE030", "image", names: ["se030"], path: nil), "a path-less entry matches everywhere")
        #expect(!rule("SE001", "tests/a", names: ["se001"], path: "tests/a"))
        #expect(!rule("CVE-2023-4911", "x", names: ["cve-2023-4911"], path: "x"), "a vulnerability-section entry does not apply to rules")
    }

    @Test func badIgnoreFilesNameTheLine() {
        func message(_ text: String) -> String {
            do { _ = try IgnoreFile.parse(text, file: "ig.yaml"); return "" } catch { return "\(error)" }
        }
        #expect(message("licenses:\n  - id: MIT\n    reason: x\n").contains("ig.yaml:1: unknown section 'licenses'"))
        #expect(message("secrets:\n  - id: SE003\n    reason: x\n    package: foo\n").contains("ig.yaml:2: 'package' applies to vulnerabilities"))
        #expect(message("secrets:\n  - id: SE003\n    reason: x\n    paths: {a: b}\n").contains("ig.yaml:2: 'paths' must be a list of strings"))
        #expect(message("secrets: 3\n").contains("a section must be a list"))
        #expect(message("vulnerabilities:\n  - id: CVE-1\n    reason: x\n    purls: [a, b]\n").contains("several purls"))
    }

    @Test func onlyFixedDropsFindingsWithoutAFix() {
        var open = Self.finding()
        open.fixState = .notFixed
        let r = Triage(onlyFixed: true).apply([Self.finding(), open])
        #expect(r.active.count == 1)
    }
}
