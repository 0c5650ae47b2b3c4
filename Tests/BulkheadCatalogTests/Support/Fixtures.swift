import BulkheadCore
import BulkheadImage
import Foundation

/// Fixture trees under `Tests/BulkheadCatalogTests/Fixtures/<area>/<case>/`, read in place.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A resolver over one scenario tree (`"dpkg/happy"`).
    static func resolver(_ scenario: String) -> DirectoryResolver {
        DirectoryResolver(root: root.appendingPathComponent(scenario).path)
    }
}

extension Array where Element == Package {
    /// name → purl string, for exact PURL checks.
    var purlsByName: [String: String] {
        Dictionary(map { ($0.name, $0.purl.description) }, uniquingKeysWith: { first, _ in first })
    }
}
