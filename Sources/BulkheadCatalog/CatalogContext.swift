import BulkheadCore
import Foundation

/// Facts known before catalogers run, shared by all of them.
public struct CatalogContext: Sendable, Hashable {
    /// The operating system detected in the tree, if any (used for PURL `distro` qualifiers).
    public var release: LinuxRelease?
    /// Work done once per run and shared by catalogers (``Catalog/run(_:catalogers:)`` sets it;
    /// catalogers called on their own do their own work). Not part of equality.
    public var shared: CatalogShared?

    public init(release: LinuxRelease? = nil, shared: CatalogShared? = nil) {
        self.release = release
        self.shared = shared
    }

    public static func == (lhs: CatalogContext, rhs: CatalogContext) -> Bool { lhs.release == rhs.release }
    public func hash(into hasher: inout Hasher) { hasher.combine(release) }
}

/// Per-run work that several catalogers need: the executables are read and parsed once, and every
/// binary analyzer (Go build info, `cargo auditable` data) looks at each one in the same pass, so
/// a tree's binaries are not read once per cataloger. Safe to call from concurrent catalogers:
/// the first caller scans, the others wait for its result.
public final class CatalogShared: @unchecked Sendable {
    private let lock = NSLock()
    private var binaries: Result<[String: CatalogResult], CatalogError>?

    public init() {}

    /// Results of every binary analyzer, keyed by cataloger name.
    func binaryScan(_ files: some FileResolver) throws(CatalogError) -> [String: CatalogResult] {
        lock.lock()
        defer { lock.unlock() }
        if let binaries { return try binaries.get() }
        let go = GoBinaryCataloger(), rust = CargoAuditableCataloger()
        var results: [String: CatalogResult] = [go.name: CatalogResult(), rust.name: CatalogResult()]
        do {
            let merged = try ExecutableScan.forEachELF(in: files) { file, elf in
                results[go.name, default: CatalogResult()].append(go.analyze(file, elf))
                results[rust.name, default: CatalogResult()].append(rust.analyze(file, elf))
                return CatalogResult()
            }
            // Scan-level diagnostics (oversized executables) go to the Go cataloger only, once.
            results[go.name, default: CatalogResult()].diagnostics += merged.diagnostics
            binaries = .success(results)
        } catch {
            binaries = .failure(error)
        }
        return try binaries!.get()
    }
}
