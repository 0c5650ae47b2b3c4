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
        #expect(names == ["apk-db-cataloger", "dpkg-db-cataloger", "python-installed-package-cataloger"])
    }

    @Test("tags select catalogers")
    func tags() {
        #expect(Catalogers.tagged(.os).map(\.name) == ["apk-db-cataloger", "dpkg-db-cataloger"])
        #expect(Catalogers.tagged(.language("python")).map(\.name) == ["python-installed-package-cataloger"])
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
}
