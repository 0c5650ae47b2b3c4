import BulkheadCore
import Testing

@testable import BulkheadCatalog

@Suite("Python installed-package cataloger")
struct PythonPackageCatalogerTests {
    @Test("dist-info METADATA and egg-info PKG-INFO anywhere in the tree, with exact purls")
    func happy() throws {
        let result = try PythonPackageCataloger().catalog(Fixtures.resolver("python/happy"), context: CatalogContext())
        #expect(result.packages.purlsByName == [
            "Foo_Bar": "pkg:pypi/foo-bar@1.0.post1",
            "distutils-thing": "pkg:pypi/distutils-thing@0.9",
            "requests": "pkg:pypi/requests@2.31.0",
            "zope.interface": "pkg:pypi/zope-interface@5.4.0",
        ])
        let byName = Dictionary(uniqueKeysWithValues: result.packages.map { ($0.name, $0) })
        #expect(byName["Foo_Bar"]?.licenses == ["MIT OR Apache-2.0"])
        #expect(byName["requests"]?.licenses == ["Apache 2.0"])
        #expect(byName["zope.interface"]?.licenses == [])
        #expect(byName["zope.interface"]?.locations == [PackageLocation(path: "/opt/app/legacy.egg-info/PKG-INFO")])
        #expect(result.diagnostics.map(\.code) == ["missing-field"])
        #expect(result.diagnostics.first?.location?.file
                == "/usr/lib/python3.11/site-packages/broken-1.0.dist-info/METADATA")
    }

    @Test("PEP 503 normalisation", arguments: zip(
        ["Foo_Bar", "zope.interface", "A--B__C..D", "Django", "ruamel.yaml.clib", "a-_.b"],
        ["foo-bar", "zope-interface", "a-b-c-d", "django", "ruamel-yaml-clib", "a-b"]))
    func normalize(name: String, expected: String) {
        #expect(PythonMetadata.normalize(name) == expected)
    }

    @Test("headers stop at the first blank line; continuation lines join")
    func headers() throws {
        let text = "Name: x\nVersion: 1\nLicense: line one\n  line two\n\nName: body\n"
        let metadata = try ParsePythonMetadata.parse(text, path: "M").get()
        #expect(metadata.name == "x")
        #expect(metadata.license == nil)  // a multi-line License is license text, not an identifier
    }

    @Test("random and truncated metadata ends in a value or a typed error, never a crash")
    func fuzz() {
        let seed = Array("Metadata-Version: 2.1\nName: a_b\nVersion: 1.0\nLicense: MIT\n  more\n\nbody\n".utf8)
        for _ in 0..<300 {
            var mutated = seed
            for _ in 0..<4 {
                mutated[Int.random(in: 0..<mutated.count)] = [10, 32, 58, 0xC3, 9][Int.random(in: 0..<5)]
            }
            switch ParsePythonMetadata.parse(String(decoding: mutated.prefix(Int.random(in: 0...mutated.count)), as: UTF8.self),
                                             path: "M") {
            case .success(let metadata): #expect(!metadata.name.isEmpty && !metadata.version.isEmpty)
            case .failure(let error): #expect(error.location?.file == "M")
            }
        }
    }

    @Test("a malformed header line is a located corrupt-entry error")
    func malformed() {
        let result = ParsePythonMetadata.parse("Name: x\nnot a header\n", path: "M")
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == .corruptEntry)
        #expect(error.location == SourceLocation(file: "M", line: 2))
    }

    @Test("Requires-Dist resolves to the installed distributions (extras left out), as pip show lists them")
    func requiresDist() throws {
        let packages = try PythonPackageCataloger().catalog(Fixtures.resolver("python/requires"), context: CatalogContext()).packages
        let requests = try #require(packages.first { $0.name == "requests" })
        // `pip show requests` (2.34.2): Requires: certifi, charset_normalizer, idna, urllib3.
        #expect(requests.dependencies.map(\.name).sorted() == ["certifi", "charset-normalizer", "idna", "urllib3"])
        #expect(packages.filter { $0.name != "requests" }.allSatisfy { $0.dependencies.isEmpty })
        #expect(PythonMetadata.requirementName("Foo.Bar_baz (>=1) ; python_version < '3'") == "foo-bar-baz")
        #expect(PythonMetadata.requirementName("PySocks!=1.5.7,>=1.5.6; extra == \"socks\"") == nil)
    }
}
