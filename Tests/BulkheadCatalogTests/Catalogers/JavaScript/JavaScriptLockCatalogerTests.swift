import BulkheadCore
import Foundation
import Testing

@testable import BulkheadCatalog

/// Expected sets were checked against the real lock files by hand and against the peers: Trivy
/// 0.76.0 (`trivy fs`) reports the same npm and pnpm 5/6 sets except that it also lists the root
/// project and, for v3, the `file:` package; Syft 1.18.1 differs where its notes say.
@Suite("JavaScript lock cataloger")
struct JavaScriptLockCatalogerTests {
    func catalog(_ scenario: String, includeDev: Bool = false) throws -> CatalogResult {
        try JavaScriptLockCataloger(includeDevDependencies: includeDev).catalog(Fixtures.resolver(scenario),
                                                                                context: CatalogContext())
    }

    func purls(_ scenario: String, includeDev: Bool = false) throws -> [String] {
        try catalog(scenario, includeDev: includeDev).packages.map(\.purl.description).sorted()
    }

    /// The production packages npm resolved for `@isaacs/cliui` and `debug` (the `-cjs` aliases
    /// reported under their real names); identical in the v1, v2 and v3 lock files and yarn.lock.
    static let npmProduction = [
        "pkg:npm/%40isaacs/cliui@8.0.2", "pkg:npm/ansi-regex@5.0.1", "pkg:npm/ansi-regex@6.0.1",
        "pkg:npm/ansi-styles@4.3.0", "pkg:npm/ansi-styles@6.2.1", "pkg:npm/color-convert@2.0.1",
        "pkg:npm/color-name@1.1.4", "pkg:npm/debug@4.3.5", "pkg:npm/eastasianwidth@0.2.0",
        "pkg:npm/emoji-regex@8.0.0", "pkg:npm/emoji-regex@9.2.2", "pkg:npm/is-fullwidth-code-point@3.0.0",
        "pkg:npm/ms@2.1.2", "pkg:npm/string-width@4.2.3", "pkg:npm/string-width@5.1.2",
        "pkg:npm/strip-ansi@6.0.1", "pkg:npm/strip-ansi@7.1.0", "pkg:npm/wrap-ansi@7.0.0", "pkg:npm/wrap-ansi@8.1.0",
    ]

    // Syft 1.18.1 reads only the top level of v1 (16 of these 19) and adds the root project for
    // v2/v3; Trivy writes v1 aliases as `pkg:npm/string-width-cjs@npm:string-width%404.2.3`.
    @Test("package-lock.json v1, v2 and v3: nested, aliased, dev left out", arguments: ["npm-v1", "npm-v2", "npm-v3"])
    func packageLock(_ version: String) throws {
        let result = try catalog("javascript/" + version)
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description).sorted() == Self.npmProduction)
        #expect(result.packages.allSatisfy { $0.locations == [PackageLocation(path: "/app/package-lock.json")] })
        #expect(try purls("javascript/" + version, includeDev: true) == (Self.npmProduction + ["pkg:npm/semver@7.6.2"]).sorted())
    }

    @Test("package-lock.json v2+ licenses; v3 link and local folder skipped")
    func lockDetails() throws {
        let byPurl = Dictionary(try catalog("javascript/npm-v3").packages.map { ($0.purl.description, $0) },
                                uniquingKeysWith: { a, _ in a })
        #expect(byPurl["pkg:npm/%40isaacs/cliui@8.0.2"]?.licenses == ["ISC"])
        #expect(byPurl["pkg:npm/string-width@4.2.3"]?.licenses == ["MIT"])
        #expect(byPurl["pkg:npm/string-width@4.2.3"]?.name == "string-width")
        #expect(!byPurl.keys.contains { $0.contains("local-lib") || $0.contains("bulkhead-js-fixture") })
        #expect(ParsePackageLock.nameFromPath("node_modules/a/node_modules/@s/b") == "@s/b")
        #expect(ParsePackageLock.nameFromPath("packages/local-lib") == nil)
        #expect(ParsePackageLock.registryNameVersion(key: "x", version: "file:../x") == nil)
        #expect(ParsePackageLock.registryNameVersion(key: "x", version: "git+https://h/x.git#abc") == nil)
        #expect(ParsePackageLock.registryNameVersion(key: "a-cjs", version: "npm:@s/a@1.2.3")?.name == "@s/a")
        #expect(ParsePackageLock.registryNameVersion(key: "a-cjs", version: "npm:@s/a@1.2.3")?.version == "1.2.3")
    }

    // Syft 1.18.1 and Trivy both report the alias names (`string-width-cjs`), and Syft 1.18.1
    // keeps the dev-only `semver`.
    @Test("yarn.lock classic: aliases under real names, dev-only semver left out")
    func yarnClassic() throws {
        let result = try catalog("javascript/yarn-classic")
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description).sorted() == Self.npmProduction)
        #expect(result.packages.first { $0.name == "@isaacs/cliui" }?.locations == [PackageLocation(path: "/app/yarn.lock")])
        #expect(try purls("javascript/yarn-classic", includeDev: true).contains("pkg:npm/semver@7.6.2"))
    }

    // Trivy reports the same set plus the workspace root (from package.json); Syft 1.18.1 keeps
    // the workspace (`0.0.0-use.local`), alias names and dev-only packages.
    @Test("yarn.lock berry: workspace skipped, dev-only packages left out")
    func yarnBerry() throws {
        let result = try catalog("javascript/yarn-berry")
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description).sorted() == [
            "pkg:npm/%40babel/code-frame@7.26.2", "pkg:npm/%40babel/helper-validator-identifier@7.29.7",
            "pkg:npm/ansi-regex@5.0.1", "pkg:npm/emoji-regex@8.0.0", "pkg:npm/is-fullwidth-code-point@3.0.0",
            "pkg:npm/js-tokens@4.0.0", "pkg:npm/picocolors@1.1.1", "pkg:npm/string-width@4.2.3",
            "pkg:npm/strip-ansi@6.0.1",
        ])
        let all = try purls("javascript/yarn-berry", includeDev: true)
        #expect(all.count == 16)
        #expect(all.contains("pkg:npm/handlebars@4.7.8") && all.contains("pkg:npm/uglify-js@3.17.4"))
    }

    @Test("yarn.lock berry protocols and classic non-registry ranges")
    func yarnProtocols() {
        #expect(ParseYarnLock.berryName(key: "a@npm:^1", resolution: "a@npm:1.0.0") == "a")
        #expect(ParseYarnLock.berryName(key: "x@workspace:.", resolution: "x@workspace:.") == nil)
        #expect(ParseYarnLock.berryName(key: "resolve@patch:resolve@^1#~builtin<compat/resolve>",
                                        resolution: "resolve@patch:resolve@npm%3A1.22.1#~builtin<compat/resolve>::version=1.22.1") == nil)
        #expect(ParseYarnLock.berryName(key: "l@link:../l", resolution: "l@link:../l::locator=app%40workspace%3A.") == nil)
        #expect(ParseYarnLock.berryName(key: "old@npm:async@0.9.2", resolution: nil) == "async")
        #expect(ParseYarnLock.packageName(descriptors: ["local@file:../local"]) == nil)
        #expect(ParseYarnLock.packageName(descriptors: ["dep@git+https://github.com/u/dep.git#v1"]) == nil)
        #expect(ParseYarnLock.packageName(descriptors: ["dep@user/repo"]) == nil)
        #expect(ParseYarnLock.packageName(descriptors: ["@s/a@^1.0.0", "@s/a@^1.2.0"]) == "@s/a")
        #expect(ParseYarnLock.packageName(descriptors: ["a-cjs@npm:@s/a@^1"]) == "@s/a")
        #expect(ParseYarnLock.splitDescriptors(#""@a/b@^1", c@2"#) == ["@a/b@^1", "c@2"])
    }

    // Syft 1.18.1 keeps dev packages and the v5 peer suffixes in versions
    // (`acorn-jsx@5.3.2_acorn%408.8.1`); Trivy reports the same production sets as here.
    @Test("pnpm-lock.yaml 5.4 and 6.0: peers stripped, dev: true left out")
    func pnpmDev() throws {
        let production = try purls("javascript/pnpm-v5")
        #expect(production == [
            "pkg:npm/concurrently@7.6.0", "pkg:npm/date-fns@2.29.3", "pkg:npm/lodash@4.17.21", "pkg:npm/rxjs@7.8.0",
            "pkg:npm/spawn-command@0.0.2-1", "pkg:npm/tslib@2.4.1",
        ])
        #expect(try purls("javascript/pnpm-v5", includeDev: true).filter { !production.contains($0) } == [
            "pkg:npm/%40babel/runtime@7.20.7", "pkg:npm/acorn-jsx@5.3.2", "pkg:npm/eslint-module-utils@2.7.4",
        ])
        #expect(try purls("javascript/pnpm-v6") == [
            "pkg:npm/%40ampproject/remapping@2.2.1", "pkg:npm/%40babel/code-frame@7.21.4",
            "pkg:npm/%40babel/helper-compilation-targets@7.21.4",
        ])
        #expect(try purls("javascript/pnpm-v6", includeDev: true).count == 5)
        let lines = try catalog("javascript/pnpm-v5").packages.compactMap { $0.locations.first?.path }
        #expect(Set(lines) == ["/app/pnpm-lock.yaml"])
    }

    // Same as Syft; Trivy works out dev packages from `importers` and keeps only wabt.
    @Test("pnpm-lock.yaml 9.0: every package (no per-package dev flag)")
    func pnpmV9() throws {
        let result = try catalog("javascript/pnpm-v9")
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description).sorted() == [
            "pkg:npm/%40esbuild/linux-x64@0.25.12", "pkg:npm/%40jridgewell/sourcemap-codec@1.5.5",
            "pkg:npm/debug@4.4.3", "pkg:npm/fdir@6.5.0", "pkg:npm/ms@2.1.3", "pkg:npm/typescript@5.9.3",
            "pkg:npm/vite@6.4.3", "pkg:npm/vite@7.3.6", "pkg:npm/wabt@1.0.39",
        ])
    }

    @Test("pnpm keys of every lockfile version", arguments: [
        ("/@babel/runtime/7.20.7", 5.4, "@babel/runtime", "7.20.7"),
        ("/acorn-jsx/5.3.2_acorn@8.8.1", 5.4, "acorn-jsx", "5.3.2"),
        ("/spawn-command/0.0.2-1", 5.3, "spawn-command", "0.0.2-1"),
        ("/@babel/helper-compilation-targets@7.21.4(@babel/core@7.21.4)", 6.0, "@babel/helper-compilation-targets", "7.21.4"),
        ("/is-glob@4.0.3", 6.1, "is-glob", "4.0.3"),
        ("@esbuild/linux-x64@0.25.12", 9.0, "@esbuild/linux-x64", "0.25.12"),
        ("fdir@6.5.0(picomatch@4.0.5)", 9.0, "fdir", "6.5.0"),
    ])
    func pnpmKeys(key: String, version: Double, name: String, expected: String) {
        let parsed = ParsePnpmLock.nameVersion(key: key, lockVersion: version)
        #expect(parsed?.name == name)
        #expect(parsed?.version == expected)
    }

    @Test("pnpm entries with explicit name and version, multi-document files, tarballs")
    func pnpmShapes() {
        let text = """
            ---
            lockfileVersion: '9.0'
            importers:
              .: {}
            packages:
              'pnpm@10.0.0':
                resolution: {integrity: sha512-x}
            ---
            lockfileVersion: '9.0'
            packages:
              '@s/a@https://codeload.example/a/tar.gz/abc':
                resolution: {tarball: https://codeload.example/a/tar.gz/abc}
                name: '@s/a'
                version: 1.2.0
              b@https://example.com/b.tgz:
                resolution: {tarball: https://example.com/b.tgz}
            """
        let parsed = ParsePnpmLock.parse(text, path: "pnpm-lock.yaml")
        #expect(parsed.entries.map { "\($0.name)@\($0.version)" } == ["pnpm@10.0.0", "@s/a@1.2.0"])
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test("truncated package-lock.json and a garbled yarn.lock line are located diagnostics; other records kept")
    func corrupt() throws {
        let result = try catalog("javascript/corrupt")
        let byFile = Dictionary(grouping: result.diagnostics, by: { $0.location?.file ?? "" })
        #expect(byFile["/app/package-lock.json"]?.map(\.code) == ["corrupt-entry"])
        #expect(byFile["/app/package-lock.json"]?.first?.location == SourceLocation(file: "/app/package-lock.json", line: 41))
        #expect(byFile["/app/yarn.lock"]?.map(\.code) == ["corrupt-entry"])
        #expect(byFile["/app/yarn.lock"]?.first?.location == SourceLocation(file: "/app/yarn.lock", line: 17))
        // Everything of yarn.lock but the garbled ansi-regex@5.0.1 entry; semver stays (no
        // package.json beside the lock file to say it is a dev dependency).
        let yarn = result.packages.filter { $0.locations.first?.path == "/app/yarn.lock" }.map(\.purl.description).sorted()
        #expect(yarn == (Self.npmProduction.filter { $0 != "pkg:npm/ansi-regex@5.0.1" } + ["pkg:npm/semver@7.6.2"]).sorted())
        #expect(!result.packages.contains { $0.locations.first?.path == "/app/package-lock.json" })
    }

    @Test("yarn dev-only marking follows descriptors, so each version is judged on its own")
    func devByVersion() {
        let entries = [
            JSLockEntry(name: "app-dep", version: "1.0.0", descriptors: ["app-dep@^1.0.0"], dependencies: ["a@^1.0.0"]),
            JSLockEntry(name: "tool", version: "3.0.0", descriptors: ["tool@^3"], dependencies: ["a@^2.0.0", "b@~1"]),
            JSLockEntry(name: "a", version: "1.2.0", descriptors: ["a@^1.0.0"]),
            JSLockEntry(name: "a", version: "2.1.0", descriptors: ["a@^2.0.0"]),
            JSLockEntry(name: "b", version: "1.0.5", descriptors: ["b@1.0.5"]),
            JSLockEntry(name: "orphan", version: "1.0.0", descriptors: ["orphan@1"]),
        ]
        let marked = ParseYarnLock.markDevOnly(entries, prodRoots: ["app-dep@^1.0.0"], devRoots: ["tool@^3"])
        #expect(marked.filter(\.isDev).map { "\($0.name)@\($0.version)" } == ["tool@3.0.0", "a@2.1.0", "b@1.0.5"])
        #expect(ParseYarnLock.markDevOnly(entries, prodRoots: ["app-dep@^1.0.0"], devRoots: []).allSatisfy { !$0.isDev })
    }

    @Test("many bad records stay linear: only the first ones are located")
    func manyBadRecords() {
        let body = (0..<5_000).map { #""node_modules/p\#($0)": 1"# }.joined(separator: ",\n")
        let parsed = ParsePackageLock.parse(#"{"lockfileVersion": 3, "packages": {"# + "\n" + body + "\n}}", path: "f")
        #expect(parsed.diagnostics.count == 5_000)
        #expect(parsed.diagnostics.filter { $0.location?.range != nil }.count == JSONErrorLocator.maxLocatedRecords)
    }

    @Test("lock files inside node_modules are not read")
    func nodeModulesLocks() {
        #expect(NpmName.isInsideNodeModules("/app/node_modules/x/package-lock.json"))
        #expect(!NpmName.isInsideNodeModules("/app/package-lock.json"))
    }

    @Test("random mutations and truncations of real lock files never crash or hang", arguments: [
        "javascript/npm-v1/app/package-lock.json", "javascript/npm-v3/app/package-lock.json",
        "javascript/yarn-classic/app/yarn.lock", "javascript/yarn-berry/app/yarn.lock",
        "javascript/pnpm-v5/app/pnpm-lock.yaml", "javascript/pnpm-v6/app/pnpm-lock.yaml",
        "javascript/pnpm-v9/app/pnpm-lock.yaml",
    ])
    func fuzz(_ file: String) throws {
        let seed = Array(try String(contentsOf: Fixtures.root.appendingPathComponent(file), encoding: .utf8).utf8)
        let alphabet: [UInt8] = [0x22, 0x27, 0x7B, 0x7D, 0x3A, 0x2C, 0x0A, 0x20, 0x40, 0x2F, 0x28, 0x2D, 0x23, 0x00, 0xFF]
        for _ in 0..<80 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...8) {
                bytes[Int.random(in: 0..<bytes.count)] = alphabet[Int.random(in: 0..<alphabet.count)]
            }
            let text = String(decoding: bytes.prefix(Int.random(in: 0...bytes.count)), as: UTF8.self)
            let parsed: (entries: [JSLockEntry], diagnostics: [Diagnostic]) =
                file.hasSuffix(".json") ? ParsePackageLock.parse(text, path: "f")
                    : file.hasSuffix(".lock") ? ParseYarnLock.parse(text, path: "f") : ParsePnpmLock.parse(text, path: "f")
            #expect(parsed.entries.allSatisfy { !$0.name.isEmpty && !$0.version.isEmpty })
        }
    }

    @Test("deeply nested v1 dependencies stop at the depth cap")
    func deepLock() {
        var text = #"{"lockfileVersion":1,"dependencies":"#
        for i in 0..<200 { text += #"{"p\#(i)":{"version":"1.0.\#(i)","dependencies":"# }
        text += "{}" + String(repeating: "}}", count: 200) + "}"
        let parsed = ParsePackageLock.parse(text, path: "f")
        #expect(parsed.entries.count <= ParsePackageLock.maxDepth)
        #expect(parsed.entries.first?.name == "p0")
    }
}

@Suite("YAMLLite lock-file reader")
struct YAMLLiteTests {
    @Test("mappings, quoted keys, flow values, block scalars, sequences, documents")
    func shapes() throws {
        let text = """
            # comment
            lockfileVersion: '6.0'
            packages:
              '/@a/b@1.0.0':
                resolution: {integrity: sha512-x}
                description: |
                  not: a key
                  - nor an item
                cpu: [x64]
                dev: true # trailing comment
              "/c@2.0.0(d@1.0.0)": {}
              plain key: "esc\\"aped"
            list:
              - one
              - two: 2
            ---
            second: doc
            """
        let (documents, problems) = YAMLLite.parse(text)
        #expect(problems.isEmpty)
        #expect(documents.count == 2)
        let doc = try #require(documents.first)
        #expect(doc.root("lockfileVersion")?.value == "6.0")
        let packages = try #require(doc.root("packages"))
        #expect(doc.children(of: packages).map(\.key) == ["/@a/b@1.0.0", "/c@2.0.0(d@1.0.0)", "plain key"])
        let first = doc.children(of: packages)[0]
        #expect(doc.children(of: first).map(\.key) == ["resolution", "description", "cpu", "dev"])
        #expect(doc.value("resolution", in: first) == "{integrity: sha512-x}")
        #expect(doc.value("dev", in: first) == "true")
        #expect(doc.value("plain key", in: packages) == #"esc"aped"#)
        #expect(first.line == 4)
        #expect(doc.children(of: try #require(doc.root("list"))).map(\.value) == ["one", "two: 2"])
        #expect(documents[1].root("second")?.value == "doc")
    }

    @Test("unreadable lines are located problems; reading goes on")
    func problems() {
        let (documents, problems) = YAMLLite.parse("a:\n  b: 1\n  garbage line\n    child: x\n  c: 2\n")
        #expect(problems.map(\.line) == [3])
        #expect(documents.first.map { $0.children(of: $0.root("a")!).map(\.key) } == ["b", "c"])
    }

    @Test("nesting beyond the cap is skipped, not recursed into")
    func deep() {
        var text = ""
        for depth in 0..<200 { text += String(repeating: " ", count: depth) + "k\(depth):\n" }
        let (documents, problems) = YAMLLite.parse(text)
        #expect(documents.first?.nodes.count == YAMLLite.maxDepth)
        #expect(problems.count == 1)
    }
}

@Suite("JSON error locator")
struct JSONErrorLocatorTests {
    @Test("valid JSON has no error; the first error's line is found", arguments: [
        (#"{"a": [1, 2.5e3, -0, true, false, null, "x\"y"], "b": {}}"#, nil),
        ("{\n  \"a\": 1,\n  \"b\": 2x\n}", 3),
        ("{\n  \"a\": [1,\n", 3),
        ("{\"a\" 1}", 1),
        ("[1,]", 1),
        ("{\"a\":1}}", 1),
        ("", 1),
    ] as [(String, Int?)])
    func lines(text: String, line: Int?) {
        #expect(JSONErrorLocator.firstErrorLine(in: Array(text.utf8)) == line)
    }

    @Test("the line of a map key")
    func keyLine() {
        #expect(JSONErrorLocator.line(ofKey: "node_modules/x", in: "{\n \"a\": \"node_modules/x\",\n \"node_modules/x\" : {}\n}") == 3)
        #expect(JSONErrorLocator.line(ofKey: "missing", in: "{}") == nil)
    }
}
