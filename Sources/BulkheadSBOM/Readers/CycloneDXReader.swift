import BulkheadCore

/// CycloneDX JSON (1.2–1.7) → ``SBOMDocument``. Components are read recursively (nested
/// `components`, depth-capped); `metadata.component` is the subject; an `operating-system`
/// component is the OS.
enum CycloneDXReader {
    static let maxDepth = 32

    static func read(_ bytes: [UInt8], path: String) throws(SBOMError) -> SBOMReader.Result {
        let bom = try SBOMReader.decode(BOM.self, from: bytes, path: path)
        guard let version = bom.specVersion, ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"].contains(version) else {
            throw SBOMError(code: .unsupported, message: "CycloneDX specVersion \(bom.specVersion ?? "(missing)") is not read (1.2–1.7 are)",
                            location: SourceLocation(file: path, fieldPath: "specVersion"))
        }
        let tool = bom.metadata?.tools?.first ?? SBOMDocument.Tool(name: "unknown", version: "")
        var reader = Walker(path: path, defaultFoundBy: tool.name)
        for (index, component) in (bom.components ?? []).enumerated() {
            reader.visit(component, field: "components[\(index)]", depth: 0)
        }
        let packages = dependencies(bom.dependencies ?? [], packages: reader.packages, refs: reader.refs)
        let document = SBOMDocument(subject: subject(bom.metadata?.component, path: path),
                                    operatingSystem: reader.operatingSystem, packages: packages, tool: tool,
                                    timestamp: bom.metadata?.timestamp)
        return SBOMReader.Result(format: .cyclonedx, document: document, diagnostics: reader.diagnostics)
    }

    /// Package-to-package `dependencies` entries become ``Package/dependencies`` (purls of
    /// components in the same document; the subject's "contains everything" entry is not one).
    private static func dependencies(_ entries: [Dependency], packages: [Package], refs: [String?]) -> [Package] {
        var purlByRef: [String: PURL] = [:]
        for (package, ref) in zip(packages, refs) { if let ref { purlByRef[ref] = package.purl } }
        var dependsOn: [String: [PURL]] = [:]
        for entry in entries {
            guard let ref = entry.ref, purlByRef[ref] != nil else { continue }
            var seen = Set<PURL>()
            dependsOn[ref, default: []] += (entry.dependsOn ?? []).compactMap { purlByRef[$0] }.filter { seen.insert($0).inserted }
        }
        var out = packages
        for index in out.indices {
            if let ref = refs[index], let targets = dependsOn[ref] { out[index].dependencies = targets }
        }
        return out
    }

    private static func subject(_ component: Component?, path: String) -> SBOMDocument.Subject {
        guard let component, let name = component.name, !name.isEmpty else {
            return .init(name: path, kind: .directory)
        }
        let properties = component.propertyMap
        let hashDigest = component.hashes?.first { $0.alg == "SHA-256" }?.content.map { "sha256:" + $0.lowercased() }
        let digest = SBOMReader.digest(properties["bulkhead:image:digest"]) ?? SBOMReader.digest(hashDigest)
            ?? SBOMReader.digest(component.version)
        // Writers put the digest in `version` when there is no tag.
        let version = component.version.flatMap { $0.isEmpty || $0.lowercased() == digest ? nil : $0 }
        return .init(name: name, kind: component.type == "container" ? .image : .directory, version: version, digest: digest)
    }

    /// Collects packages, the OS and diagnostics while walking the component tree.
    private struct Walker {
        let path: String
        let defaultFoundBy: String
        var packages: [Package] = []
        /// The `bom-ref` of each package, in the same order.
        var refs: [String?] = []
        var operatingSystem: SBOMDocument.OperatingSystem?
        var diagnostics: [Diagnostic] = []

        init(path: String, defaultFoundBy: String) {
            self.path = path
            self.defaultFoundBy = defaultFoundBy
        }

        mutating func visit(_ component: Component, field: String, depth: Int) {
            guard depth < CycloneDXReader.maxDepth else {
                diagnostics.append(SBOMReader.skipped("components nested deeper than \(CycloneDXReader.maxDepth) levels",
                                                      path: path, field: field))
                return
            }
            if component.type == "operating-system" {
                if operatingSystem == nil, let name = component.name, !name.isEmpty {
                    operatingSystem = .init(id: name, version: component.version.flatMap { $0.isEmpty ? nil : $0 },
                                            prettyName: component.description)
                }
            } else if let package = package(component, field: field) {
                packages.append(package)
                refs.append(component.bomRef)
            }
            for (index, child) in (component.components ?? []).enumerated() {
                visit(child, field: "\(field).components[\(index)]", depth: depth + 1)
            }
        }

        mutating func package(_ component: Component, field: String) -> Package? {
            guard let text = component.purl, !text.isEmpty else { return nil }
            guard let purl = PURL(parsing: text) else {
                diagnostics.append(SBOMReader.skipped("'\(text.prefix(120))' is not a package URL; component skipped",
                                                      path: path, field: field + ".purl"))
                return nil
            }
            guard let ecosystem = Ecosystem(purlType: purl.type) else {
                diagnostics.append(SBOMReader.skipped("package type '\(purl.type)' is not supported; \(text.prefix(120)) skipped",
                                                      path: path, field: field + ".purl", level: .note))
                return nil
            }
            let properties = component.propertyMap
            func property(_ suffix: String) -> String? {
                properties["bulkhead:" + suffix] ?? properties["syft:" + suffix]
            }
            return Package(
                name: component.name.flatMap { $0.isEmpty ? nil : $0 } ?? purl.name,
                version: component.version ?? purl.version ?? "", ecosystem: ecosystem, purl: purl,
                licenses: (component.licenses ?? []).flatMap(\.declared),
                locations: Self.locations(component.properties ?? []),
                foundBy: property("package:foundBy") ?? defaultFoundBy,
                sourceName: properties["bulkhead:package:sourceName"] ?? properties["aquasecurity:trivy:SrcName"],
                sourceVersion: properties["bulkhead:package:sourceVersion"] ?? properties["aquasecurity:trivy:SrcVersion"],
                architecture: properties["bulkhead:package:architecture"] ?? purl.qualifiers["arch"])
        }

        /// `bulkhead:location:N:path`/`layerID` (and Syft's `syft:` equivalents) in index order;
        /// Trivy's one `FilePath` + `LayerDiffID`.
        static func locations(_ properties: [Property]) -> [PackageLocation] {
            var byIndex: [Int: (path: String?, layer: String?)] = [:]
            for property in properties {
                guard let name = property.name, let value = property.value else { continue }
                let parts = name.split(separator: ":")
                guard parts.count == 4, parts[0] == "bulkhead" || parts[0] == "syft", parts[1] == "location",
                      let index = Int(parts[2]) else { continue }
                if parts[3] == "path" { byIndex[index, default: (nil, nil)].path = value }
                if parts[3] == "layerID" { byIndex[index, default: (nil, nil)].layer = value }
            }
            var out = byIndex.keys.sorted().compactMap { index in
                byIndex[index].flatMap { entry in entry.path.map { PackageLocation(path: $0, layer: entry.layer) } }
            }
            if out.isEmpty, let file = properties.first(where: { $0.name == "aquasecurity:trivy:FilePath" })?.value {
                let layer = properties.first { $0.name == "aquasecurity:trivy:LayerDiffID" }?.value
                out.append(PackageLocation(path: file.hasPrefix("/") ? file : "/" + file, layer: layer))
            }
            return out
        }
    }

    // MARK: - Format model (lenient: every field optional)

    struct BOM: Decodable {
        var bomFormat: String?
        var specVersion: String?
        var metadata: Metadata?
        var components: [Component]?
        var dependencies: [Dependency]?
    }

    struct Dependency: Decodable {
        var ref: String?
        var dependsOn: [String]?
    }

    struct Metadata: Decodable {
        var timestamp: String?
        var tools: Tools?
        var component: Component?
    }

    /// `tools` is an array of `{vendor, name, version}` before 1.5, `{components, services}` since.
    struct Tools: Decodable {
        var first: SBOMDocument.Tool?

        struct Legacy: Decodable {
            var name: String?
            var version: String?
        }

        struct Modern: Decodable {
            var components: [Legacy]?
            var services: [Legacy]?
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let tools: [Legacy]
            if let list = try? container.decode([Legacy].self) {
                tools = list
            } else {
                let modern = try container.decode(Modern.self)
                tools = (modern.components ?? []) + (modern.services ?? [])
            }
            first = tools.first { $0.name != nil }.map { SBOMDocument.Tool(name: $0.name ?? "", version: $0.version ?? "") }
        }
    }

    struct Component: Decodable {
        var bomRef: String?
        var type: String?
        var name: String?
        var version: String?
        var description: String?
        var purl: String?
        var licenses: [LicenseChoice]?
        var hashes: [Hash]?
        var properties: [Property]?
        var components: [Component]?

        enum CodingKeys: String, CodingKey {
            case bomRef = "bom-ref"
            case type, name, version, description, purl, licenses, hashes, properties, components
        }

        var propertyMap: [String: String] {
            var out: [String: String] = [:]
            for property in properties ?? [] {
                if let name = property.name, let value = property.value, out[name] == nil { out[name] = value }
            }
            return out
        }
    }

    struct Hash: Decodable {
        var alg: String?
        var content: String?
    }

    struct Property: Decodable {
        var name: String?
        var value: String?
    }

    struct LicenseChoice: Decodable {
        struct License: Decodable {
            var id: String?
            var name: String?
            var url: String?
        }

        var license: License?
        var expression: String?

        /// `id`, else `name`, else `url`; an expression split into its `AND` terms.
        var declared: [String] {
            if let expression, !expression.isEmpty { return SBOMReader.licenses(fromExpression: expression) }
            guard let license else { return [] }
            for value in [license.id, license.name, license.url] {
                if let value, !value.isEmpty { return [value] }
            }
            return []
        }
    }
}
