import BulkheadCore

/// What one cataloger (or one parser) found: packages plus diagnostics for files it could only
/// partly read. Partial results survive bad files (syft's `Test_corruptDb`).
public struct CatalogResult: Sendable, Hashable {
    public var packages: [Package]
    public var diagnostics: [Diagnostic]

    public init(packages: [Package] = [], diagnostics: [Diagnostic] = []) {
        self.packages = packages
        self.diagnostics = diagnostics
    }

    /// Appends another result's packages and diagnostics.
    public mutating func append(_ other: CatalogResult) {
        packages += other.packages
        diagnostics += other.diagnostics
    }
}
