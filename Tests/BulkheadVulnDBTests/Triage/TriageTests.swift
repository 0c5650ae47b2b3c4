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

    @Test func onlyFixedDropsFindingsWithoutAFix() {
        var open = Self.finding()
        open.fixState = .notFixed
        let r = Triage(onlyFixed: true).apply([Self.finding(), open])
        #expect(r.active.count == 1)
    }
}
