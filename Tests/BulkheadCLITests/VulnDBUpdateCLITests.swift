import BulkheadTesting
import Foundation
import Testing

/// `bulkhead db update` against a real HTTP mirror on loopback, and crash safety of updates.
@Suite("vulnerability database updates", .serialized)
struct VulnDBUpdateCLITests {
    static let feeds = VulnCLITests.feeds

    /// A mirror tree: osv/PyPI/all.zip (Django's PyPA records as JSON), debian/tracker.json,
    /// kev/…json, epss/…csv.gz — built from corpus and fixture files with Python's zipfile/gzip.
    func makeMirror(_ dir: URL) throws {
        let script = """
            import gzip, json, os, sys, zipfile, yaml
            root, pypa, feeds = sys.argv[1], sys.argv[2], sys.argv[3]
            os.makedirs(root + '/osv/PyPI', exist_ok=True)
            with zipfile.ZipFile(root + '/osv/PyPI/all.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                for d in ['django', 'urllib3', 'requests']:
                    for f in sorted(os.listdir(pypa + '/' + d)):
                        rec = yaml.safe_load(open(pypa + '/' + d + '/' + f))
                        z.writestr(rec['id'] + '.json', json.dumps(rec, default=str))
            os.makedirs(root + '/debian', exist_ok=True)
            open(root + '/debian/tracker.json', 'w').write(open(feeds + '/debian-tracker.json').read())
            os.makedirs(root + '/kev', exist_ok=True)
            open(root + '/kev/known_exploited_vulnerabilities.json', 'w').write(open(feeds + '/kev.json').read())
            os.makedirs(root + '/epss', exist_ok=True)
            with gzip.open(root + '/epss/epss_scores-current.csv.gz', 'wt') as g:
                g.write(open(feeds + '/epss.csv').read())
            print('ok')
            """
        let out = try Oracle.python("import sys; sys.argv = ['mirror', '\(dir.path)', '\(Corpus.url("osv/pypa/vulns").path)', '\(Self.feeds.path)']\n" + script, input: "")
        #expect(out.contains("ok"))
    }

    final class Server {
        let process = Process()
        let port: Int
        let log: URL

        init(root: URL, env: [String: String]) throws {
            log = root.deletingLastPathComponent().appendingPathComponent("requests-\(UUID().uuidString).log")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [CLITests.repoRoot.appendingPathComponent("Tests/BulkheadCLITests/Support/feed_server.py").path,
                                 root.path, log.path]
            var environment = ProcessInfo.processInfo.environment
            for (k, v) in env { environment[k] = v }
            process.environment = environment
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            var line = Data()
            while true {
                let byte = out.fileHandleForReading.readData(ofLength: 1)
                if byte.isEmpty || byte == Data("\n".utf8) { break }
                line.append(byte)
            }
            port = Int(String(decoding: line, as: UTF8.self)) ?? 0
        }

        var requests: [[String: Any]] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test("update from a loopback mirror: retries a 503, resumes a cut download with Range, then gets 304s")
    func updateFromMirror() throws {
        let dir = try CLITests().tempDir([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let mirror = dir.appendingPathComponent("mirror")
        try makeMirror(mirror)
        let server = try Server(root: mirror, env: ["FAIL_FIRST": "1", "CUT_AFTER": "1500"])
        defer { server.stop() }
        try #require(server.port > 0)
        let db = dir.appendingPathComponent("db/vuln.db").path
        let args = ["db", "update", "--db", db, "--mirror", "http://127.0.0.1:\(server.port)",
                    "--feeds", "osv:PyPI", "debian-tracker", "kev", "epss"]
        let first = try CLITests().run(args)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("downloaded 4, unchanged 0, failed 0"), "\(first.stdout)")
        let log = server.requests
        #expect(log.contains { ($0["range"] as? String)?.hasPrefix("bytes=1500-") == true }, "a cut download resumes: \(log)")
        #expect(log.filter { $0["path"] as? String == "/kev/known_exploited_vulnerabilities.json" }.count >= 2)

        let second = try CLITests().run(args)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("downloaded 0, unchanged 4"), "\(second.stdout)")
        #expect(server.requests.contains { $0["inm"] is String }, "conditional requests carry If-None-Match")

        let status = try CLITests().run(["db", "status", "--db", db])
        #expect(status.status == 0)
        #expect(status.stdout.contains("10 KEV"), "\(status.stdout)")
        #expect(status.stdout.contains("38 EPSS"), "\(status.stdout)")
        let scan = try CLITests().run(["fs", Self.feeds.appendingPathComponent("installed/debian12").path, "--db", db])
        #expect(scan.stdout.contains("CVE-2023-4911"), "\(scan.stdout)\(scan.stderr)")
    }

    @Test("a mirror that is down: the update fails, the old database stays")
    func mirrorDown() throws {
        let dir = try CLITests().tempDir([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("vuln.db").path
        #expect(try CLITests().run(["db", "import", "--db", db, Self.feeds.appendingPathComponent("kev.json").path]).status == 0)
        let port = try freePort()
        let r = try CLITests().run(["db", "update", "--db", db, "--mirror", "http://127.0.0.1:\(port)", "--feeds", "kev"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("127.0.0.1:\(port)/kev/known_exploited_vulnerabilities.json"), "\(r.stderr)")
        #expect(try CLITests().run(["db", "status", "--db", db]).stdout.contains("10 KEV"))
    }

    @Test("killing `db import` at 50 random points never leaves an unusable database")
    func killedImports() throws {
        let dir = try CLITests().tempDir([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("vuln.db").path
        let seed = try CLITests().run(["db", "import", "--db", db, Self.feeds.appendingPathComponent("debian-tracker.json").path])
        try #require(seed.status == 0)
        let exe = try #require(CLITests.binary)
        var rng = SeededRandom(seed: 0x5eed)
        var killed = 0, completed = 0
        var counts: Set<String> = []
        for trial in 0..<50 {
            let p = Process()
            p.executableURL = exe
            p.arguments = ["db", "import", "--db", db, Corpus.url("osv/pypa").path]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            let delay = Double(rng.next() % 1600) / 1000
            Thread.sleep(forTimeInterval: delay)
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                killed += 1
            } else {
                completed += 1
            }
            p.waitUntilExit()
            let status = try CLITests().run(["db", "status", "--db", db])
            #expect(status.status == 0, "trial \(trial) after \(delay) s: \(status.stderr)")
            let contents = status.stdout.split(separator: "\n").first { $0.hasPrefix("contents") }.map(String.init) ?? ""
            #expect(!contents.isEmpty, "trial \(trial): \(status.stdout)")
            counts.insert(contents)
            // A scan still works on whatever database is there.
            let scan = try CLITests().run(["fs", Self.feeds.appendingPathComponent("installed/debian12").path, "--db", db, "-f", "json"])
            #expect(scan.status == 0, "trial \(trial): \(scan.stderr)")
        }
        #expect(killed >= 10, "killed \(killed), completed \(completed)")
        // Only two states are possible: before the pypa import, or after it.
        #expect(counts.count <= 2, "\(counts)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".new-") }
        #expect(leftovers.count <= 1, "stale copies are removed by the next update: \(leftovers)")
    }
}

