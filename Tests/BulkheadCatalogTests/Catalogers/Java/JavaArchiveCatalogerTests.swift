import BulkheadZip
import BulkheadCore
import BulkheadImage
import Foundation
import Testing

@testable import BulkheadCatalog

/// Builds archive trees from the real jars in `Fixtures/java/jars` with `build-archives.py`.
enum JavaFixtures {
    static let root = Fixtures.root.appendingPathComponent("java")

    /// Runs `build-archives.py KIND OUT` and returns OUT.
    static func build(_ kind: String) throws -> URL {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-java-\(kind)-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("build-archives.py").path, kind, out.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "build-archives.py \(kind) failed")
        return out
    }

    /// `purl<TAB>location` rows saved from Syft's JSON output on a fixture tree.
    static func oracle(_ name: String) throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
        return Set(text.split(separator: "\n").map(String.init))
    }
}

@Suite("Java archive cataloger")
struct JavaArchiveCatalogerTests {
    func catalog(_ resolver: some FileResolver, limits: ZipLimits = .default) throws -> CatalogResult {
        try JavaArchiveCataloger(limits: limits).catalog(resolver, context: CatalogContext())
    }

    @Test("real Debian jars: pom.properties, manifest and file-name identities with exact purls")
    func realJars() throws {
        let result = try catalog(Fixtures.resolver("java/jars"))
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.purlsByName == [
            "jul-to-slf4j": "pkg:maven/org.slf4j/jul-to-slf4j@1.7.32",
            "atinject-jsr330-api": "pkg:maven/atinject-jsr330-api/atinject-jsr330-api@1.0",
            "guice-multibindings": "pkg:maven/com.google.inject/guice-multibindings@4.2.3",
            "aopalliance": "pkg:maven/aopalliance/aopalliance@1.0",
            "maven3-slf4j-provider": "pkg:maven/maven3-slf4j-provider/maven3-slf4j-provider@3.8.7",
            "maven-slf4j-provider": "pkg:maven/org.apache.maven/maven-slf4j-provider@3.8.7",
            "slf4j-simple": "pkg:maven/org.slf4j/slf4j-simple@1.7.32",
        ])
        #expect(result.packages.count == 7)
        let guice = try #require(result.packages.first { $0.name == "guice-multibindings" })
        #expect(guice.licenses == ["http://www.apache.org/licenses/LICENSE-2.0.txt"])
        #expect(guice.locations == [PackageLocation(path: "/guice-multibindings.jar")])
        #expect(guice.ecosystem == .maven)
        #expect(guice.foundBy == "java-archive-cataloger")
    }

    @Test("wars, fat jars, an executable jar and a ZIP64 jar built from real jars match Syft exactly")
    func matchesSyft() throws {
        let tree = try JavaFixtures.build("happy")
        defer { try? FileManager.default.removeItem(at: tree) }
        let result = try catalog(DirectoryResolver(root: tree.path))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let ours = Set(result.packages.map { "\($0.purl)\t\($0.locations.map(\.path).joined())" })
        let syft = try JavaFixtures.oracle("syft-archives.tsv")
        #expect(ours == syft, "only Bulkhead: \(ours.subtracting(syft).sorted())\nonly Syft: \(syft.subtracting(ours).sorted())")
        #expect(result.packages.count == syft.count)
        // Two levels deep: a war inside a fat jar.
        #expect(ours.contains("pkg:maven/org.slf4j/jul-to-slf4j@1.7.32\t/opt/app/service.jar:BOOT-INF/lib/shop.war:WEB-INF/lib/jul-to-slf4j.jar"))
    }

    @Test("truncated, corrupt and hostile archives become located diagnostics; good packages stay")
    func hostile() throws {
        let tree = try JavaFixtures.build("hostile")
        defer { try? FileManager.default.removeItem(at: tree) }
        let clock = ContinuousClock()
        let start = clock.now
        let result = try catalog(DirectoryResolver(root: tree.path))
        #expect(clock.now - start < .seconds(20))
        let found = Set(result.packages.map { "\($0.purl) \($0.locations[0].path)" })
        #expect(found == [
            "pkg:maven/aopalliance/aopalliance@1.0 /lib/aopalliance-1.0.jar",
            // The manifest fails its CRC; the pom.properties still names the jar.
            "pkg:maven/org.slf4j/jul-to-slf4j@1.7.32 /lib/badcrc-1.7.32.jar",
            // The honest bomb's manifest is fine; its nested entry is the bomb.
            "pkg:maven/honest-bomb/honest-bomb@1.0 /bombs/honest-bomb-1.0.jar",
            "pkg:maven/level0/level0 /dolls/level0.jar",
            "pkg:maven/level1/level1 /dolls/level0.jar:lib/level1.jar",
            "pkg:maven/level2/level2 /dolls/level0.jar:lib/level1.jar:lib/level2.jar",
            "pkg:maven/level3/level3 /dolls/level0.jar:lib/level1.jar:lib/level2.jar:lib/level3.jar",
        ])
        let byFile = Dictionary(grouping: result.diagnostics) { $0.location?.file ?? "" }
        func codes(_ file: String) -> [String] { byFile[file]?.map(\.code) ?? [] }
        #expect(codes("/lib/truncated-1.0.jar") == ["corrupt-entry"])
        #expect(codes("/lib/badcd-1.0.jar") == ["corrupt-entry"])
        #expect(codes("/lib/notazip.jar") == ["corrupt-entry"])
        #expect(codes("/lib/badcrc-1.7.32.jar") == ["corrupt-entry"])
        #expect(byFile["/lib/badcrc-1.7.32.jar"]?.first?.location?.fieldPath == "META-INF/MANIFEST.MF")
        #expect(byFile["/lib/badcrc-1.7.32.jar"]?.first?.message.contains("CRC") == true)
        let bomb = try #require(byFile["/bombs/honest-bomb-1.0.jar"]?.first)
        #expect(bomb.code == "unreadable-file")
        #expect(bomb.location?.fieldPath == "WEB-INF/lib/zeros.jar")
        #expect(bomb.message.contains("ratio"))
        let liar = try #require(byFile["/bombs/lying-bomb-1.0.jar"]?.first)
        #expect(liar.code == "corrupt-entry")
        #expect(liar.location?.fieldPath == "META-INF/MANIFEST.MF")
        let deep = try #require(byFile["/dolls/level0.jar:lib/level1.jar:lib/level2.jar:lib/level3.jar"]?.first)
        #expect(deep.code == "unreadable-file")
        #expect(deep.location?.fieldPath == "lib/level4.jar")
        #expect(result.diagnostics.count == 7, "\(result.diagnostics)")
    }

    @Test("the total inflation budget covers nested archives")
    func budget() throws {
        let tree = try JavaFixtures.build("happy")
        defer { try? FileManager.default.removeItem(at: tree) }
        var limits = ZipLimits.default
        limits.maxTotalInflated = 4096
        let result = try catalog(DirectoryResolver(root: tree.path), limits: limits)
        #expect(result.diagnostics.contains { $0.code == "unreadable-file" && $0.location?.file == "/opt/app/service.jar" })
        // Top-level metadata still fits.
        #expect(result.packages.contains { $0.name == "jul-to-slf4j" && $0.locations[0].path == "/usr/share/java/jul-to-slf4j.jar" })
    }

    @Test("random mutations and truncations of real jars end in packages or diagnostics, never a crash or hang")
    func fuzz() throws {
        let seeds = try ["jul-to-slf4j.jar", "maven3-slf4j-provider.jar", "guice-multibindings.jar"].map {
            [UInt8](try Data(contentsOf: JavaFixtures.root.appendingPathComponent("jars/\($0)")))
        }
        var generator = SystemRandomNumberGenerator()
        let clock = ContinuousClock()
        let start = clock.now
        for round in 0..<600 {
            var bytes = seeds[round % seeds.count]
            let tailBias = round % 2 == 0
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                // Half the rounds hit the central directory and end records, where offsets live.
                let lower = tailBias ? max(0, bytes.count - 600) : 0
                bytes[Int.random(in: lower..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if round % 3 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
            let parsed = ParseJavaArchive.parse(bytes, path: "/fuzz.jar")
            #expect(parsed.packages.allSatisfy { !$0.name.isEmpty })
        }
        #expect(clock.now - start < .seconds(30))
    }
}

@Suite("Java archive parts")
struct JavaArchivePartsTests {
    @Test("file names split into name and version like Syft", arguments: [
        ("pkg-maven-4.3.2.jar", "pkg-maven", "4.3.2"),
        ("pkg-maven.4.3.2.blerg", "pkg-maven", "4.3.2"),
        ("pkg-maven_4.3.2.blerg", "pkg-maven", "4.3.2"),
        ("/x.war:WEB-INF/lib/commons-jelly-1.1-hudson-20100305.jar", "commons-jelly", "1.1-hudson-20100305"),
        ("trilead-ssh2-build212-hudson-5.jar", "trilead-ssh2", "build212-hudson-5"),
        ("guava-r06.jar", "guava", "r06"),
        ("spring-data-r2dbc-1.1.0.RELEASE.jar", "spring-data-r2dbc", "1.1.0.RELEASE"),
        ("jboss-saaj-api_1.4_spec-1.0.2.Final.jar", "jboss-saaj-api_1.4_spec", "1.0.2.Final"),
        ("jul-to-slf4j.jar", "jul-to-slf4j", ""),
        ("jsr305-0.1~+svn49.jar", "jsr305", "0.1~+svn49"),
        ("1password.jar", "", ""),
        ("my-http2-server-5.jar", "my-http2-server", "5"),
    ])
    func filenames(_ path: String, _ name: String, _ version: String) {
        let parsed = JavaArchiveFilename(path)
        #expect(parsed.name == name)
        #expect(parsed.version == version)
    }

    @Test("manifest continuation lines, sections and lenient lines")
    func manifest() {
        let manifest = ParseJavaManifest.parse("""
            Manifest-Version: 1.0\r
            Export-Package: org.slf4j.bridge;version=1.7.32;uses:="org.slf4j,org.slf\r
             4j.spi"\r
            not a header\r
            \r
            Name: org/example/\r
            Implementation-Version: 2.0\r

            """)
        #expect(manifest.main("Export-Package") == #"org.slf4j.bridge;version=1.7.32;uses:="org.slf4j,org.slf4j.spi""#)
        #expect(manifest.main("Implementation-Version") == nil)
        #expect(manifest.firstValue("Implementation-Version") == "2.0")
        #expect(manifest.sections.count == 1)
    }

    @Test("group IDs: pom.properties first, then sorted domain-like manifest fields")
    func groupIDs() {
        let manifest = ParseJavaManifest.parse("Implementation-Vendor: org.b\nBundle-SymbolicName: com.a;singleton:=true\n")
        #expect(MavenGroupID.fromManifest(manifest) == "com.a")
        #expect(MavenGroupID.fromManifest(ParseJavaManifest.parse("Bundle-SymbolicName: javax.inject\n")) == nil)
        #expect(MavenGroupID.fromPomProperties(PomProperties(groupID: "", artifactID: "org.x.y", version: "1", path: "")) == "org.x.y")
        #expect(ParsePomProperties.parse("groupId=g\nartifactId=a\nversion=1\n", path: "p")?.groupID == "g")
        #expect(ParsePomProperties.parse("garbage line\n", path: "p") == nil)
    }

    @Test("ZIP reader: stored and deflated entries, CRC checked, end record behind a comment")
    func zipReader() throws {
        let jar = [UInt8](try Data(contentsOf: JavaFixtures.root.appendingPathComponent("jars/jul-to-slf4j.jar")))
        var withComment = jar
        // Grow the archive comment: the end record is found by scanning back over it.
        let signature: [UInt8] = [0x50, 0x4b, 5, 6]
        let candidates = (0...(jar.count - 22)).reversed()
        let found = candidates.first { (i: Int) -> Bool in Array(jar[i..<(i + 4)]) == signature }
        let eocd = try #require(found)
        withComment[eocd + 20] = 0x00
        withComment[eocd + 21] = 0x10
        withComment += [UInt8](repeating: 0x50, count: 0x1000)
        for bytes in [jar, withComment] {
            let archive = try ZipArchive(bytes)
            #expect(archive.entries.count == 11)
            var budget = ZipBudget(1 << 20)
            let manifest = try #require(archive.entry(named: "META-INF/MANIFEST.MF"))
            #expect(manifest.method == 8)
            let text = String(decoding: try archive.contents(of: manifest, limit: 4096, budget: &budget), as: UTF8.self)
            #expect(text.hasPrefix("Manifest-Version: 1.0"))
            #expect(budget.remaining == (1 << 20) - 545)
            #expect(throws: ZipError.self) { try archive.contents(of: manifest, limit: 100, budget: &budget) }
        }
        #expect(throws: ZipError.self) { try ZipArchive(Array(jar.prefix(21))) }
    }
}
