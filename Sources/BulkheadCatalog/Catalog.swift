import BulkheadCore
import Dispatch
import Foundation

/// Everything cataloged in one tree: packages (sorted), diagnostics and the detected release.
///
/// ```swift
/// let catalog = try Catalog.run(DirectoryResolver(root: "rootfs"))
/// for package in catalog.packages { print(package.purl) }
/// ```
public struct Catalog: Sendable, Hashable {
    /// Packages sorted by ecosystem, name, version (then purl, for a total order).
    public var packages: [Package]
    public var diagnostics: [Diagnostic]
    public var release: LinuxRelease?

    public init(packages: [Package], diagnostics: [Diagnostic], release: LinuxRelease?) {
        self.packages = packages
        self.diagnostics = diagnostics
        self.release = release
    }

    /// Detects the OS, then runs every cataloger in `catalogers` over `files`.
    ///
    /// A cataloger that fails as a whole becomes an error ``Diagnostic`` (`cataloger-failed`);
    /// the other catalogers still run, so partial results survive.
    ///
    /// - Parameters:
    ///   - files: the tree to catalog.
    ///   - catalogers: which catalogers to run; ``Catalogers/all`` by default.
    /// - Returns: the sorted packages, all diagnostics and the release.
    public static func run(_ files: some FileResolver, catalogers: [any Cataloger] = Catalogers.all) -> Catalog {
        let (release, releaseDiagnostics) = LinuxRelease.detect(in: files)
        let context = CatalogContext(release: release, shared: CatalogShared())
        // Catalogers are independent: run them on every core, then merge in registry order so the
        // output never depends on scheduling.
        let results = catalogers.concurrentMap { cataloger in
            do {
                return try cataloger.catalog(files, context: context)
            } catch {
                return CatalogResult(diagnostics: [
                    Diagnostic(code: CatalogError.Code.catalogerFailed.rawValue, level: .error, message: "\(cataloger.name): \(error)"),
                ])
            }
        }
        var packages: [Package] = []
        var diagnostics = releaseDiagnostics
        for result in results {
            packages += result.packages
            diagnostics += result.diagnostics
        }
        packages.sort { lhs, rhs in
            (lhs.ecosystem.rawValue, lhs.name, lhs.version, lhs.purl.description)
                < (rhs.ecosystem.rawValue, rhs.name, rhs.version, rhs.purl.description)
        }
        return Catalog(packages: packages, diagnostics: diagnostics, release: release)
    }
}
