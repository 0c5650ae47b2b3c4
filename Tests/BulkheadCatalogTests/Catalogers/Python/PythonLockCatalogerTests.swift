import BulkheadCore
import BulkheadImage
import Foundation
import Testing

@testable import BulkheadCatalog

/// Lock files made by uv, pip-compile, poetry and pipenv, and real requirements files from
/// third-party projects (Fixtures/python/locks/README.md), checked against an oracle built on
/// pip's own requirements reader, `packaging`, `tomllib` and `json` (saved as
/// `locks.expected.tsv`, and run live when python3 is there).
@Suite("Python lock file cataloger")
struct PythonLockCatalogerTests {
    static let expectedPath = Fixtures.root.appendingPathComponent("python/locks.expected.tsv").path
    static let oracleScript = """
        import fnmatch, json, os, re, sys, tomllib, urllib.parse
        from pip._internal.req.req_file import preprocess
        from pip._vendor.packaging.requirements import InvalidRequirement, Requirement
        def purl(name, version):
            return "pkg:pypi/" + re.sub(r"[-_.]+", "-", name).lower() + "@" + urllib.parse.quote(version, safe=".-_~")
        def text(path):
            raw = open(path, "rb").read()
            return raw.decode("utf-16") if raw[:2] in (b"\\xff\\xfe", b"\\xfe\\xff") else raw.decode("utf-8-sig", errors="replace")
        root = sys.argv[1]
        rows = []
        for dirpath, dirs, files in os.walk(root):
            for f in files:
                path = os.path.join(dirpath, f)
                rel = "/" + os.path.relpath(path, root)
                if fnmatch.fnmatch(f, "*requirements*.txt"):
                    for _, line in preprocess(text(path)):
                        line = re.split(r"\\s--", line.strip())[0].strip()
                        if not line or line.startswith("-"):
                            continue
                        try:
                            req = Requirement(line)
                        except InvalidRequirement:
                            continue
                        specs = list(req.specifier)
                        if req.url is None and len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
                            rows.append((rel, req.name, specs[0].version))
                elif f == "Pipfile.lock":
                    data = json.loads(text(path))
                    for section in ("default", "develop"):
                        for name, entry in (data.get(section) or {}).items():
                            if isinstance(entry, dict) and entry.get("version"):
                                rows.append((rel, name, entry["version"].lstrip("=")))
                elif f in ("poetry.lock", "uv.lock"):
                    for p in tomllib.loads(text(path)).get("package", []):
                        if p.get("name") and p.get("version"):
                            rows.append((rel, p["name"], p["version"]))
        for rel, name, version in sorted(rows):
            print(f"{rel}\\t{name}\\t{version}\\t{purl(name, version)}")
        """

    static func rows(_ packages: [Package]) -> [String] {
        packages.map { "\($0.locations.first?.path ?? "")\t\($0.name)\t\($0.version)\t\($0.purl)" }.sorted()
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).sorted()
    }

    @Test("every pinned or locked package of the fixtures, as the saved oracle output lists them")
    func happy() throws {
        let result = try PythonLockCataloger().catalog(Fixtures.resolver("python/locks"), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(Self.rows(result.packages) == Self.lines(try String(contentsOfFile: Self.expectedPath, encoding: .utf8)))
        #expect(result.packages.count == 109)
        let purls = Set(result.packages.map(\.purl.description))
        for purl in ["pkg:pypi/pysocks@1.7.1", "pkg:pypi/backports-zoneinfo@0.2.1", "pkg:pypi/charset-normalizer@3.5.3",
                     "pkg:pypi/requests@2.34.2", "pkg:pypi/pytest@9.2.0", "pkg:pypi/bulkhead-py-fixture@0.1.0",
                     "pkg:pypi/cffi@1.17.0rc1"] {
            #expect(purls.contains(purl), "\(purl)")
        }
        #expect(result.packages.allSatisfy { $0.ecosystem == .pypi && $0.foundBy == "python-package-cataloger" })
        // `PySocks==1.7.1` keeps its spelling as the name; the purl is normalised.
        #expect(result.packages.contains { $0.name == "PySocks" && $0.purl.description == "pkg:pypi/pysocks@1.7.1" })
    }

    @Test("the live oracle agrees on the fixtures and on a UTF-16 copy of a real requirements file",
          .enabled(if: PythonOracle.available, "SKIPPED: needs python3 (3.11+, with pip) as the oracle"))
    func liveOracle() throws {
        let root = Fixtures.root.appendingPathComponent("python/locks").path
        let (status, output, err) = try ExternalTool.run(["python3", "-c", Self.oracleScript, root])
        #expect(status == 0, "\(err)")
        #expect(Self.lines(output) == Self.lines(try String(contentsOfFile: Self.expectedPath, encoding: .utf8)))
        // UTF-16 with a byte order mark (how Windows editors save requirements.txt).
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-req-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = try String(contentsOf: Fixtures.root.appendingPathComponent("python/locks/thirdparty/urllib3/dev-requirements.txt"),
                                encoding: .utf8)
        try source.data(using: .utf16LittleEndian).map { Data([0xFF, 0xFE]) + $0 }?.write(to: dir.appendingPathComponent("requirements.txt"))
        let ours = try PythonLockCataloger().catalog(DirectoryResolver(root: dir.path), context: CatalogContext())
        let theirs = try ExternalTool.run(["python3", "-c", Self.oracleScript, dir.path]).stdout
        #expect(ours.packages.count == 17)
        #expect(Self.rows(ours.packages) == Self.lines(theirs))
    }

    @Test("requirement lines: pins, extras, markers, hashes, continuations, options and URLs")
    func requirementLines() {
        let text = """
            # comment
            --index-url https://pypi.org/simple
            -r other-requirements.txt
            -e git+https://github.com/a/b.git#egg=b
            Django==4.2.1  # trailing comment
            requests[socks, security] == 2.31.0 ; python_version >= "3.8" \\
                --hash=sha256:aaaa \\
                --hash=sha256:bbbb
            zope.interface===5.5.2
            numpy>=1.24
            scipy==1.*
            attrs==23.1.0,!=23.0
            pkg @ https://example.com/pkg-1.0.whl
            https://example.com/other-2.0.tar.gz
            ./local/dir
            legacy (==1.0)
            flask==
            bad!name==1.0
            """
        let parsed = ParseRequirements.parse(text, path: "requirements.txt")
        #expect(parsed.requirements.map { "\($0.name) \($0.version) \($0.line)" } == [
            "Django 4.2.1 5", "requests 2.31.0 6", "zope.interface 5.5.2 9", "legacy 1.0 16",
        ])
        #expect(parsed.requirements[1].extras == ["socks", "security"])
        #expect(parsed.requirements[1].markers == "python_version >= \"3.8\"")
        #expect(parsed.diagnostics.map(\.code) == ["corrupt-entry", "corrupt-entry"])
        #expect(parsed.diagnostics.map(\.location) == [SourceLocation(file: "requirements.txt", line: 17),
                                                       SourceLocation(file: "requirements.txt", line: 18)])
    }

    @Test("Pipfile.lock: garbage is one diagnostic; odd entries are skipped, the others kept")
    func pipfileCorrupt() {
        #expect(ParsePipfileLock.parse(Array("{\"default\": [".utf8), path: "Pipfile.lock").diagnostics.map(\.location)
            == [SourceLocation(file: "Pipfile.lock")])
        let text = #"{"default": {"a": {"version": "==1.0"}, "b": 7, "c": {"editable": true, "path": "."}, "d": {"version": "=="}},"#
            + #" "develop": {"e": {"version": "===2.0", "markers": "os_name == 'nt'"}}}"#
        let parsed = ParsePipfileLock.parse(Array(text.utf8), path: "Pipfile.lock")
        #expect(parsed.packages.map { "\($0.name) \($0.version)" } == ["a 1.0", "e 2.0"])
        #expect(parsed.diagnostics.map(\.code) == ["corrupt-entry", "missing-field"])
    }

    @Test("poetry.lock and uv.lock: a broken [[package]] is a located diagnostic, the others kept")
    func tomlLockCorrupt() throws {
        let url = Fixtures.root.appendingPathComponent("python/locks/app/uv.lock")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let certifi = try #require(lines.firstIndex(of: "name = \"certifi\""))
        lines[certifi + 1] = "version = 2026.10.19.post1"          // not a TOML value
        let idna = try #require(lines.firstIndex(of: "name = \"idna\""))
        lines.remove(at: idna + 1)                                   // no version, registry source
        let parsed = ParseTOMLLock.parse(lines.joined(separator: "\n"), path: "uv.lock", kind: "uv.lock")
        #expect(parsed.packages.count == 22)
        #expect(!parsed.packages.contains { $0.name == "certifi" || $0.name == "idna" })
        #expect(parsed.diagnostics.map(\.code) == ["corrupt-entry", "missing-field"])
        #expect(parsed.diagnostics.map(\.location) == [SourceLocation(file: "uv.lock", line: certifi + 2),
                                                       SourceLocation(file: "uv.lock", line: idna)])
        // The project itself may have no version (dynamic): not a dependency, no diagnostic.
        let dynamic = ParseTOMLLock.parse("[[package]]\nname = \"app\"\nsource = { editable = \".\" }\n", path: "uv.lock",
                                          kind: "uv.lock")
        #expect(dynamic.packages.isEmpty && dynamic.diagnostics.isEmpty)
    }

    @Test("random mutations of every fixture never crash or hang", .timeLimit(.minutes(2)))
    func fuzz() throws {
        let app = Fixtures.root.appendingPathComponent("python/locks/app")
        let cataloger = PythonLockCataloger()
        for (file, glob) in [("requirements-pip-tools.txt", PythonLockCataloger.requirementsGlob),
                             ("Pipfile.lock", PythonLockCataloger.pipfileGlob),
                             ("poetry.lock", PythonLockCataloger.poetryGlob), ("uv.lock", PythonLockCataloger.uvGlob)] {
            let seed = [UInt8](try Data(contentsOf: app.appendingPathComponent(file)))
            for _ in 0..<60 {
                var bytes = seed
                for _ in 0..<8 {
                    bytes[Int.random(in: 0..<bytes.count)] = Array("[]{}\"'=,:\n\\#-@;\u{0}".utf8).randomElement()!
                }
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count)))
                let result = cataloger.packages(in: bytes, glob: glob,
                                                file: FileEntry(path: "/\(file)", kind: .regular, size: bytes.count, mode: 0o644))
                #expect(result.packages.allSatisfy { !$0.name.isEmpty && !$0.version.isEmpty })
            }
        }
    }
}

/// Whether python3 with `tomllib` and pip is there to act as an oracle.
enum PythonOracle {
    static let available: Bool = {
        guard ExternalTool.which("python3") != nil,
              let result = try? ExternalTool.run(["python3", "-c", "import tomllib, pip._internal.req.req_file"]) else {
            return false
        }
        return result.status == 0
    }()
}
