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
