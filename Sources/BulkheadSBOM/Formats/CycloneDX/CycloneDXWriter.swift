import BulkheadCore
import Foundation

/// CycloneDX 1.6 JSON: the subject as `metadata.component` (a `container` for images, a `file`
/// for directories), the OS as an `operating-system` component, and every package as a
/// `library` component with its purl, licenses and Bulkhead properties (cataloger, locations,
/// layers, source package). Components are ordered by purl; the serial number is derived from
/// the content, so equal scans give byte-identical BOMs.
public struct CycloneDXWriter: Sendable {
    public struct Options: Sendable, Hashable {
        /// Pretty-print (the default) or write one compact line.
        public var prettyPrinted: Bool

        public init(prettyPrinted: Bool = true) {
            self.prettyPrinted = prettyPrinted
        }
    }

    public static let specVersion = "1.6"
    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public func write(_ document: SBOMDocument, to output: inout some TextOutputStream) throws(SBOMError) {
        try SBOMSupport.writeJSON(CycloneDXBOM(document), pretty: options.prettyPrinted, format: "CycloneDX", to: &output)
    }

    public func render(_ document: SBOMDocument) throws(SBOMError) -> String {
        var out = ""
        try write(document, to: &out)
        return out
    }
}

// MARK: - Format model (private DTOs shaped like the CycloneDX 1.6 JSON schema)

private struct CycloneDXBOM: Encodable {
    struct Property: Encodable {
        var name: String
        var value: String
    }

    struct License: Encodable {
        var id: String?
        var name: String?
    }

    /// One entry of a `licenses` array: either `{license: …}` or `{expression: …}`.
    struct LicenseChoice: Encodable {
        var license: License?
        var expression: String?
    }

    struct Hash: Encodable {
        var alg: String
        var content: String
    }

    struct Component: Encodable {
        var bomRef: String
        var type: String
        var name: String
        var version: String?
        var description: String?
        var hashes: [Hash]?
        var licenses: [LicenseChoice]?
        var purl: String?
        var properties: [Property]?

        enum CodingKeys: String, CodingKey {
            case bomRef = "bom-ref"
            case type, name, version, description, hashes, licenses, purl, properties
        }
    }

    struct Tools: Encodable {
        var components: [Component]
    }

    struct Metadata: Encodable {
        var timestamp: String?
        var tools: Tools
        var component: Component
    }

    struct Dependency: Encodable {
        var ref: String
        var dependsOn: [String]
    }

    var schema = "http://cyclonedx.org/schema/bom-1.6.schema.json"
    var bomFormat = "CycloneDX"
    var specVersion = CycloneDXWriter.specVersion
    var serialNumber: String
    var version = 1
    var metadata: Metadata
    var components: [Component]
    var dependencies: [Dependency]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case bomFormat, specVersion, serialNumber, version, metadata, components, dependencies
    }

    init(_ document: SBOMDocument) {
        serialNumber = "urn:uuid:" + document.serialUUID
        let subject = document.subject
        let subjectRef = "bulkhead:subject:" + document.contentHash.prefix(16)
        var subjectHashes: [Hash]?
        if let digest = subject.digest, digest.hasPrefix("sha256:") {
            let hex = digest.dropFirst("sha256:".count)
            if hex.count == 64, hex.allSatisfy(\.isHexDigit) { subjectHashes = [Hash(alg: "SHA-256", content: hex.lowercased())] }
        }
        var subjectProperties: [Property] = []
        if let digest = subject.digest { subjectProperties.append(Property(name: "bulkhead:image:digest", value: digest)) }
        metadata = Metadata(
            timestamp: document.timestamp,
            tools: Tools(components: [Component(
                bomRef: "bulkhead:tool:\(document.tool.name)", type: "application", name: document.tool.name,
                version: document.tool.version)]),
            component: Component(
                bomRef: subjectRef, type: subject.kind == .image ? "container" : "file", name: subject.name,
                version: subject.version ?? subject.digest, hashes: subjectHashes,
                properties: subjectProperties.isEmpty ? nil : subjectProperties))

        var components: [Component] = []
        if let os = document.operatingSystem {
            let ref = "bulkhead:os:\(os.id)" + (os.version.map { "@\($0)" } ?? "")
            components.append(Component(bomRef: ref, type: "operating-system", name: os.id, version: os.version,
                                        description: os.prettyName))
        }
        let packages = document.sortedPackages
        let refs = SBOMSupport.uniqueReferences(packages)
        for (p, ref) in zip(packages, refs) {
            components.append(Component(
                bomRef: ref, type: "library", name: p.name, version: p.version.isEmpty ? nil : p.version,
                licenses: CycloneDXBOM.licenses(p.licenses), purl: p.purl.description,
                properties: CycloneDXBOM.properties(p)))
        }
        self.components = components
        // The subject contains everything; packages depend on what their metadata names (dpkg
        // Depends, apk D:), when it was resolved inside the same scan.
        dependencies = [Dependency(ref: subjectRef, dependsOn: components.map(\.bomRef))]
            + SBOMSupport.dependencyEdges(packages, ids: refs).map { Dependency(ref: $0.from, dependsOn: $0.to) }
    }

    /// One `expression` when every declared license is valid SPDX and at least one is compound
    /// (the schema forbids mixing expressions with `license` entries); otherwise `license`
    /// entries with `id` for known SPDX identifiers and `name` for everything else.
    static func licenses(_ declared: [String]) -> [LicenseChoice]? {
        let kinds = SPDXLicenseExpression.classifyAll(declared)
        if kinds.isEmpty { return nil }
        var hasExpression = false, hasFreeText = false
        for kind in kinds {
            switch kind {
            case .expression: hasExpression = true
            case .freeText: hasFreeText = true
            case .identifier: break
            }
        }
        if hasExpression && !hasFreeText {
            let parts = kinds.map { kind -> String in
                switch kind {
                case .identifier(let id): id
                case .expression(let e), .freeText(let e): kinds.count > 1 ? SPDXLicenseExpression.parenthesized(e) : e
                }
            }
            return [LicenseChoice(expression: parts.joined(separator: " AND "))]
        }
        return kinds.map { kind in
            switch kind {
            case .identifier(let id): LicenseChoice(license: License(id: id))
            case .expression(let text), .freeText(let text): LicenseChoice(license: License(name: text))
            }
        }
    }

    static func properties(_ p: Package) -> [Property] {
        var out = [Property(name: "bulkhead:package:foundBy", value: p.foundBy),
                   Property(name: "bulkhead:package:type", value: p.ecosystem.purlType)]
        for (i, location) in p.locations.enumerated() {
            out.append(Property(name: "bulkhead:location:\(i):path", value: location.path))
            if let layer = location.layer { out.append(Property(name: "bulkhead:location:\(i):layerID", value: layer)) }
        }
        if let v = p.sourceName { out.append(Property(name: "bulkhead:package:sourceName", value: v)) }
        if let v = p.sourceVersion { out.append(Property(name: "bulkhead:package:sourceVersion", value: v)) }
        if let v = p.architecture { out.append(Property(name: "bulkhead:package:architecture", value: v)) }
        return out
    }
}
