import BulkheadCore

/// Packages as an aligned table for people: name, version, type, where found.
public struct PackageTableWriter: Sendable {
    public init() {}

    public func render(_ document: SBOMDocument) -> String {
        let packages = document.sortedPackages
        let rows = packages.map { p in
            [p.name, p.version, p.purl.type, p.locations.first?.path ?? ""]
        }
        let header = ["NAME", "VERSION", "TYPE", "FOUND IN"]
        let widths = (0..<3).map { col in max(header[col].count, rows.map { $0[col].count }.max() ?? 0) }
        func line(_ r: [String]) -> String {
            (0..<3).map { r[$0] + String(repeating: " ", count: widths[$0] - r[$0].count) }.joined(separator: "  ")
                + "  " + r[3]
        }
        var out = ""
        if let os = document.operatingSystem {
            out += "\(document.subject.name): \(os.prettyName ?? "\(os.id) \(os.version ?? "")")\n"
        } else {
            out += "\(document.subject.name): no OS release found\n"
        }
        out += line(header) + "\n"
        for r in rows { out += line(r) + "\n" }
        var byType: [String: Int] = [:]
        for p in packages { byType[p.purl.type, default: 0] += 1 }
        let counts = byType.keys.sorted().map { "\(byType[$0] ?? 0) \($0)" }.joined(separator: ", ")
        out += "\(packages.count) package\(packages.count == 1 ? "" : "s")\(counts.isEmpty ? "" : " (\(counts))")\n"
        return out
    }
}
