import BulkheadCore
import Foundation

/// Everything an SBOM encoder needs, independent of the output format: the scanned subject, its
/// operating system, the packages found, and the tool that found them.
///
/// The value is pure data: no clock and no randomness. The serial number and namespace are
/// derived from the content (``contentHash``), so the same scan gives byte-identical SBOMs.
/// A timestamp is written only when ``timestamp`` is set.
public struct SBOMDocument: Sendable, Hashable {
    /// What was scanned: an image reference or a directory.
    public struct Subject: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case image
            case directory
        }

        public var name: String
        public var kind: Kind
        /// A tag or other human version, when known.
        public var version: String?
        /// The image (manifest or config) digest, e.g. `sha256:…`, when known.
        public var digest: String?

        public init(name: String, kind: Kind, version: String? = nil, digest: String? = nil) {
            self.name = name
            self.kind = kind
            self.version = version
            self.digest = digest
        }
    }

    /// The distribution, as read from `/etc/os-release` (`ID`, `VERSION_ID`, `PRETTY_NAME`).
    public struct OperatingSystem: Sendable, Hashable {
        public var id: String
        public var version: String?
        public var prettyName: String?

        public init(id: String, version: String? = nil, prettyName: String? = nil) {
            self.id = id
            self.version = version
            self.prettyName = prettyName
        }
    }

    /// The tool that produced the SBOM.
    public struct Tool: Sendable, Hashable {
        public var name: String
        public var version: String

        public init(name: String = "bulkhead", version: String) {
            self.name = name
            self.version = version
        }
    }

    public var subject: Subject
    public var operatingSystem: OperatingSystem?
    public var packages: [Package]
    public var tool: Tool
    /// An RFC 3339 timestamp (`2026-01-02T03:04:05Z`) to record, or nil for none.
    public var timestamp: String?
    /// Vulnerabilities of the packages (CycloneDX `vulnerabilities`, with VEX analysis for
    /// suppressed ones); empty for a plain SBOM.
    public var vulnerabilities: [VulnerabilityFinding] = []

    public init(subject: Subject, operatingSystem: OperatingSystem? = nil, packages: [Package], tool: Tool,
                timestamp: String? = nil) {
        self.subject = subject
        self.operatingSystem = operatingSystem
        self.packages = packages
        self.tool = tool
        self.timestamp = timestamp
    }

    /// The packages in the order every encoder writes them: by purl, then name, version,
    /// cataloger and locations, so equal inputs in any order give the same output.
    public var sortedPackages: [Package] {
        packages.sorted { a, b in
            let ka = SBOMDocument.sortKey(a), kb = SBOMDocument.sortKey(b)
            return ka.lexicographicallyPrecedes(kb)
        }
    }

    static func sortKey(_ p: Package) -> [String] {
        [p.purl.description, p.name, p.version, p.foundBy,
         p.locations.map { "\($0.path)\u{1F}\($0.layer ?? "")" }.joined(separator: "\u{1E}")]
    }

    /// A 128-bit hash, as 32 hex digits, of the subject and the sorted package URLs.
    public var contentHash: String {
        let purls = packages.map(\.purl.description).sorted()
        var material = "bulkhead-sbom/v1\u{1F}\(subject.kind.rawValue)\u{1F}\(subject.name)"
        material += "\u{1F}\(subject.version ?? "")\u{1F}\(subject.digest ?? "")"
        material += "\u{1F}\(operatingSystem?.id ?? "")\u{1F}\(operatingSystem?.version ?? "")"
        for purl in purls { material += "\u{1E}" + purl }
        var a = FNV1a64(), b = FNV1a64()
        a.combine("a\u{1F}" + material)
        b.combine("b\u{1F}" + material)
        return a.hexDigest + b.hexDigest
    }

    /// A UUID-shaped rendering of ``contentHash`` (version nibble 5, RFC 4122 variant), lowercase.
    public var serialUUID: String {
        var hex = Array(contentHash)
        hex[12] = "5"
        let variant: [Character] = ["8", "9", "a", "b"]
        hex[16] = variant[(Int(String(hex[16]), radix: 16) ?? 0) & 0x3]
        let s = String(hex)
        func part(_ from: Int, _ to: Int) -> Substring {
            s[s.index(s.startIndex, offsetBy: from)..<s.index(s.startIndex, offsetBy: to)]
        }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }
}

/// Why an SBOM could not be written or read.
public struct SBOMError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public static let encode = Code("encode")
        /// The input is not valid JSON, or a field has the wrong type.
        public static let malformed = Code("malformed-sbom")
        /// Valid JSON, but neither CycloneDX nor SPDX (or a version that is not read).
        public static let unsupported = Code("unsupported-sbom")
    }

    public var code: Code
    public var message: String
    /// The file and JSON path (`components[3].purl`) an input error is about.
    public var location: SourceLocation?

    public init(code: Code, message: String, location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        location.map { "\($0): \(code.rawValue): \(message)" } ?? "\(code.rawValue): \(message)"
    }

    public static func == (lhs: SBOMError, rhs: SBOMError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

/// Shared helpers for the encoders.
enum SBOMSupport {
    /// Writes `value` as JSON with sorted keys and unescaped slashes (pretty or one line), plus a
    /// final newline; `format` names the format in the error.
    static func writeJSON(_ value: some Encodable, pretty: Bool, format: String,
                          to output: inout some TextOutputStream) throws(SBOMError) {
        do {
            // JSONEncoder's exact bytes with these options (see SortedJSONEncoder), faster.
            output.write(try SortedJSONEncoder(pretty: pretty).encode(value))
            output.write("\n")
        } catch {
            throw SBOMError(code: .encode, message: "could not encode \(format): \(error)")
        }
    }

    /// Package-to-package dependency edges in the writer's identifiers: for each package (in
    /// `packages` order, `ids` parallel to it) the ids of the packages its ``Package/dependencies``
    /// name, first occurrence of a purl winning, without self-edges or repeats; packages with no
    /// edge are left out.
    static func dependencyEdges(_ packages: [Package], ids: [String]) -> [(from: String, to: [String])] {
        var idByPURL: [PURL: String] = [:]
        for (p, id) in zip(packages, ids) where idByPURL[p.purl] == nil { idByPURL[p.purl] = id }
        return zip(packages, ids).compactMap { p, id in
            var seen = Set<String>()
            let targets = p.dependencies.compactMap { idByPURL[$0] }.filter { $0 != id && seen.insert($0).inserted }
            return targets.isEmpty ? nil : (id, targets)
        }
    }

    /// A stable 16-hex-digit identity for one package occurrence (purl, cataloger, locations).
    static func packageHash(_ p: Package, salt: Int = 0) -> String {
        var h = FNV1a64()
        for part in SBOMDocument.sortKey(p) { h.combine(part + "\u{1F}") }
        if salt > 0 { h.combine("#\(salt)") }
        return h.hexDigest
    }

    /// Unique, deterministic identities for the sorted packages: the purl when it occurs once,
    /// else the purl with a `package-id` qualifier derived from the occurrence.
    static func uniqueReferences(_ packages: [Package]) -> [String] {
        var counts: [String: Int] = [:]
        for p in packages { counts[p.purl.description, default: 0] += 1 }
        var used = Set<String>()
        return packages.map { p in
            let purl = p.purl.description
            guard counts[purl, default: 0] > 1 else { used.insert(purl); return purl }
            let separator = purl.contains("?") ? "&" : "?"
            var salt = 0
            while true {
                let candidate = purl + separator + "package-id=" + packageHash(p, salt: salt)
                if used.insert(candidate).inserted { return candidate }
                salt += 1
            }
        }
    }
}
