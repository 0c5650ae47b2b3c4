/// The OSV fields Bulkhead stores, decoded from JSON or YAML (pypa's advisory database is YAML).
/// Unknown fields are ignored; a record without `id` is rejected by the decoder.
struct OSVRecordDTO: Decodable, Sendable {
    var id: String
    var modified: String?
    var published: String?
    var withdrawn: String?
    var aliases: [String]?
    var upstream: [String]?
    var related: [String]?
    var summary: String?
    var details: String?
    var severity: [OSVSeverityDTO]?
    var affected: [OSVAffectedDTO]?
    var references: [OSVReferenceDTO]?
    var databaseSpecific: OSVDatabaseSpecificDTO?

    enum CodingKeys: String, CodingKey {
        case id, modified, published, withdrawn, aliases, upstream, related, summary, details, severity, affected, references
        case databaseSpecific = "database_specific"
    }
}

struct OSVSeverityDTO: Decodable, Sendable {
    var type: String
    var score: String
}

struct OSVReferenceDTO: Decodable, Sendable {
    var type: String?
    var url: String?
}

/// GHSA's `database_specific.severity` (`LOW`, `MODERATE`, `HIGH`, `CRITICAL`); anything else
/// in `database_specific` is free-form and skipped.
struct OSVDatabaseSpecificDTO: Decodable, Sendable {
    var severity: String?

    enum CodingKeys: String, CodingKey { case severity }

    init(from decoder: any Decoder) throws {
        let c = try? decoder.container(keyedBy: CodingKeys.self)
        severity = (try? c?.decodeIfPresent(String.self, forKey: .severity)) ?? nil
    }
}

struct OSVAffectedDTO: Decodable, Sendable {
    var package: OSVPackageDTO?
    var ranges: [OSVRangeDTO]?
    var versions: [String]?
    var severity: [OSVSeverityDTO]?
    var databaseSpecific: OSVDatabaseSpecificDTO?

    enum CodingKeys: String, CodingKey {
        case package, ranges, versions, severity
        case databaseSpecific = "database_specific"
    }
}

struct OSVPackageDTO: Decodable, Sendable {
    var ecosystem: String?
    var name: String?
    var purl: String?
}

struct OSVRangeDTO: Decodable, Sendable {
    var type: String?
    var events: [[String: String]]?
}

extension OSVRecordDTO {
    static let distroAdvisoryPrefixes = ["RHSA-", "RHBA-", "RHEA-", "RLSA-", "ALSA-", "ALBA-", "DSA-", "DLA-", "DTSA-",
                                         "USN-", "UBUNTU-", "DEBIAN-", "SUSE-", "openSUSE-", "ELSA-", "MGASA-", "PHSA-"]

    /// `aliases`, plus the CVE of a per-CVE distro record: `UBUNTU-CVE-2024-3094` or
    /// `DEBIAN-CVE-2023-4911` names exactly one CVE, which it lists under `upstream` (or the
    /// older `related`) rather than `aliases`; it is the same vulnerability, so it joins that
    /// CVE's group. Other `upstream`/`related` links (a DSA fixing several CVEs) are not merged.
    var mergedAliases: [String] {
        var out = aliases ?? []
        if let range = id.range(of: "-CVE-"), id[..<range.lowerBound].allSatisfy({ $0.isUppercase }) {
            let cve = "CVE-" + id[range.upperBound...]
            if ((upstream ?? []) + (related ?? [])).contains(cve), !out.contains(cve) { out.append(cve) }
        }
        return out
    }

    /// The stored form. `source` is the namespace of the record's id (OSV ids are unique).
    func stored(source: String) -> (StoredRecord, [StoredAffected]) {
        var severity = (self.severity ?? []).map { SeverityEntry(type: $0.type, score: $0.score) }
        // OSV puts severity per package when packages differ; keep them on the record as well.
        for a in affected ?? [] {
            for s in a.severity ?? [] where !severity.contains(where: { $0.type == s.type && $0.score == s.score }) {
                severity.append(SeverityEntry(type: s.type, score: s.score))
            }
        }
        // GHSA's database_specific.severity is GitHub's rating; other publishers' free-form
        // database_specific fields are not ratings we can interpret.
        let vendor = (id.hasPrefix("GHSA-") ? databaseSpecific?.severity.map { "ghsa:\($0)" } : nil)
            ?? severity.first(where: { $0.type == "Ubuntu" }).map { "ubuntu:\($0.score)" }
        let merged = mergedAliases
        // `upstream` names what a record derives from; `related` is looser and only read for
        // distro advisories, which used it for their CVEs before `upstream` existed.
        let isDistroAdvisory = Self.distroAdvisoryPrefixes.contains { id.hasPrefix($0) }
        let upstreamCVEs = ((upstream ?? []) + (isDistroAdvisory ? related ?? [] : []))
            .filter { $0.hasPrefix("CVE-") && !merged.contains($0) }
        let record = StoredRecord(
            id: id, source: source, summary: summary, details: details, aliases: merged,
            published: published, modified: modified, withdrawn: withdrawn, severity: severity,
            vendorSeverity: vendor, references: (references ?? []).compactMap(\.url),
            upstream: Array(Set(upstreamCVEs)).sorted())
        var rows: [StoredAffected] = []
        for a in affected ?? [] {
            guard let ecosystem = a.package?.ecosystem, let name = a.package?.name, !name.isEmpty else { continue }
            let ranges = (a.ranges ?? []).map { r in
                StoredRange(type: r.type ?? "ECOSYSTEM", events: (r.events ?? []).compactMap { event in
                    if let v = event["introduced"] { return .introduced(v) }
                    if let v = event["fixed"] { return .fixed(v) }
                    if let v = event["last_affected"] { return .lastAffected(v) }
                    if let v = event["limit"] { return .limit(v) }
                    return nil
                })
            }
            rows.append(StoredAffected(
                ecosystem: ecosystem, name: PackageKey.normalizedName(name, ecosystem: ecosystem),
                ranges: ranges, versions: a.versions ?? []))
        }
        return (record, rows)
    }
}
