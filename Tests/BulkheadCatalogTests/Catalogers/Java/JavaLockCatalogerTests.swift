import BulkheadCore
import Testing

@testable import BulkheadCatalog

@Suite("Java pom.xml and gradle.lockfile catalogers")
struct JavaLockCatalogerTests {
    func catalog() throws -> CatalogResult {
        let files = Fixtures.resolver("java/lockfiles")
        var result = try JavaPomCataloger().catalog(files, context: CatalogContext())
        result.append(try GradleLockfileCataloger().catalog(files, context: CatalogContext()))
        return result
    }

    @Test("real POMs and a gradle.lockfile match Syft, minus Syft's versionless dependencies")
    func matchesSyft() throws {
        let result = try catalog()
        #expect(result.diagnostics.isEmpty)
        let ours = Set(result.packages.map { "\($0.purl)\t\($0.locations.map(\.path).joined())" })
        let syft = try JavaFixtures.oracle("syft-lockfiles.tsv")
        // Syft lists dependencies whose version is managed by an absent parent POM without a
        // version (`pkg:maven/org.slf4j/slf4j-api`); Bulkhead leaves them out.
        let syftVersioned = syft.filter { $0.split(separator: "\t")[0].contains("@") }
        #expect(syftVersioned.count < syft.count)
        #expect(ours == syftVersioned, "only Bulkhead: \(ours.subtracting(syftVersioned).sorted())\nonly Syft: \(syftVersioned.subtracting(ours).sorted())")
        #expect(result.packages.allSatisfy { !$0.version.isEmpty && $0.ecosystem == .maven })
        #expect(Set(result.packages.map(\.foundBy)) == ["java-pom-cataloger", "java-gradle-lockfile-cataloger"])
    }

    @Test("properties from the same POM, project.* and dependencyManagement resolve; unknown ones are skipped")
    func properties() {
        let parsed = ParsePomXML.parse("""
            <?xml version="1.0"?>
            <!-- a comment with <dependency> inside -->
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>7</version></parent>
              <artifactId>app</artifactId>
              <properties>
                <jackson.version>2.15.2</jackson.version>
                <jackson.alias>${jackson.version}</jackson.alias>
                <loop>${loop}</loop>
              </properties>
              <dependencyManagement><dependencies>
                <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.9</version></dependency>
              </dependencies></dependencyManagement>
              <dependencies>
                <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-core</artifactId>
                  <version>${jackson.alias}</version></dependency>
                <dependency><groupId>${project.groupId}</groupId><artifactId>core</artifactId><version>${project.version}</version></dependency>
                <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId></dependency>
                <dependency><groupId>x</groupId><artifactId>undefined</artifactId><version>${nope}</version></dependency>
                <dependency><groupId>x</groupId><artifactId>cycle</artifactId><version>${loop}</version></dependency>
                <dependency><groupId>x</groupId><artifactId>managed-elsewhere</artifactId></dependency>
                <dependency><groupId>a&amp;b</groupId><artifactId>c</artifactId><version><![CDATA[1.0]]></version></dependency>
              </dependencies>
              <build><plugins><plugin><groupId>p</groupId><artifactId>plugin</artifactId><version>1</version></plugin></plugins></build>
            </project>
            """, path: "pom.xml")
        #expect(parsed.project.map { "\($0.groupID):\($0.artifactID):\($0.version)" } == "org.example:app:7")
        #expect(parsed.dependencies.map { "\($0.groupID):\($0.artifactID):\($0.version)" } == [
            "com.fasterxml.jackson.core:jackson-core:2.15.2", "org.example:core:7", "org.slf4j:slf4j-api:2.0.9", "a&b:c:1.0",
        ])
        #expect(parsed.dependencies.first?.line == 15)
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test("malformed XML and lockfile lines are located diagnostics; good lines stay")
    func corrupt() {
        let pom = ParsePomXML.parse("<project>\n<dependencies>\n<dependency>\n</project>\n", path: "pom.xml")
        #expect(pom.dependencies.isEmpty)
        #expect(pom.diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(pom.diagnostics.first?.location == SourceLocation(file: "pom.xml", line: 4))
        let lock = ParseGradleLockfile.parse("# comment\na:b:1=compileClasspath\nbroken-line\nc:d:2=runtimeClasspath\nempty=\n",
                                             path: "gradle.lockfile")
        #expect(lock.entries.map(\.artifact) == ["b", "d"])
        #expect(lock.entries.first?.configurations == ["compileClasspath"])
        #expect(lock.diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(lock.diagnostics.first?.location == SourceLocation(file: "gradle.lockfile", line: 3))
    }

    @Test("random mutations and truncations of a real POM never crash or hang")
    func fuzz() throws {
        let seed = Array(try String(contentsOf: JavaFixtures.root.appendingPathComponent(
            "lockfiles/maven-resolver-transport-wagon/pom.xml"), encoding: .utf8).utf8)
        let alphabet: [UInt8] = Array("<>/!-[]?${}&;\"' \n".utf8) + [0, 0xFF]
        for round in 0..<400 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...6) {
                bytes[Int.random(in: 0..<bytes.count)] = alphabet[Int.random(in: 0..<alphabet.count)]
            }
            if round % 2 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count))) }
            let parsed = ParsePomXML.parse(String(decoding: bytes, as: UTF8.self), path: "pom.xml")
            #expect(parsed.dependencies.allSatisfy { !$0.version.isEmpty })
        }
    }
}

/// Records the files whose contents a cataloger reads.
private final class JavaReadRecorder<Base: FileResolver>: FileResolver, @unchecked Sendable {
    let base: Base
    private(set) var reads: [String] = []

    init(_ base: Base) { self.base = base }

    func files(matching glob: String) throws -> [FileEntry] { try base.files(matching: glob) }
    func entry(at path: String) throws -> FileEntry? { try base.entry(at: path) }
    func contents(of entry: FileEntry, limit: Int) throws -> [UInt8] {
        reads.append(entry.path)
        return try base.contents(of: entry, limit: limit)
    }
}

@Suite("Java catalogers read only wanted files")
struct JavaWantedGlobTests {
    @Test("every file read matches the cataloger's wantedGlobs, and every fixture file is read")
    func covered() throws {
        let cases: [(any Cataloger, String, Int)] = [
            (JavaArchiveCataloger(), "java/jars", 5), (JavaPomCataloger(), "java/lockfiles", 3),
            (GradleLockfileCataloger(), "java/lockfiles", 1),
        ]
        for (cataloger, fixture, expectedReads) in cases {
            let recorder = JavaReadRecorder(Fixtures.resolver(fixture))
            _ = try cataloger.catalog(recorder, context: CatalogContext())
            #expect(recorder.reads.count == expectedReads, "\(cataloger.name)")
            for path in recorder.reads {
                #expect(cataloger.wantedGlobs.contains { PathGlob.match($0, path) }, "\(cataloger.name) read \(path)")
            }
        }
    }
}
