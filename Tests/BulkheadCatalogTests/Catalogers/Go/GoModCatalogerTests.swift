import BulkheadCore
import Testing

@testable import BulkheadCatalog

/// go.mod / go.sum from Go's own source tree, edited with `go mod edit` (Fixtures/go/module/README.md).
@Suite("go.mod cataloger")
struct GoModCatalogerTests {
    func catalog() throws -> CatalogResult {
        try GoModCataloger().catalog(Fixtures.resolver("go/module"), context: CatalogContext())
    }

    func purls(_ result: CatalogResult, in path: String) -> [String] {
        result.packages.filter { $0.locations.first?.path == path }.map(\.purl.description)
    }

    @Test("requires with replace and exclude applied, exact purls")
    func happy() throws {
        let result = try catalog()
        #expect(result.diagnostics.isEmpty)
        #expect(purls(result, in: "/go.mod") == [
            // Replaced by a directory: the original path, no version (as syft).
            "pkg:golang/github.com/google/pprof",
            // `replace golang.org/x/arch v0.0.1 => …` names another version: not applied.
            "pkg:golang/golang.org/x/arch@v0.0.0-20220412001346-fc48f9fe4c15",
            "pkg:golang/example.com/mod-fork@v0.6.1",
            "pkg:golang/golang.org/x/sync@v0.0.0-20220513210516-0976fa681c29",
            "pkg:golang/golang.org/x/sys@v0.1.0",
            // golang.org/x/term is excluded at its required version; golang.org/x/unused is
            // replaced but never required, so it is not a package.
            "pkg:golang/golang.org/x/tools@v0.1.11-0.20220516163903-1e55371df567",
            "pkg:golang/github.com/ianlancetaylor/demangle@v0.0.0-20220319035150-800ac71e25c2",
            "pkg:golang/golang.org/x/crypto@v0.0.0-20220516162934-403b01795ae8",
        ])
        #expect(result.packages.allSatisfy { $0.ecosystem == .go && $0.foundBy == "go-module-file-cataloger" })
    }

    @Test("a Go 1.16 go.mod adds the modules whose code go.sum checksums")
    func legacyGoSum() throws {
        #expect(purls(try catalog(), in: "/legacy/go.mod") == [
            "pkg:golang/github.com/mmcloughlin/avo@v0.2.0",
            "pkg:golang/golang.org/x/mod@v0.3.0",
            "pkg:golang/golang.org/x/sys@v0.0.0-20210403161142-5e06dd20ab57",
            "pkg:golang/golang.org/x/tools@v0.1.0",
            "pkg:golang/golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1",
        ])
    }

    @Test("the module of the Go binary fixture: a directory replacement keeps the path")
    func vendored() throws {
        #expect(purls(try catalog(), in: "/vendored/go.mod") == [
            "pkg:golang/github.com/google/uuid",
            "pkg:golang/github.com/pkg/errors@v0.9.1",
        ])
    }

    @Test("blocks, quoted paths, comments and malformed lines")
    func syntax() {
        let text = """
            module "example.com/m" // the module
            go 1.21
            require (
            \t"example.com/a" v1.0.0 // indirect; used by b
            \texample.com/b v2.0.0+incompatible
            \texample.com/broken
            )
            replace (
            \texample.com/b => example.com/c v2.1.0
            )
            retract [v1.0.0, v1.0.1]
            require example.com/q "v1.2.3
            """
        let parsed = ParseGoMod.parse(text, path: "go.mod")
        #expect(parsed.file.module == "example.com/m")
        #expect(parsed.file.goVersion == "1.21")
        #expect(parsed.file.requires.map(\.path) == ["example.com/a", "example.com/b"])
        #expect(parsed.file.requires.map(\.indirect) == [true, false])
        #expect(parsed.diagnostics.map(\.location) == [SourceLocation(file: "go.mod", line: 6),
                                                       SourceLocation(file: "go.mod", line: 12)])
        #expect(GoModPackages.modules(parsed.file).map(\.path) == ["example.com/a", "example.com/c"])
        #expect(!GoModPackages.listsOnlyDirectRequirements(parsed.file))
    }

    @Test("random mutations of a real go.mod and go.sum never crash", .timeLimit(.minutes(1)))
    func fuzz() throws {
        let mod = Array(try String(contentsOf: Fixtures.root.appendingPathComponent("go/module/go.mod"), encoding: .utf8).utf8)
        let sum = Array(try String(contentsOf: Fixtures.root.appendingPathComponent("go/module/go.sum"), encoding: .utf8).utf8)
        for _ in 0..<300 {
            for seed in [mod, sum] {
                var bytes = seed
                for _ in 0..<6 {
                    bytes[Int.random(in: 0..<bytes.count)] = [0x0A, 0x22, 0x60, 0x28, 0x29, 0x2F, 0x20, 0xFF][Int.random(in: 0..<8)]
                }
                let text = String(decoding: bytes.prefix(Int.random(in: 0...bytes.count)), as: UTF8.self)
                let parsed = ParseGoMod.parse(text, path: "go.mod")
                #expect(GoModPackages.modules(parsed.file).allSatisfy { !$0.path.isEmpty })
                _ = ParseGoSum.downloadedModules(text)
            }
        }
    }
}
