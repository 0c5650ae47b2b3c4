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
                purls: [pkg:deb/debian/libc-bin, pkg:deb/debian/libc6-dev]
                paths: [var/lib/dpkg]
                statement: Trivy's field names; several purls are any of them
            secrets:
              - id: github-pat
                paths: ["tests/**", fixtures]
                statement: test tokens
              - id: CVE-2024-0001
                reason: a secrets entry never suppresses a vulnerability
            misconfigurations:
              - id: IM009
                reason: only hygiene findings
            licenses:
              - id: GPL-3.0
                reason: read, not applied
            ignores:
              - id: SE030
                reason: any kind, anywhere
              - id: SE031
                package: some-package
                reason: an entry naming a package applies to vulnerabilities only
            """, file: ".bulkheadignore")
        #expect(file.entries.map(\.kind) == [.vulnerability, .secret, .secret, .misconfiguration, .license, .any, .any])
        let t = Triage(ignores: file)
        let bin = Self.finding(name: "libc-bin", source: "glibc", purl: "pkg:deb/debian/libc-bin@2.36-9")
        #expect(t.apply([bin]).suppressed.first?.suppression?.source == ".bulkheadignore:2")
        let dev = Self.finding(name: "libc6-dev", source: "glibc", purl: "pkg:deb/debian/libc6-dev@2.36-9")
        #expect(t.apply([dev]).suppressed.count == 1, "the second purl")
        let elsewhere = Self.finding(name: "libc6", source: "glibc", purl: "pkg:deb/debian/libc6@2.36-9")
        #expect(t.apply([elsewhere]).active.count == 1, "another package than the entry's purls")
        #expect(t.apply([Self.finding("CVE-2024-0001", aliases: [])]).active.count == 1, "the secrets entry does not apply")

        func rule(_ id: String, _ kind: IgnoreFile.Entry.Kind = .secret, names: Set<String>, path: String?) -> Finding? {
            let f = Finding(ruleID: RuleID(id), severity: .high, title: "t", message: "m",
                            location: SourceLocation(file: path ?? "image"), fingerprint: "x")
            return t.apply(findings: [f], kind: { _ in kind }, names: { _ in names }, path: { _ in path }).suppressed.first
        }
        let pat: Set<String> = ["se003", "github-token", "github-pat"]
        #expect(rule("SE003", names: pat, path: "tests/a/b.py")?.suppression?.reason == "test tokens")
        #expect(rule("SE003", names: pat, path: "tests/a/b.py")?.suppression?.source == ".bulkheadignore:7")
        #expect(rule("SE003", names: pat, path: "/fixtures/x") != nil, "a plain path names a directory")
        #expect(rule("SE003", names: pat, path: "fixtures") != nil, "…or the file itself")
        #expect(rule("SE003", names: pat, path: "fixtures2/x") == nil, "…not a prefix of a name")
        #expect(rule("SE003", names: pat, path: "src/app.py") == nil)
        #expect(rule("SE003", names: pat, path: nil) == nil, "a config finding has no path to match")
        #expect(rule("SE030", names: ["se030"], path: nil) != nil, "a path-less entry matches everywhere")
        #expect(rule("SE031", names: ["se031"], path: "x") == nil, "an entry with a package is not for rule findings")
        #expect(rule("IM009", .misconfiguration, names: ["im009"], path: nil) != nil)
        #expect(rule("IM009", .secret, names: ["im009"], path: nil) == nil, "misconfigurations entries are not secrets entries")
        #expect(rule("SE003", .misconfiguration, names: pat, path: "tests/a") == nil, "…and the other way round")
        #expect(rule("GPL-3.0", .misconfiguration, names: ["gpl-3.0"], path: nil) == nil, "licenses are not applied")
        #expect(rule("CVE-2023-4911", names: ["cve-2023-4911"], path: "var/lib/dpkg") == nil, "a vulnerabilities entry does not apply to rules")
    }

    @Test func pathsAreFilesDirectoriesOrGlobs() {
        #expect(IgnoreFile.pathMatches("usr/lib", "/usr/lib/python3/x"))
        #expect(!IgnoreFile.pathMatches("usr/lib", "usr/lib64/requirements.txt"), "a directory, not a string prefix")
        #expect(IgnoreFile.pathMatches("./app/", "app/.env"))
        #expect(IgnoreFile.pathMatches("app/*.env", "/app/x.env"))
        #expect(!IgnoreFile.pathMatches("app/*.env", "app/sub/x.env"))
        #expect(IgnoreFile.pathMatches("**/*.pem", "a/b/c.pem"))
        #expect(IgnoreFile.pathMatches(".", "anything"))
    }

    @Test func braceAlternativesExpand() throws {
        #expect(IgnoreFile.expandBraces("app/{settings,other}.py") == ["app/settings.py", "app/other.py"])
        #expect(IgnoreFile.expandBraces("{a,b{c,d}}/x") == ["a/x", "bc/x", "bd/x"])
        #expect(IgnoreFile.expandBraces("{a,b}/{c,d}") == ["a/c", "a/d", "b/c", "b/d"])
        #expect(IgnoreFile.expandBraces("plain/**/x") == ["plain/**/x"])
        #expect(IgnoreFile.expandBraces("{}") == [""])
        #expect(IgnoreFile.expandBraces("a{b") == nil && IgnoreFile.expandBraces("a}b") == nil)
        #expect(IgnoreFile.expandBraces(String(repeating: "{a,b}", count: 9)) == nil, "512 patterns")
        let file = try IgnoreFile.parse("secrets:\n  - id: SE003\n    reason: x\n    paths: [\"app/{settings,other}.py\"]\n", file: "ig.yaml")
        #expect(file.entries.first?.paths == ["app/settings.py", "app/other.py"])
        #expect(throws: VulnDBError.self) { try IgnoreFile.parse("secrets:\n  - id: SE003\n    reason: x\n    paths: [\"a{b\"]\n", file: "ig.yaml") }
    }

    @Test func badIgnoreFilesNameTheLine() {
        func message(_ text: String) -> String {
            do { _ = try IgnoreFile.parse(text, file: "ig.yaml"); return "" } catch { return "\(error)" }
        }
        #expect(message("sboms:\n  - id: MIT\n    reason: x\n").contains("ig.yaml:1: unknown section 'sboms'"))
        #expect(message("secrets:\n  - id: SE003\n    reason: x\n    package: foo\n").contains("ig.yaml:4: packages apply to vulnerabilities"))
        #expect(message("secrets:\n  - id: SE003\n    reason: x\n    paths: {a: b}\n").contains("ig.yaml:4: 'paths' must be a list of strings"))
        #expect(message("secrets:\n  - id: SE003\n    reason: x\n    paths: [~]\n").contains("'paths' must be a list of non-empty strings"))
        #expect(message("secrets: 3\n").contains("a section must be a list"))
        #expect(message("secrets:\n  - id: SE003\n    reason: ~\n").contains("ig.yaml:2: ignore of SE003 has no 'reason'"), "a null reason is no reason")
        #expect(message("secrets:\n  - id: ~\n    reason: x\n").contains("missing 'id'"))
        #expect(message("secrets:\n  - id: SE003\n    reason: x\n    expires: 2026-02-30\n").contains("ig.yaml:4: 'expires' of SE003 is '2026-02-30'"))
        #expect(message("secrets:\n  - id: SE003\n    reason: x\n    colour: red\n").contains("unknown field 'colour'"))
        #expect(message("secrets:\n  - id: SE003\n    reason: \"\"\n    statement: fine\n").isEmpty, "an empty reason falls back to the statement")
        #expect(message("secrets:\nlicenses:\nmisconfigurations: ~\n").isEmpty, "empty sections")
        #expect(message("secrets:\n  - id: SE003\n    reason: x\n    paths: ~\n").isEmpty, "null paths = everywhere, like no paths")
    }

    @Test func expiresIsTheLastDayExpiredAtTheFirstDayItNoLongerApplies() throws {
        let file = try IgnoreFile.parse("""
            ignores:
              - id: CVE-2023-4911
                reason: ours
                expires: 2026-01-31
              - id: CVE-2023-4911
                statement: Trivy's
                expired_at: 2026-01-31
            """, file: "ig.yaml")
        let noon30 = IgnoreFile.startOfDay("2026-01-30")!.addingTimeInterval(43_200)
        let noon31 = IgnoreFile.startOfDay("2026-01-31")!.addingTimeInterval(43_200)
        #expect(file.entries[0].expires! > noon31 && file.entries[1].expires! < noon31 && file.entries[1].expires! > noon30)
    }

    @Test func onlyFixedDropsFindingsWithoutAFix() {
        var open = Self.finding()
        open.fixState = .notFixed
        let r = Triage(onlyFixed: true).apply([Self.finding(), open])
        #expect(r.active.count == 1)
    }
}
