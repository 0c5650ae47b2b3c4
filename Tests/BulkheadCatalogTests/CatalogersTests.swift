import BulkheadCore
import Testing

@testable import BulkheadCatalog

@Suite("Cataloger registry and Catalog.run")
struct CatalogersTests {
    @Test("the registry is sorted by name and names are unique")
    func registry() {
        let names = Catalogers.all.map(\.name)
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
        #expect(names == [
            "apk-db-cataloger", "cargo-auditable-binary-cataloger", "dotnet-deps-cataloger", "dpkg-db-cataloger",
            "go-module-binary-cataloger", "go-module-file-cataloger", "java-archive-cataloger",
            "java-gradle-lockfile-cataloger", "java-pom-cataloger", "javascript-lock-cataloger",
            "javascript-package-cataloger", "php-composer-installed-cataloger", "php-composer-lock-cataloger",
            "python-installed-package-cataloger", "python-package-cataloger", "rpm-db-cataloger",
            "ruby-gemfile-cataloger", "ruby-installed-gemspec-cataloger", "rust-cargo-lock-cataloger",
        ])
    }

    @Test("tags select catalogers; declared (lock file) catalogers never run on images, as in Trivy's table")
    func tags() {
        #expect(Catalogers.tagged(.os).map(\.name) == ["apk-db-cataloger", "dpkg-db-cataloger", "rpm-db-cataloger"])
        #expect(Catalogers.tagged(.language("python")).map(\.name) == ["python-installed-package-cataloger", "python-package-cataloger"])
        for cataloger in Catalogers.all {
            #expect(cataloger.tags.contains(.installed) != cataloger.tags.contains(.declared), "\(cataloger.name)")
            if cataloger.tags.contains(.declared) { #expect(!cataloger.tags.contains(.image), "\(cataloger.name)") }
            #expect(cataloger.tags.contains(.directory), "\(cataloger.name)")
            #expect(!cataloger.wantedGlobs.isEmpty || cataloger.wantsExecutables, "\(cataloger.name) reads nothing")
        }
        #expect(Catalogers.wantsExecutables(Catalogers.tagged(.image)))
        #expect(Catalogers.wantedGlobs().contains("/etc/os-release"))
    }

    @Test("Catalog.run detects the release and sorts by ecosystem, name, version")
    func run() {
        let catalog = Catalog.run(Fixtures.resolver("dpkg/happy"))
        #expect(catalog.release?.id == "debian")
        #expect(catalog.release?.versionID == "12")
        #expect(catalog.packages.map(\.name) == ["base-files", "libc6", "libssl3", "tzdata"])
        #expect(catalog.packages.allSatisfy { $0.foundBy == "dpkg-db-cataloger" })
        #expect(catalog.diagnostics.isEmpty)
    }

    @Test("a tree with nothing in it gives no packages, no release and no diagnostics")
    func empty() {
        let catalog = Catalog.run(Fixtures.resolver("os/none"))
        #expect(catalog.packages.isEmpty)
        #expect(catalog.release == nil)
        #expect(catalog.diagnostics.isEmpty)
    }

    @Test("corrupt records become diagnostics in the run, other packages stay")
    func corruptRun() {
        let catalog = Catalog.run(Fixtures.resolver("dpkg/corrupt-entry"))
        #expect(catalog.packages.map(\.name) == ["bash", "zlib1g"])
        #expect(catalog.diagnostics.map(\.code) == ["corrupt-entry", "missing-field"])
    }

    @Test("one shared executable scan in Catalog.run gives exactly what each binary cataloger finds alone", arguments: [
        "go/binary", "rust/binary",
    ])
    func sharedBinaryScan(_ fixture: String) throws {
        let files = Fixtures.resolver(fixture)
        let binaryCatalogers: [any Cataloger] = [GoBinaryCataloger(), CargoAuditableCataloger()]
        let run = Catalog.run(files, catalogers: binaryCatalogers)
        var alone: [Package] = []
        for cataloger in binaryCatalogers { alone += try cataloger.catalog(files, context: CatalogContext()).packages }
        #expect(!run.packages.isEmpty)
        #expect(Set(run.packages) == Set(alone))
        #expect(run.packages.count == alone.count)
    }
}
