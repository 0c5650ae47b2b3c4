import BulkheadCore
import Foundation
import Testing

@testable import BulkheadCatalog

@Suite("npm installed package cataloger")
struct NpmPackageCatalogerTests {
    func catalog(_ scenario: String) throws -> CatalogResult {
        try NpmPackageCataloger().catalog(Fixtures.resolver(scenario), context: CatalogContext())
    }

    @Test("installed package.json files: exact purls, no module-type helpers, no diagnostics")
    func happy() throws {
        let result = try catalog("javascript/installed")
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.count == 11)
        #expect(result.packages.purlsByName == [
            "npm": "pkg:npm/npm@10.8.2",
            "@isaacs/cliui": "pkg:npm/%40isaacs/cliui@8.0.2",
            "strip-ansi": "pkg:npm/strip-ansi@7.1.0",
            "debug": "pkg:npm/debug@4.3.5",
            "ms": "pkg:npm/ms@2.1.2",
            "glob": "pkg:npm/glob@10.4.2",
            "qrcode-terminal": "pkg:npm/qrcode-terminal@0.12.0",
            "tar": "pkg:npm/tar@6.2.1",
            "fs-minipass": "pkg:npm/fs-minipass@2.1.0",
            "minipass": "pkg:npm/minipass@3.3.6",
            "kindof": "pkg:npm/kindof@2.0.0",
        ])
        #expect(result.packages.allSatisfy { $0.ecosystem == .npm && $0.foundBy == "javascript-package-cataloger" })
    }

    @Test("same (path, purl) pairs as Syft 1.18.1 on the same tree")
    func syftOracle() throws {
        let oracle = try String(contentsOf: Fixtures.root.appendingPathComponent("javascript/installed.syft-1.18.1.tsv"),
                                encoding: .utf8)
        let expected = oracle.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init).sorted()
        let ours = try catalog("javascript/installed").packages.map { "\($0.locations[0].path)\t\($0.purl)" }.sorted()
        #expect(ours == expected)
    }

    @Test("licenses from license, legacy licenses arrays and license objects")
    func licenses() throws {
        let byName = Dictionary(uniqueKeysWithValues: try catalog("javascript/installed").packages.map { ($0.name, $0) })
        #expect(byName["npm"]?.licenses == ["Artistic-2.0"])
        #expect(byName["qrcode-terminal"]?.licenses == ["Apache 2.0"])
        #expect(byName["kindof"]?.licenses == ["LAGPL"])
        #expect(byName["ms"]?.locations == [PackageLocation(path: "/usr/lib/node_modules/npm/node_modules/debug/node_modules/ms/package.json")])
        // Shapes not present in the installed tree (inline input).
        #expect(ParsePackageJSON.parse(#"{"name":"a","version":"1","license":{"type":"BSD","url":"x"}}"#, path: "p").manifest?.licenses == ["BSD"])
        #expect(ParsePackageJSON.parse(#"{"name":"a","version":"1","licenses":["MIT","Apache-2.0"]}"#, path: "p").manifest?.licenses == ["MIT", "Apache-2.0"])
        #expect(ParsePackageJSON.parse(#"{"name":"a","version":"1","license":"MIT","licenses":[{"type":"GPL"}]}"#, path: "p").manifest?.licenses == ["MIT"])
        #expect(ParsePackageJSON.parse(#"{"name":"a","version":"1","license":42}"#, path: "p").manifest?.licenses == [])
    }

    @Test("node_modules layout: package roots yes, sub-folder helpers and fixtures no", arguments: [
        ("/app/node_modules/lodash/package.json", true),
        ("/app/node_modules/@babel/core/package.json", true),
        ("/app/node_modules/a/node_modules/@s/b/node_modules/c/package.json", true),
        ("/app/node_modules/.pnpm/a@1.0.0/node_modules/a/package.json", true),
        ("/app/node_modules/.pnpm/@s+b@1.0.0/node_modules/@s/b/package.json", true),
        ("/usr/lib/node_modules/npm/package.json", true),
        ("/app/node_modules/glob/dist/esm/package.json", false),
        ("/app/node_modules/@babel/core/lib/package.json", false),
        ("/app/node_modules/a/test/fixtures/node_modules/b/package.json", false),
        ("/app/node_modules/@scope/package.json", false),
        ("/app/node_modules/.bin/package.json", false),
        ("/app/node_modules/package.json", false),
        ("/app/node_modules/@a/@b/package.json", false),
        ("/app/package.json", false),
    ])
    func layout(path: String, expected: Bool) {
        #expect(NodeModulesLayout.isPackageManifest(path) == expected)
    }

    @Test("a truncated package.json is a located diagnostic; the other packages are kept")
    func corrupt() throws {
        let result = try catalog("javascript/corrupt")
        #expect(result.packages.map(\.purl.description) == ["pkg:npm/ms@2.1.2"])
        #expect(result.diagnostics.map(\.code) == ["corrupt-entry"])
        // The file was cut after line 12; the JSON ends unterminated at line 13.
        #expect(result.diagnostics.first?.location == SourceLocation(file: "/usr/lib/node_modules/debug/package.json", line: 13))
    }

    @Test("missing name or version is a missing-field diagnostic")
    func missingFields() {
        #expect(ParsePackageJSON.parse(#"{"type":"module"}"#, path: "p").diagnostics.map(\.code) == ["missing-field"])
        #expect(ParsePackageJSON.parse(#"{"name":"x","version":""}"#, path: "p").diagnostics.map(\.code) == ["missing-field"])
        #expect(ParsePackageJSON.parse("[1,2]", path: "p").diagnostics.map(\.code) == ["corrupt-entry"])
    }

    @Test("random mutations and truncations of a real package.json never crash")
    func fuzz() throws {
        let seed = Array(try String(contentsOf: Fixtures.root.appendingPathComponent(
            "javascript/installed/usr/lib/node_modules/npm/node_modules/debug/package.json"), encoding: .utf8).utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] =
                    [0x22, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x0A, 0x00, 0xFF][Int.random(in: 0..<10, using: &generator)]
            }
            let text = String(decoding: bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)), as: UTF8.self)
            let parsed = ParsePackageJSON.parse(text, path: "p")
            #expect((parsed.manifest == nil) != parsed.diagnostics.isEmpty)
        }
        // Hostile nesting is rejected without exhausting the stack.
        let deep = String(repeating: "[", count: 100_000)
        #expect(ParsePackageJSON.parse(deep, path: "p").manifest == nil)
        #expect(JSONErrorLocator.firstErrorLine(in: Array(deep.utf8)) == 1)
    }
}
