import BulkheadCore

/// SPDX 2.2/2.3 JSON → ``SBOMDocument``. The package the document DESCRIBES is the subject, a
/// package with purpose `OPERATING_SYSTEM` the OS; every other package with a purl external
/// reference (`PACKAGE-MANAGER`, or 2.2's `PACKAGE_MANAGER`) is a package.
enum SPDXReader {
    static let noAssertion: Set<String> = ["NOASSERTION", "NONE", ""]
    static let sourceInfoPrefix = "acquired package info from "

    static func read(_ bytes: [UInt8], path: String) throws(SBOMError) -> SBOMReader.Result {
        let document = try SBOMReader.decode(Document.self, from: bytes, path: path)
        guard let version = document.spdxVersion, ["SPDX-2.2", "SPDX-2.3"].contains(version) else {
            throw SBOMError(code: .unsupported, message: "\(document.spdxVersion ?? "(missing)") is not read (SPDX-2.2 and SPDX-2.3 are)",
                            location: SourceLocation(file: path, fieldPath: "spdxVersion"))
        }
        let described = describedIDs(document)
        let references = Dictionary((document.hasExtractedLicensingInfos ?? []).compactMap { info -> (String, String)? in
            guard let id = info.licenseId, let text = info.extractedText ?? info.name else { return nil }
            return (id, text)
        }, uniquingKeysWith: { first, _ in first })
        let tool = self.tool(document.creationInfo?.creators ?? [])

        var subject: SBOMDocument.Subject?
        var operatingSystem: SBOMDocument.OperatingSystem?
        var packages: [Package] = []
        var diagnostics: [Diagnostic] = []
        for (index, package) in (document.packages ?? []).enumerated() {
            let field = "packages[\(index)]"
            if let id = package.SPDXID, described.contains(id) {
                if subject == nil { subject = self.subject(package, path: path) }
                continue
            }
            if package.primaryPackagePurpose == "OPERATING_SYSTEM" {
                if operatingSystem == nil, let name = package.name, !name.isEmpty {
                    operatingSystem = .init(id: name, version: package.versionInfo, prettyName: package.description)
                }
                continue
            }
            let purlReferences = (package.externalRefs ?? []).enumerated().filter { _, ref in
                ref.referenceType == "purl"
                    && (ref.referenceCategory == "PACKAGE-MANAGER" || ref.referenceCategory == "PACKAGE_MANAGER")
            }
            guard let (refIndex, reference) = purlReferences.first, let text = reference.referenceLocator else { continue }
            let purlField = "\(field).externalRefs[\(refIndex)].referenceLocator"
            guard let purl = PURL(parsing: text) else {
                diagnostics.append(SBOMReader.skipped("'\(text.prefix(120))' is not a package URL; package skipped",
                                                      path: path, field: purlField))
                continue
            }
            guard let ecosystem = Ecosystem(purlType: purl.type) else {
                diagnostics.append(SBOMReader.skipped("package type '\(purl.type)' is not supported; \(text.prefix(120)) skipped",
                                                      path: path, field: purlField, level: .note))
                continue
            }
            let source = sourceInfo(package.sourceInfo)
            packages.append(Package(
                name: package.name.flatMap { $0.isEmpty ? nil : $0 } ?? purl.name,
                version: package.versionInfo ?? purl.version ?? "", ecosystem: ecosystem, purl: purl,
                licenses: licenses(package, references: references),
                locations: source.paths.map { PackageLocation(path: $0) },
                foundBy: source.foundBy ?? tool.name, architecture: purl.qualifiers["arch"]))
        }
        let created = document.creationInfo?.created
        let result = SBOMDocument(subject: subject ?? .init(name: document.name ?? path, kind: .directory),
                                  operatingSystem: operatingSystem, packages: packages, tool: tool,
                                  timestamp: created == SPDXWriter.Options.defaultCreated ? nil : created)
        return SBOMReader.Result(format: .spdx, document: result, diagnostics: diagnostics)
    }

    /// Elements the document describes: `documentDescribes` plus DESCRIBES / DESCRIBED_BY relationships.
    static func describedIDs(_ document: Document) -> Set<String> {
        let documentID = document.SPDXID ?? "SPDXRef-DOCUMENT"
        var ids = Set(document.documentDescribes ?? [])
        for relationship in document.relationships ?? [] {
            if relationship.relationshipType == "DESCRIBES", relationship.spdxElementId == documentID,
               let id = relationship.relatedSpdxElement {
                ids.insert(id)
            }
            if relationship.relationshipType == "DESCRIBED_BY", relationship.relatedSpdxElement == documentID,
               let id = relationship.spdxElementId {
                ids.insert(id)
            }
        }
        return ids
    }

    static func subject(_ package: PackageDTO, path: String) -> SBOMDocument.Subject {
        let checksum = package.checksums?.first { $0.algorithm == "SHA256" }?.checksumValue.map { "sha256:" + $0.lowercased() }
        let digest = SBOMReader.digest(checksum) ?? SBOMReader.digest(package.versionInfo)
        let version = package.versionInfo.flatMap { $0.isEmpty || $0.lowercased() == digest ? nil : $0 }
        return .init(name: package.name ?? path, kind: package.primaryPackagePurpose == "CONTAINER" ? .image : .directory,
                     version: version, digest: digest)
    }

    /// `Tool: name-version` from the creators (version after the last `-`).
    static func tool(_ creators: [String]) -> SBOMDocument.Tool {
        guard let creator = creators.first(where: { $0.hasPrefix("Tool:") }) else { return .init(name: "unknown", version: "") }
        let text = creator.dropFirst("Tool:".count).trimmingCharacters(in: .whitespaces)
        guard let dash = text.lastIndex(of: "-") else { return .init(name: text, version: "") }
        return .init(name: String(text[..<dash]), version: String(text[text.index(after: dash)...]))
    }

    /// `acquired package info from <cataloger>: <path>, <path>` (Bulkhead's and Syft's wording).
    static func sourceInfo(_ text: String?) -> (foundBy: String?, paths: [String]) {
        guard let text, text.hasPrefix(sourceInfoPrefix) else { return (nil, []) }
        let rest = text.dropFirst(sourceInfoPrefix.count)
        guard let colon = rest.range(of: ": ") else { return (rest.isEmpty ? nil : String(rest), []) }
        let paths = rest[colon.upperBound...].components(separatedBy: ", ").filter { !$0.isEmpty }
        return (String(rest[..<colon.lowerBound]), paths)
    }

    static func licenses(_ package: PackageDTO, references: [String: String]) -> [String] {
        for value in [package.licenseDeclared, package.licenseConcluded] {
            if let value, !noAssertion.contains(value) {
                return SBOMReader.licenses(fromExpression: value, references: references)
            }
        }
        return []
    }

    // MARK: - Format model (lenient: every field optional)

    struct Document: Decodable {
        var spdxVersion: String?
        var SPDXID: String?
        var name: String?
        var creationInfo: CreationInfo?
        var documentDescribes: [String]?
        var packages: [PackageDTO]?
        var relationships: [Relationship]?
        var hasExtractedLicensingInfos: [ExtractedLicense]?
    }

    struct CreationInfo: Decodable {
        var created: String?
        var creators: [String]?
    }

    struct PackageDTO: Decodable {
        var SPDXID: String?
        var name: String?
        var versionInfo: String?
        var description: String?
        var licenseDeclared: String?
        var licenseConcluded: String?
        var sourceInfo: String?
        var primaryPackagePurpose: String?
        var checksums: [Checksum]?
        var externalRefs: [ExternalRef]?
    }

    struct Checksum: Decodable {
        var algorithm: String?
        var checksumValue: String?
    }

    struct ExternalRef: Decodable {
        var referenceCategory: String?
        var referenceType: String?
        var referenceLocator: String?
    }

    struct Relationship: Decodable {
        var spdxElementId: String?
        var relationshipType: String?
        var relatedSpdxElement: String?
    }

    struct ExtractedLicense: Decodable {
        var licenseId: String?
        var extractedText: String?
        var name: String?
    }
}
