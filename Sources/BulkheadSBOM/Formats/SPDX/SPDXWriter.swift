import BulkheadCore
import Foundation

/// SPDX 2.3 JSON: a root package for the subject (DOCUMENT DESCRIBES it), one package for the
/// OS and one per found package (the root CONTAINS each), with purls as `PACKAGE-MANAGER`
/// external references and declared licenses as SPDX expressions (free text becomes a
/// `LicenseRef-…` with its text in `hasExtractedLicensingInfos`). Packages are ordered by purl;
/// the namespace is derived from the content. SPDX requires `created`, so it is an option:
/// the fixed ``Options/defaultCreated`` unless the caller passes a time (or the document has one).
public struct SPDXWriter: Sendable {
    public struct Options: Sendable, Hashable {
        public static let defaultCreated = "1970-01-01T00:00:00Z"
        public static let defaultNamespaceBase = "https://bulkhead.dev/spdxdocs"

        /// `creationInfo.created` (RFC 3339, UTC, seconds precision). Nil uses the document's
        /// timestamp, else ``defaultCreated``.
        public var created: String?
        /// The prefix of `documentNamespace`; the subject name and content hash are appended.
        public var namespaceBase: String
        public var prettyPrinted: Bool

        public init(created: String? = nil, namespaceBase: String = Options.defaultNamespaceBase,
                    prettyPrinted: Bool = true) {
            self.created = created
            self.namespaceBase = namespaceBase
            self.prettyPrinted = prettyPrinted
        }
    }

    public static let spdxVersion = "SPDX-2.3"
    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public func write(_ document: SBOMDocument, to output: inout some TextOutputStream) throws(SBOMError) {
        try SBOMSupport.writeJSON(SPDXDocumentDTO(document, options: options), pretty: options.prettyPrinted, format: "SPDX",
                                  to: &output)
    }

    public func render(_ document: SBOMDocument) throws(SBOMError) -> String {
        var out = ""
        try write(document, to: &out)
        return out
    }

    /// Replaces every character outside SPDX's idstring set (`[A-Za-z0-9.-]`) with `-`.
    static func idstring(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "-": out.unicodeScalars.append(scalar)
            default: out.append("-")
            }
        }
        return out.isEmpty ? "-" : out
    }
}

// MARK: - Format model (private DTOs shaped like the SPDX 2.3 JSON schema)

private struct SPDXDocumentDTO: Encodable {
    struct CreationInfo: Encodable {
        var created: String
        var creators: [String]
    }

    struct ExternalRef: Encodable {
        var referenceCategory: String
        var referenceType: String
        var referenceLocator: String
    }

    struct Checksum: Encodable {
        var algorithm: String
        var checksumValue: String
    }

    struct PackageDTO: Encodable {
        var spdxID: String
        var name: String
        var versionInfo: String?
        var downloadLocation = "NOASSERTION"
        var filesAnalyzed = false
        var licenseConcluded = "NOASSERTION"
        var licenseDeclared = "NOASSERTION"
        var copyrightText = "NOASSERTION"
        var sourceInfo: String?
        var checksums: [Checksum]?
        var externalRefs: [ExternalRef]?
        var primaryPackagePurpose: String?
        var description: String?

        enum CodingKeys: String, CodingKey {
            case spdxID = "SPDXID"
            case name, versionInfo, downloadLocation, filesAnalyzed, licenseConcluded, licenseDeclared
            case copyrightText, sourceInfo, checksums, externalRefs, primaryPackagePurpose, description
        }
    }

    struct Relationship: Encodable {
        var spdxElementId: String
        var relationshipType: String
        var relatedSpdxElement: String
    }

    struct ExtractedLicense: Encodable {
        var licenseId: String
        var extractedText: String
        var name: String
    }

    var spdxVersion = SPDXWriter.spdxVersion
    var dataLicense = "CC0-1.0"
    var spdxID = "SPDXRef-DOCUMENT"
    var name: String
    var documentNamespace: String
    var creationInfo: CreationInfo
    var packages: [PackageDTO]
    var relationships: [Relationship]
    var hasExtractedLicensingInfos: [ExtractedLicense]?

    enum CodingKeys: String, CodingKey {
        case spdxID = "SPDXID"
        case spdxVersion, dataLicense, name, documentNamespace, creationInfo, packages, relationships
        case hasExtractedLicensingInfos
    }

    init(_ document: SBOMDocument, options: SPDXWriter.Options) {
        let subject = document.subject
        name = subject.name
        let base = options.namespaceBase.hasSuffix("/") ? String(options.namespaceBase.dropLast()) : options.namespaceBase
        documentNamespace = "\(base)/\(subject.kind.rawValue)/\(SPDXWriter.idstring(subject.name))-\(document.serialUUID)"
        creationInfo = CreationInfo(created: options.created ?? document.timestamp ?? SPDXWriter.Options.defaultCreated,
                                    creators: ["Tool: \(document.tool.name)-\(document.tool.version)"])

        let rootID = "SPDXRef-DocumentRoot-\(subject.kind == .image ? "Image" : "Directory")-\(SPDXWriter.idstring(subject.name))"
        var rootChecksums: [Checksum]?
        if let digest = subject.digest, digest.hasPrefix("sha256:") {
            let hex = digest.dropFirst("sha256:".count)
            if hex.count == 64, hex.allSatisfy(\.isHexDigit) { rootChecksums = [Checksum(algorithm: "SHA256", checksumValue: hex.lowercased())] }
        }
        var packages = [PackageDTO(spdxID: rootID, name: subject.name, versionInfo: subject.version ?? subject.digest,
                                   checksums: rootChecksums,
                                   primaryPackagePurpose: subject.kind == .image ? "CONTAINER" : "FILE")]
        var relationships = [Relationship(spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES",
                                          relatedSpdxElement: rootID)]
        if let os = document.operatingSystem {
            let osID = "SPDXRef-OperatingSystem-\(SPDXWriter.idstring(os.id))"
            packages.append(PackageDTO(spdxID: osID, name: os.id, versionInfo: os.version,
                                       primaryPackagePurpose: "OPERATING_SYSTEM", description: os.prettyName))
            relationships.append(Relationship(spdxElementId: rootID, relationshipType: "CONTAINS", relatedSpdxElement: osID))
        }

        var licenseRefs = LicenseRefs()
        let sorted = document.sortedPackages
        let refs = SBOMSupport.uniqueReferences(sorted)
        let ids = zip(sorted, refs).map { p, ref in
            var h = FNV1a64()
            h.combine(ref)
            return "SPDXRef-Package-\(SPDXWriter.idstring(p.ecosystem.purlType))-\(SPDXWriter.idstring(p.name))-\(h.hexDigest)"
        }
        for (p, id) in zip(sorted, ids) {
            let paths = p.locations.map(\.path)
            let sourceInfo = "acquired package info from \(p.foundBy)" + (paths.isEmpty ? "" : ": " + paths.joined(separator: ", "))
            packages.append(PackageDTO(
                spdxID: id, name: p.name, versionInfo: p.version.isEmpty ? nil : p.version,
                licenseDeclared: licenseRefs.declared(p.licenses), sourceInfo: sourceInfo,
                externalRefs: [ExternalRef(referenceCategory: "PACKAGE-MANAGER", referenceType: "purl",
                                           referenceLocator: p.purl.description)],
                primaryPackagePurpose: "LIBRARY"))
            relationships.append(Relationship(spdxElementId: rootID, relationshipType: "CONTAINS", relatedSpdxElement: id))
        }
        for edge in SBOMSupport.dependencyEdges(sorted, ids: ids) {
            relationships += edge.to.map { Relationship(spdxElementId: edge.from, relationshipType: "DEPENDS_ON", relatedSpdxElement: $0) }
        }
        self.packages = packages
        self.relationships = relationships
        let extracted = licenseRefs.extracted
        hasExtractedLicensingInfos = extracted.isEmpty ? nil : extracted
    }

    /// Free-text licenses turned into `LicenseRef-…` identifiers, one per distinct text.
    struct LicenseRefs {
        private var byText: [String: String] = [:]
        private var texts: [String: String] = [:]

        var extracted: [ExtractedLicense] {
            texts.keys.sorted().compactMap { id in
                texts[id].map { ExtractedLicense(licenseId: id, extractedText: $0, name: $0) }
            }
        }

        mutating func reference(for text: String) -> String {
            if let id = byText[text] { return id }
            var id = "LicenseRef-" + SPDXWriter.idstring(text)
            if texts[id] != nil {
                var h = FNV1a64()
                h.combine(text)
                id += "-" + h.hexDigest.prefix(8)
            }
            byText[text] = id
            texts[id] = text
            return id
        }

        /// A valid SPDX expression for the declared licenses, or `NOASSERTION` when there are none.
        mutating func declared(_ licenses: [String]) -> String {
            let kinds = SPDXLicenseExpression.classifyAll(licenses)
            if kinds.isEmpty { return "NOASSERTION" }
            let parts = kinds.map { kind -> String in
                switch kind {
                case .identifier(let id): id
                case .expression(let e): kinds.count > 1 ? SPDXLicenseExpression.parenthesized(e) : e
                case .freeText(let t): reference(for: t)
                }
            }
            return parts.joined(separator: " AND ")
        }
    }
}
