import BulkheadCore
import FoundationEssentials

/// One crate in `cargo auditable` data.
struct CargoAuditPackage: Sendable, Hashable {
    var name: String
    var version: String
    /// `crates.io`, `git`, `local`, `registry`, `other`.
    var source: String?
    /// `runtime` (the default) or `build`.
    var kind: String
    /// The crate the binary was built from.
    var root: Bool
    /// Indices into the package list.
    var dependencies: [Int]

    var isRuntime: Bool { kind == "runtime" }
}

/// Pure parser for the `.dep-v0` section `cargo auditable` adds to binaries: zlib-compressed
/// JSON `{"packages": [{"name", "version", "source", "kind", "dependencies", "root"}]}`.
enum ParseCargoAuditData {
    static let sectionName = ".dep-v0"

    /// The crates in `compressed`; a package without name or version is a diagnostic and skipped.
    static func parse(_ compressed: ArraySlice<UInt8>, path: String,
                      limit: Int = ReadLimit.auditData) -> (packages: [CargoAuditPackage], diagnostics: [Diagnostic]) {
        let json: [UInt8]
        do {
            json = try ZlibInflate.inflate(compressed, limit: limit)
        } catch {
            return ([], [.catalog(.corruptEntry, "cargo auditable data in \(sectionName): \(error)", file: path)])
        }
        let document: AuditDocument
        do {
            document = try JSONDecoder().decode(AuditDocument.self, from: Data(json))
        } catch {
            return ([], [.catalog(.corruptEntry, "cargo auditable data in \(sectionName) is not the expected JSON",
                                  file: path)])
        }
        var packages: [CargoAuditPackage] = []
        var diagnostics: [Diagnostic] = []
        for (index, item) in document.packages.enumerated() {
            guard let name = item.name, !name.isEmpty, let version = item.version, !version.isEmpty else {
                diagnostics.append(.catalog(.missingField,
                                            "cargo auditable package #\(index) has no name or version; skipped", file: path))
                continue
            }
            packages.append(CargoAuditPackage(name: name, version: version, source: item.source,
                                              kind: item.kind ?? "runtime", root: item.root ?? false,
                                              dependencies: item.dependencies ?? []))
        }
        return (packages, diagnostics)
    }

    private struct AuditDocument: Decodable {
        var packages: [AuditItem]
    }

    /// Decodes whatever fields are well-typed, so one odd package does not hide the others.
    private struct AuditItem: Decodable {
        var name: String?
        var version: String?
        var source: String?
        var kind: String?
        var root: Bool?
        var dependencies: [Int]?

        enum CodingKeys: String, CodingKey { case name, version, source, kind, root, dependencies }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try? c.decodeIfPresent(String.self, forKey: .name)
            version = try? c.decodeIfPresent(String.self, forKey: .version)
            source = try? c.decodeIfPresent(String.self, forKey: .source)
            kind = try? c.decodeIfPresent(String.self, forKey: .kind)
            root = try? c.decodeIfPresent(Bool.self, forKey: .root)
            dependencies = try? c.decodeIfPresent([Int].self, forKey: .dependencies)
        }
    }
}
