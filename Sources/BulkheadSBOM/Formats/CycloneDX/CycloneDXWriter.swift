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
    var vulnerabilities: [Vulnerability]?

    struct Source: Encodable { var name: String; var url: String? }
    struct VulnReference: Encodable { var id: String; var source: Source }
    struct Rating: Encodable {
        var source: Source?
        var score: Double?
        var severity: String
        var method: String?
        var vector: String?
    }
    struct Advisory: Encodable { var url: String }
    struct Analysis: Encodable {
        var state: String
        var justification: String?
        var response: [String]?
        var detail: String?
    }
    struct AffectedVersion: Encodable { var version: String; var status: String }
    struct Affects: Encodable { var ref: String; var versions: [AffectedVersion] }
    struct Vulnerability: Encodable {
        var bomRef: String
        var id: String
        var source: Source?
        var references: [VulnReference]?
        var ratings: [Rating]
        var description: String?
        var detail: String?
        var recommendation: String?
        var advisories: [Advisory]?
        var published: String?
        var analysis: Analysis?
        var affects: [Affects]
        var properties: [Property]?

        enum CodingKeys: String, CodingKey {
            case bomRef = "bom-ref"
            case id, source, references, ratings, description, detail, recommendation, advisories, published
            case analysis, affects, properties
        }
    }

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case bomFormat, specVersion, serialNumber, version, metadata, components, dependencies, vulnerabilities
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
        var refByPURL: [String: String] = [:]
        for (p, ref) in zip(packages, refs) where refByPURL[p.purl.description] == nil { refByPURL[p.purl.description] = ref }
        let vulns = document.vulnerabilities.enumerated().map { i, v in
            CycloneDXBOM.vulnerability(v, index: i, ref: refByPURL[v.purl] ?? subjectRef)
        }
        vulnerabilities = vulns.isEmpty ? nil : vulns
    }

    static func vulnerability(_ v: VulnerabilityFinding, index: Int, ref: String) -> Vulnerability {
        var ratings = v.cvss.map { c in
            Rating(source: Source(name: "bulkhead", url: nil), score: c.score,
                   severity: CVSSSeverityName.name(score: c.score, version: c.version),
                   method: ["2.0": "CVSSv2", "3.0": "CVSSv3", "3.1": "CVSSv31", "4.0": "CVSSv4"][c.version] ?? "other",
                   vector: c.vector)
        }
        for (publisher, text) in v.vendorSeverities.sorted(by: { $0.key < $1.key }) {
            ratings.append(Rating(source: Source(name: publisher, url: nil), score: nil,
                                  severity: CVSSSeverityName.vendor(text), method: "other", vector: nil))
        }
        if ratings.isEmpty { ratings = [Rating(source: nil, score: nil, severity: v.severity == .info ? "info" : v.severity.rawValue)] }
        let recommendation: String? = switch v.fixState {
        case .fixed: "Upgrade \(v.packageName) to \(v.fixedVersions.joined(separator: " or "))"
        case .notFixed: "No fixed version is available yet"
        case .wontFix: "The distribution will not fix this vulnerability"
        }
        var analysis: Analysis?
        if let s = v.suppression {
            switch s.kind {
            case .vex:
                let fixed = s.reason.hasPrefix("fixed")
                let justification = s.reason.split(separator: ":").dropFirst().first.map { String($0).trimmingCharacters(in: .whitespaces) }
                analysis = Analysis(state: fixed ? "resolved" : "not_affected",
                                    justification: justification.flatMap(CVSSSeverityName.justification),
                                    response: nil, detail: "\(s.reason) (\(s.source))")
            case .ignoreFile:
                analysis = Analysis(state: "exploitable", justification: nil, response: ["will_not_fix"],
                                    detail: "accepted: \(s.reason) (\(s.source))")
            }
        }
        var properties: [Property] = [Property(name: "bulkhead:fixState", value: v.fixState.rawValue)]
        if v.knownExploited { properties.append(Property(name: "bulkhead:kev", value: v.kevDateAdded ?? "true")) }
        if let e = v.epss { properties.append(Property(name: "bulkhead:epss", value: String(e))) }
        return Vulnerability(
            bomRef: "bulkhead:vuln:\(index):\(v.id)", id: v.id,
            source: Source(name: CVSSSeverityName.feed(of: v.matchedRecords.first), url: v.references.first),
            references: v.aliases.isEmpty ? nil : v.aliases.map { VulnReference(id: $0, source: Source(name: "alias", url: nil)) },
            ratings: ratings, description: v.title, detail: v.details, recommendation: recommendation,
            advisories: v.references.isEmpty ? nil : v.references.prefix(10).map { Advisory(url: $0) },
            published: v.published.flatMap { $0.contains("T") ? $0 : nil }, analysis: analysis,
            affects: [Affects(ref: ref, versions: [AffectedVersion(
                version: v.packageVersion, status: v.suppression?.kind == .vex ? "unaffected" : "affected")])],
            properties: properties)
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

/// CycloneDX's severity and justification vocabularies.
enum CVSSSeverityName {
    static func name(score: Double, version: String) -> String {
        if version == "2.0" { return score >= 7 ? "high" : score >= 4 ? "medium" : "low" }
        switch score {
        case 9...: return "critical"
        case 7..<9: return "high"
        case 4..<7: return "medium"
        case 0.1..<4: return "low"
        default: return "none"
        }
    }

    static func vendor(_ text: String) -> String {
        switch text.lowercased() {
        case "critical": "critical"
        case "high", "important": "high"
        case "medium", "moderate": "medium"
        case "low", "unimportant", "negligible": "low"
        default: "unknown"
        }
    }

    /// The feed a matched-record label comes from: distro feeds label theirs `feed:ID`, OSV
    /// records are labelled by their id alone (which may itself contain a colon: `RHSA-2024:0811`).
    static func feed(of label: String?) -> String {
        guard let label else { return "osv" }
        for feed in ["debian-tracker", "alpine-secdb"] where label.hasPrefix(feed + ":") { return feed }
        return "osv"
    }

    /// OpenVEX justification → CycloneDX analysis justification.
    static func justification(_ vex: String) -> String? {
        switch vex {
        case "component_not_present", "vulnerable_code_not_present": "code_not_present"
        case "vulnerable_code_not_in_execute_path": "code_not_reachable"
        case "vulnerable_code_cannot_be_controlled_by_adversary": "requires_environment"
        case "inline_mitigations_already_exist": "protected_by_mitigating_control"
        default: nil
        }
    }
}
