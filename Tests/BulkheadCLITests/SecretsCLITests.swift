import BulkheadTesting
import Foundation
import Testing

/// `bulkhead fs --scanners secret` end to end: redaction, exit codes, allow-lists from
/// .bulkhead.yaml, inline markers, bad configuration.
@Suite("bulkhead fs/image secrets")
struct SecretsCLITests {
    static let files = [
        "app/settings.py": "DEBUG = True\nGITHUB_TOKEN = \"ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9\"\n",
        "deploy/.env": "DB_PASSWORD=Xk29fPq7Lm3w!\nDB_HOST=db.internal\n",
        "docs/example.md": "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",
        "bin/tool": "\u{7f}ELF\u{0}\u{0}GITHUB_TOKEN=ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9",
    ]

    @Test("findings name file:line with the value redacted; --fail-on gates; binaries and documented examples are skipped")
    func scanDirectory() throws {
        let dir = try CLITests().tempDir(Self.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = try CLITests().run(["fs", ".", "--scanners", "secret", "-f", "json", "--fail-on", "high"], cwd: dir)
        #expect(json.status == 1, "\(json.stderr)")
        #expect(!json.stdout.contains("x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9"), "never the whole value")
        #expect(!json.stdout.contains("Xk29fPq7Lm3w"))
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = ((doc["targets"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]]) ?? []
        let got = findings.map { f -> String in
            let loc = f["location"] as? [String: Any] ?? [:]
            return "\(f["ruleId"] ?? "") \(loc["file"] ?? ""):\(loc["line"] ?? "")"
        }.sorted()
        #expect(got == ["SE003 app/settings.py:2", "SE030 deploy/.env:1"])
        let gateMedium = try CLITests().run(["fs", ".", "--scanners", "secret", "--fail-on", "critical"], cwd: dir)
        #expect(gateMedium.status == 1)
        let quiet = try CLITests().run(["fs", "deploy", "--scanners", "secret", "--fail-on", "high"], cwd: dir)
        #expect(quiet.status == 0, "a medium finding does not fail a high gate: \(quiet.stdout)")
    }

    @Test(".bulkheadignore secrets: by slug and path, listed as suppressed, not gated; expired entries come back with a warning")
    func ignoreFile() throws {
        var files = Self.files
        files[".bulkheadignore"] = """
            secrets:
              - id: github-pat
                paths: ["app/**"]
                statement: revoked test token
              - id: SE030
                paths: ["other/**"]
                reason: a path that does not match
            vulnerabilities:
              - id: SE030
                reason: a vulnerability entry never suppresses a secret
            """
        let dir = try CLITests().tempDir(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests().run(["fs", ".", "--scanners", "secret", "-f", "json", "--fail-on", "high"], cwd: dir)
        #expect(r.status == 0, "the high finding is ignored, the medium one is below the gate: \(r.stdout) \(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let target = (doc["targets"] as? [[String: Any]])?.first ?? [:]
        #expect(((target["findings"] as? [[String: Any]]) ?? []).map { $0["ruleId"] as? String } == ["SE030"])
        #expect(((target["suppressed"] as? [[String: Any]]) ?? []).map { $0["ruleId"] as? String } == ["SE003"])
        let table = try CLITests().run(["fs", ".", "--scanners", "secret", "--show-suppressed", "--no-color"], cwd: dir)
        #expect(table.stdout.contains("suppressed  SE003"), "\(table.stdout)")

        files[".bulkheadignore"] = "secrets:\n  - id: SE003\n    statement: was fine\n    expired_at: 2020-01-31\n"
        let old = try CLITests().tempDir(files)
        defer { try? FileManager.default.removeItem(at: old) }
        let e = try CLITests().run(["fs", ".", "--scanners", "secret", "--fail-on", "high"], cwd: old)
        #expect(e.status == 1)
        #expect(e.stderr.contains(".bulkheadignore:2: the ignore of SE003 expired on 2020-01-31"), "\(e.stderr)")
    }

    @Test(".bulkheadignore misconfigurations and secrets on an image: Trivy ids, in-image paths, config findings")
    func imageIgnores() throws {
        let layout = CLITests.repoRoot.appendingPathComponent("examples/images/leaky").path
        let dir = try CLITests().tempDir([".bulkheadignore": """
            misconfigurations:
              - id: DS002                  # Trivy's id for IM001 (runs as root)
                reason: the orchestrator sets runAsUser
              - id: setuid-setgid-files    # IM004's slug, at that file only
                paths: [usr/bin/passwd]
                reason: passwd needs it
              - id: IM005
                paths: [etc]
                reason: does not match /app
            secrets:
              - id: SE003
                paths: ["/app/**"]
                reason: revoked
            """])
        defer { try? FileManager.default.removeItem(at: dir) }
        // SE003 is the image's only critical finding: ignored, the critical gate passes.
        let r = try CLITests().run(["image", "oci:" + layout, "--scanners", "secret,hygiene", "-f", "json", "--fail-on", "critical"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let unignored = try CLITests().run(["image", "oci:" + layout, "--scanners", "secret,hygiene", "-f", "json", "--fail-on", "critical"])
        #expect(unignored.status == 1, "without the ignore file the critical secret fails the gate")
        // Layer findings and suppressions are part of the published schema.
        let (valid, why) = try Oracle.validateJSONSchema(r.stdout, schema: CLITests.repoRoot.appendingPathComponent("docs/report.schema.json"))
        #expect(valid == 0, "\(why)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let target = (doc["targets"] as? [[String: Any]])?.first ?? [:]
        let suppressed = ((target["suppressed"] as? [[String: Any]]) ?? []).compactMap { $0["ruleId"] as? String }.sorted()
        let active = ((target["findings"] as? [[String: Any]]) ?? []).compactMap { $0["ruleId"] as? String }
        #expect(suppressed == ["IM001", "IM004", "SE003"], "\(suppressed)")
        let reasons = ((target["suppressed"] as? [[String: Any]]) ?? []).compactMap { ($0["suppression"] as? [String: Any])?["reason"] as? String }
        #expect(reasons.sorted() == ["passwd needs it", "revoked", "the orchestrator sets runAsUser"])
        #expect(active.contains("IM005") && active.contains("SE011") && !active.contains("IM001"), "\(active)")
    }

    @Test(".bulkhead.yaml secrets.allow silences paths, values and rules; a bad pattern is a usage error naming the field")
    func allowLists() throws {
        var files = Self.files
        files[".bulkhead.yaml"] = "secrets:\n  allow:\n    paths: [\"deploy/**\"]\n    values: [\"^ghp_x8E8\"]\n"
        let dir = try CLITests().tempDir(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests().run(["fs", ".", "--scanners", "secret", "--fail-on", "low"], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        var bad = Self.files
        bad[".bulkhead.yaml"] = "secrets:\n  allow:\n    values: [\"(unclosed\"]\n"
        let badDir = try CLITests().tempDir(bad)
        defer { try? FileManager.default.removeItem(at: badDir) }
        let e = try CLITests().run(["fs", ".", "--scanners", "secret"], cwd: badDir)
        #expect(e.status == 2)
        #expect(e.stderr.contains("secrets.allow.values[0]"), "\(e.stderr)")
        let scanners = try CLITests().run(["fs", ".", "--scanners", "viruses"], cwd: dir)
        #expect(scanners.status == 2 && scanners.stderr.contains("viruses"))
        let missing = try CLITests().run(["fs", "no-such-dir", "--scanners", "secret"], cwd: dir)
        #expect(missing.status == 3 && missing.stderr.contains("no-such-dir does not exist"), "\(missing.stderr)")
    }
}
