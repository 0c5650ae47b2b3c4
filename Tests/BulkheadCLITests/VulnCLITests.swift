import BulkheadTesting
import Foundation
import Testing

/// `bulkhead db …`, `bulkhead image` / `bulkhead fs` with vulnerabilities, and the gate, end to
/// end through the built binary with real SQLite databases.
@Suite("vulnerability scans through the CLI")
struct VulnCLITests {
    static let feeds = CLITests.repoRoot.appendingPathComponent("Tests/BulkheadVulnDBTests/Fixtures/feeds")
    static let secdemoSBOM = CLITests.repoRoot.appendingPathComponent("Tests/BulkheadSBOMTests/Fixtures/secdemo.syft.cdx.json").path

    func feed(_ name: String) -> String { Self.feeds.appendingPathComponent(name).path }

    /// A database with the Debian/Alpine/KEV/EPSS fixtures and the Ubuntu alias record.
    func distroDB(_ dir: URL) throws -> String {
        let db = dir.appendingPathComponent("vuln.db").path
        let r = try CLITests().run(["db", "import", "--db", db, feed("debian-tracker.json"), feed("alpine-v3.18-main.json"),
                                    feed("kev.json"), feed("epss.csv"), feed("osv-extra")])
        #expect(r.status == 0, "\(r.stderr)")
        return db
    }

    func json(_ text: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let targets = try #require(object["targets"] as? [[String: Any]])
        return try #require(targets.first?["vulnerabilities"] as? [[String: Any]])
    }

    @Test("the gate: exit 1 on a High; 0 when it is ignored or VEX'd; an expired ignore brings it back with a warning")
    func gate() throws {
        let dir = try CLITests().tempDir([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try distroDB(dir)
        let rootfs = feed("installed/debian12")

        let plain = try CLITests().run(["fs", rootfs, "--db", db, "--fail-on", "high"])
        #expect(plain.status == 1, "\(plain.stderr)")
        #expect(plain.stdout.contains("CVE-2023-4911"))
        #expect(plain.stdout.contains("KEV"))
        #expect(try CLITests().run(["fs", rootfs, "--db", db, "--fail-on", "critical"]).status == 0)

        // The only Highs are CVE-2023-4911 on libc6 and libc-bin: ignore it (no package filter).
        let future = try CLITests().tempDir([".bulkheadignore": """
            ignores:
              - id: CVE-2023-4911
                reason: no setuid binaries in this image; ld.so is not reachable with elevated privileges
                expires: 2999-12-31
            """])
        let ignored = try CLITests().run(["fs", rootfs, "--db", db, "--fail-on", "high", "--show-suppressed"], cwd: future)
        #expect(ignored.status == 0, "\(ignored.stdout)\(ignored.stderr)")
        #expect(ignored.stdout.contains("[suppressed: ignore-file]"))

        let past = try CLITests().tempDir([".bulkheadignore": """
            ignores:
              - id: CVE-2023-4911
                package: libc6
                reason: accepted until the next base image bump
                expires: 2020-01-31
              - id: CVE-2023-4911
                package: pkg:deb/debian/libc-bin
                reason: accepted until the next base image bump
            """])
        let expired = try CLITests().run(["fs", rootfs, "--db", db, "--fail-on", "high", "-f", "json"], cwd: past)
        #expect(expired.status == 1)
        #expect(expired.stderr.contains("expired on 2020-01-31"), "\(expired.stderr)")
        let active = try json(expired.stdout).filter { $0["id"] as? String == "CVE-2023-4911" }.compactMap { $0["package"] as? String }
        #expect(active == ["libc6"])

        // OpenVEX: not_affected with a justification suppresses both packages.
        let vex = dir.appendingPathComponent("app.openvex.json")
        try """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "platform team",
             "timestamp": "2026-11-01T00:00:00Z", "version": 1,
             "statements": [{"vulnerability": {"name": "CVE-2023-4911"},
                             "products": [{"@id": "pkg:deb/debian/libc6"}, {"@id": "pkg:deb/debian/libc-bin"}],
                             "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
            """.write(to: vex, atomically: true, encoding: .utf8)
        let vexed = try CLITests().run(["fs", rootfs, "--db", db, "--fail-on", "high", "--vex", vex.path, "-f", "cyclonedx"])
        #expect(vexed.status == 0, "\(vexed.stderr)")
        #expect(vexed.stdout.contains("\"state\" : \"not_affected\""))
        #expect(vexed.stdout.contains("\"justification\" : \"code_not_reachable\""))
    }

    @Test("--ignore-unfixed drops findings without a fix; an OpenVEX 'affected' statement suppresses nothing")
    func unfixed() throws {
        let dir = try CLITests().tempDir([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try distroDB(dir)
        let rootfs = feed("installed/debian12")
        let all = try json(try CLITests().run(["fs", rootfs, "--db", db, "-f", "json"]).stdout)
        let fixedOnly = try json(try CLITests().run(["fs", rootfs, "--db", db, "-f", "json", "--ignore-unfixed"]).stdout)
        #expect(all.count == 15)
        #expect(fixedOnly.count == 10)
        #expect(fixedOnly.allSatisfy { $0["fixState"] as? String == "fixed" })
        #expect(all.contains { $0["fixState"] as? String == "wont-fix" })
    }

    @Test("a bad ignore file is a usage error naming the file and line")
    func badIgnore() throws {
        let dir = try CLITests().tempDir([".bulkheadignore": "ignores:\n  - id: CVE-1\n    reason: x\n    expires: someday\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests().run(["fs", feed("installed/debian12"), "--db", dir.appendingPathComponent("none.db").path], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains(".bulkheadignore:4: 'expires' of CVE-1 is 'someday'"), "the field's own line: \(r.stderr)")
    }

    @Test("no database yet: exit 3 telling what to run")
    func missingDatabase() throws {
        let dir = try CLITests().tempDir([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests().run(["fs", feed("installed/debian12"), "--db", dir.appendingPathComponent("none.db").path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("bulkhead db update"))
    }

    /// Packages of the secdemo image as `name version` lines, from Syft's SBOM of it.
    func pythonPackages(_ findingsJSON: String? = nil) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.secdemoSBOM))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let components = try #require(object["components"] as? [[String: Any]])
        return components.filter { ($0["purl"] as? String)?.hasPrefix("pkg:pypi/") == true }
            .map { "\($0["name"] as? String ?? "") \($0["version"] as? String ?? "")" }.joined(separator: "\n") + "\n"
    }

    /// `package version PYSEC-id` for every PyPA record behind a finding (the truth script's format).
    func pysecPairs(_ findings: [[String: Any]]) -> Set<String> {
        var pairs: Set<String> = []
        for v in findings {
            let name = (v["package"] as? String ?? "").lowercased()
            for id in v["matchedRecords"] as? [String] ?? [] where id.hasPrefix("PYSEC-") {
                pairs.insert("\(name) \(v["installedVersion"] as? String ?? "") \(id)")
            }
        }
        return pairs
    }

    /// The independent answer: bench/vuln_truth.py (Python `packaging`) over the PyPA records.
    func pypaTruth() throws -> Set<String> {
        let script = try String(contentsOf: CLITests.repoRoot.appendingPathComponent("bench/vuln_truth.py"), encoding: .utf8)
        let text = try Oracle.python("import sys; sys.argv = ['vuln_truth', '\(Corpus.url("osv/pypa").path)']\n" + script,
                                     input: try pythonPackages())
        return Set(text.split(separator: "\n").map(String.init))
    }

    @Test("PyPA corpus: the secdemo packages get exactly the advisories an independent packaging-based script finds")
    func pypaGroundTruth() throws {
        let dir = try CLITests().tempDir([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("vuln.db").path
        let imported = try CLITests().run(["db", "import", "--db", db, Corpus.url("osv/pypa").path, Corpus.url("osv/go").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let scan = try CLITests().run(["image", Self.secdemoSBOM, "--db", db, "-f", "json"])
        #expect(scan.status == 0, "\(scan.stderr)")
        let ours = pysecPairs(try json(scan.stdout))
        let truth = try pypaTruth()
        #expect(truth.count > 30, "the truth script found \(truth.count) advisories")
        #expect(ours.subtracting(truth).sorted() == [], "reported but not in the truth")
        #expect(truth.subtracting(ours).sorted() == [], "missing")
    }

    @Test("JSON, SARIF and CycloneDX (with VEX analysis) of a scan validate against their schemas")
    func schemas() throws {
        let dir = try CLITests().tempDir(["vex.json": """
            {"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "CVE-2023-5678"},
             "products": [{"@id": "pkg:deb/debian/libssl3"}], "status": "not_affected",
             "justification": "vulnerable_code_not_in_execute_path"}]}
            """])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try distroDB(dir)
        let rootfs = feed("installed/debian12")
        let cases: [(String, URL)] = [
            ("json", CLITests.repoRoot.appendingPathComponent("docs/report.schema.json")),
            ("sarif", Corpus.url("schemas/sarif/sarif-2.1.0.json")),
            ("cyclonedx", Corpus.url("schemas/cyclonedx/bom-1.6.schema.json")),
        ]
        for (format, schema) in cases {
            let r = try CLITests().run(["fs", rootfs, "--db", db, "-f", format, "--vex", dir.appendingPathComponent("vex.json").path])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            let (status, output) = try Oracle.validateJSONSchema(r.stdout, schema: schema)
            #expect(status == 0, "\(format) invalid: \(output)")
            #expect(r.stdout.contains("CVE-2023-4911"), "\(format)")
        }
    }

    @Test("the cached secdemo image itself: PyPI findings equal the independent truth",
          .enabled(if: FileManager.default.fileExists(atPath: "/root/.cache/bulkhead-peers/images/secdemo-docker.tar"),
                   "needs images from `bash /work/shared/peers/build-images.sh` in /root/.cache/bulkhead-peers/images"))
    func secdemoImage() throws {
        let dir = try CLITests().tempDir([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("vuln.db").path
        #expect(try CLITests().run(["db", "import", "--db", db, Corpus.url("osv/pypa").path]).status == 0)
        let scan = try CLITests().run(["image", "docker-archive:/root/.cache/bulkhead-peers/images/secdemo-docker.tar",
                                       "--db", db, "-f", "json"])
        #expect(scan.status == 0, "\(scan.stderr)")
        let findings = try json(scan.stdout)
        for v in findings {
            // Every finding names the file and the layer that brought the package in.
            let locations = v["locations"] as? [[String: Any]] ?? []
            #expect(locations.contains { ($0["layer"] as? String)?.hasPrefix("sha256:") == true }, "\(v["id"] ?? "")")
        }
        let ours = pysecPairs(findings)
        let truth = try pypaTruth()
        #expect(!truth.isEmpty)
        #expect(ours == truth, "only ours: \(ours.subtracting(truth).sorted()); missing: \(truth.subtracting(ours).sorted())")
    }

    @Test("bulkhead sbom --vulns adds CycloneDX vulnerabilities; other formats are a usage error")
    func sbomWithVulnerabilities() throws {
        let dir = try CLITests().tempDir([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try distroDB(dir)
        let r = try CLITests().run(["sbom", "dir:" + feed("installed/debian12"), "-f", "cyclonedx", "--vulns", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let vulns = try #require(object["vulnerabilities"] as? [[String: Any]])
        #expect(vulns.count == 15)
        #expect(vulns.contains { $0["id"] as? String == "CVE-2023-4911" })
        let spdx = try CLITests().run(["sbom", "dir:" + feed("installed/debian12"), "-f", "spdx", "--vulns", "--db", db])
        #expect(spdx.status == 2)
        #expect(spdx.stderr.contains("--vulns needs -f cyclonedx"))
    }
}
