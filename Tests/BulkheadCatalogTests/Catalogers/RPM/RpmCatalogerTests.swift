import BulkheadCore
import BulkheadImage
import Foundation
import Testing

@testable import BulkheadCatalog

@Suite("rpm cataloger")
struct RpmCatalogerTests {
    func catalog(_ scenario: String) throws -> CatalogResult {
        let files = Fixtures.resolver(scenario)
        return try RpmCataloger().catalog(files, context: CatalogContext(release: LinuxRelease.detect(in: files).release))
    }

    @Test("rpmdb.sqlite: exact purls for every package, gpg-pubkey skipped")
    func sqlitePurls() throws {
        let result = try catalog("rpm/sqlite")
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.purlsByName == [
            "bulkhead-hello":
                "pkg:rpm/redhat/bulkhead-hello@1.0-1.el9?arch=x86_64&distro=rhel-7.0&upstream=bulkhead-hello-1.0-1.el9.src.rpm",
            "bulkhead-hello-libs":
                "pkg:rpm/redhat/bulkhead-hello-libs@1.0-1.el9?arch=x86_64&distro=rhel-7.0&upstream=bulkhead-hello-1.0-1.el9.src.rpm",
            "bulkhead-epoch":
                "pkg:rpm/redhat/bulkhead-epoch@3.4-5.el9?arch=noarch&distro=rhel-7.0&epoch=2&upstream=bulkhead-epoch-3.4-5.el9.src.rpm",
        ])
        #expect(result.packages.count == 3)
    }

    @Test("version with epoch, source package, licenses, location, architecture")
    func sqliteFields() throws {
        let byName = Dictionary(uniqueKeysWithValues: try catalog("rpm/sqlite").packages.map { ($0.name, $0) })
        let epoch = try #require(byName["bulkhead-epoch"])
        #expect(epoch.version == "2:3.4-5.el9")
        #expect(epoch.sourceName == "bulkhead-epoch")
        #expect(epoch.sourceVersion == "2:3.4-5.el9")
        #expect(epoch.licenses == ["GPL-2.0-or-later"])
        #expect(epoch.architecture == "noarch")
        #expect(epoch.ecosystem == .rpm)
        #expect(epoch.foundBy == "rpm-db-cataloger")
        #expect(epoch.locations == [PackageLocation(path: "/var/lib/rpm/rpmdb.sqlite")])
        let libs = try #require(byName["bulkhead-hello-libs"])
        #expect(libs.version == "1.0-1.el9")
        #expect(libs.sourceName == "bulkhead-hello")
        #expect(libs.sourceVersion == "1.0-1.el9")
        #expect(libs.licenses == ["MIT AND BSD-3-Clause"])
        #expect(libs.ownedFiles == ["/usr/lib64/libbulkhead-hello.so.1"])
    }

    @Test("owned files equal rpm's FILENAMES (expected-files.txt)")
    func ownedFiles() throws {
        let url = Fixtures.root.appendingPathComponent("rpm/sqlite/expected-files.txt")
        let oracle = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init).sorted()
        let ours = try catalog("rpm/sqlite").packages.flatMap { package in package.ownedFiles.map { package.name + "\t" + $0 } }
        #expect(oracle.count == 257)
        #expect(ours.sorted() == oracle)
    }

    @Test("every field equals rpm -qa's on the sqlite fixtures (saved, and live when rpm is installed)",
          arguments: ["rpm/sqlite": "var/lib/rpm/rpmdb.sqlite", "rpm/sqlite-many": "usr/lib/sysimage/rpm/rpmdb.sqlite"])
    func sqliteOracle(scenario: String, database: String) throws {
        let bytes = try RpmOracle.bytes(scenario + "/" + database)
        let parsed = ParseRpmDatabase.parse(bytes, path: database)
        #expect(parsed.diagnostics.isEmpty)
        let expected = try RpmOracle.expected(scenario)
        #expect(!expected.isEmpty)
        #expect(RpmOracle.lines(parsed.entries) == expected)
        let url = Fixtures.root.appendingPathComponent(scenario).appendingPathComponent(database)
        if let live = try RpmOracle.live(database: url, fileName: "rpmdb.sqlite", backend: "sqlite") {
            #expect(RpmOracle.lines(parsed.entries) == live)
        }
    }

    @Test("40 packages in a Packages table with an interior b-tree page, at /usr/lib/sysimage/rpm")
    func manyPackages() throws {
        let result = try catalog("rpm/sqlite-many")
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.count == 40)
        let byName = Dictionary(uniqueKeysWithValues: result.packages.map { ($0.name, $0) })
        #expect(byName["bulkhead-many-10"]?.purl.description
            == "pkg:rpm/fedora/bulkhead-many-10@0.10-2.fc39?arch=noarch&distro=fedora-30&epoch=2&upstream=bulkhead-many-10-0.10-2.fc39.src.rpm")
        #expect(byName["bulkhead-many-10"]?.version == "2:0.10-2.fc39")
        #expect(byName["bulkhead-many-01"]?.locations.first?.path == "/usr/lib/sysimage/rpm/rpmdb.sqlite")
    }

    @Test("the same database reached through a symlinked directory is read once; a stale Packages beside rpmdb.sqlite is ignored")
    func oneDatabasePerDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-rpm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let sysimage = root.appendingPathComponent("usr/lib/sysimage/rpm")
        try FileManager.default.createDirectory(at: sysimage, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("var/lib"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("rpm/sqlite-many/usr/lib/sysimage/rpm/rpmdb.sqlite"),
                                         to: sysimage.appendingPathComponent("rpmdb.sqlite"))
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("rpm/bdb/var/lib/rpm/Packages"),
                                         to: sysimage.appendingPathComponent("Packages"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("var/lib/rpm").path,
                                                   withDestinationPath: "../../usr/lib/sysimage/rpm")
        let result = try RpmCataloger().catalog(DirectoryResolver(root: root.path), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.count == 40)
        #expect(result.packages.allSatisfy { $0.name.hasPrefix("bulkhead-many-") })
        #expect(Set(result.packages.flatMap(\.locations).map(\.path)) == ["/var/lib/rpm/rpmdb.sqlite"])
        #expect(result.packages.allSatisfy { $0.purl.namespace == nil && $0.purl.qualifiers["distro"] == nil })
    }

    @Test("a file at a database path that is no rpm database is an unreadable-file diagnostic")
    func notADatabase() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-rpm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("var/lib/rpm")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("not a database".utf8).write(to: dir.appendingPathComponent("rpmdb.sqlite"))
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("rpm/bdb/var/lib/rpm/Packages"),
                                         to: dir.appendingPathComponent("Packages"))
        let result = try RpmCataloger().catalog(DirectoryResolver(root: root.path), context: CatalogContext())
        #expect(result.diagnostics.map(\.code) == ["unreadable-file"])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "/var/lib/rpm/rpmdb.sqlite"))
        #expect(result.packages.count == 3)  // the Berkeley DB beside it is read instead
    }

    @Test("wantedGlobs list every database path the cataloger reads")
    func wantedGlobs() {
        let globs = RpmCataloger().wantedGlobs
        for path in ["/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages",
                     "/usr/lib/sysimage/rpm/Packages.db", "/var/lib/rpm/Packages.db", "/usr/share/rpm/rpmdb.sqlite"] {
            #expect(globs.contains { PathGlob.match($0, path) }, "\(path)")
        }
        #expect(Catalogers.wantedGlobs([RpmCataloger()]).contains("/var/lib/rpm/Packages"))
    }

    @Test("the cataloger is registered with the os tag")
    func registered() {
        #expect(Catalogers.all.contains { $0.name == "rpm-db-cataloger" })
        #expect(Catalogers.tagged(.os).contains { $0.name == "rpm-db-cataloger" })
        #expect(RpmCataloger().tags == [.image, .directory, .installed, .os])
    }
}
