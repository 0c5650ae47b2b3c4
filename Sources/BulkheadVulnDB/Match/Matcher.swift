import BulkheadCore

/// Matches catalogued packages against the database: picks each package's ecosystem, name key,
/// compared version and version scheme (distro packages by source package and distro release),
/// evaluates every advisory's ranges, merges advisories of one alias group into one finding,
/// and enriches it with CVSS, vendor ratings, KEV and EPSS.
public struct Matcher {
    let db: VulnDatabase
    let options: MatchOptions

    public init(database: VulnDatabase, options: MatchOptions = MatchOptions()) {
        db = database
        self.options = options
    }

    /// One database lookup for a package.
    struct Lookup: Hashable {
        var ecosystem: String
        var name: String
        var version: String
        var scheme: VersionScheme
        var semverScheme: VersionScheme
    }

    public func match(_ packages: [Package], distro: Distro?) throws(VulnDBError) -> MatchResult {
        var groupCache: [String: GroupFacts] = [:]
        let versionCache = VersionCache()
        // Several installed versions of one package (or one source package's many binaries) meet
        // the same advisory rows: read and decode them once.
        var rowCache: [String: [VulnDatabase.AffectedRow]] = [:]
        var canonicalCache: [String: String] = [:]
        var findings: [VulnerabilityFinding] = []
        var diagnostics: [Diagnostic] = []
        var missingDistroWarned = false
        var unsupportedWarned = false
        var rpmEcosystems: [String]? = nil
        var badAdvisoryVersions: Set<String> = []
        for package in packages {
            let lookups: [Lookup]
            if package.ecosystem.isOperatingSystem {
                guard let distro else {
                    if !missingDistroWarned {
                        diagnostics.append(Diagnostic(code: "vuln-no-distro", level: .warning,
                            message: "OS packages found but no distro release (os-release): they were not matched"))
                        missingDistroWarned = true
                    }
                    continue
                }
                if package.ecosystem == .rpm, rpmEcosystems == nil {
                    rpmEcosystems = try rpmCandidates(distro)
                }
                lookups = Self.osLookups(package, distro: distro, rpmEcosystems: rpmEcosystems ?? [])
                if lookups.isEmpty, !unsupportedWarned {
                    unsupportedWarned = true
                    diagnostics.append(Diagnostic(code: "vuln-unsupported-distro", level: .warning,
                        message: "\(distro.id) \(distro.versionID ?? "(no VERSION_ID)"): no vulnerability data is matched for this distribution's \(package.ecosystem.rawValue) packages; they were not checked"))
                }
            } else {
                lookups = Self.languageLookups(package)
            }
            var byGroup: [String: (fixed: [String], records: [Int64], ids: [String], state: VulnerabilityFinding.FixState,
                                   vendor: [String: String], compared: String, ecosystem: String, extraRecords: [Int64])] = [:]
            for lookup in lookups {
                let key = lookup.ecosystem + "\u{1F}" + lookup.name
                let rows: [VulnDatabase.AffectedRow]
                if let cached = rowCache[key] {
                    rows = cached
                } else {
                    rows = try db.affected(ecosystem: lookup.ecosystem, name: lookup.name)
                    rowCache[key] = rows
                }
                if rows.isEmpty { continue }
                let parsed = try? lookup.scheme.parse(lookup.version)
                let semverParsed = lookup.semverScheme == lookup.scheme ? parsed : (try? lookup.semverScheme.parse(lookup.version))
                if parsed == nil {
                    diagnostics.append(Diagnostic(code: "vuln-bad-version", level: .warning,
                        message: "\(package.name) \(lookup.version): not a valid \(lookup.scheme.rawValue) version; advisories compared by exact version only"))
                }
                let evaluation = RangeEvaluation(scheme: lookup.scheme, semverScheme: lookup.semverScheme, cache: versionCache)
                for row in rows where !row.withdrawn {
                    let outcome = evaluation.evaluate(lookup.version, parsed: parsed, semverParsed: semverParsed,
                                                      ranges: row.ranges, versionsText: row.versionsText)
                    for bad in outcome.badVersions where badAdvisoryVersions.insert(row.vulnID + " " + bad).inserted {
                        diagnostics.append(Diagnostic(code: "vuln-bad-advisory-version", level: .note,
                            message: "\(row.vulnID): range version '\(bad)' is not a valid \(lookup.scheme.rawValue) version; that event was skipped"))
                    }
                    guard outcome.affected else { continue }
                    func canonical(_ id: String) throws(VulnDBError) -> String {
                        if let known = canonicalCache[id] { return known }
                        let c = try db.canonicalID(of: id)
                        canonicalCache[id] = c
                        return c
                    }
                    let own = try canonical(row.vulnID)
                    // A distro advisory (RHSA, DSA, USN …) without a CVE of its own is reported
                    // under each CVE it fixes, so ignores, VEX, KEV and EPSS keyed by CVE apply
                    // and a CVE from another feed is not counted twice.
                    var groups = [own]
                    if !own.hasPrefix("CVE-"), !row.upstream.isEmpty {
                        groups = []
                        for cve in row.upstream { groups.append(try canonical(cve)) }
                    }
                    for group in groups {
                    var slot = byGroup[group] ?? ([], [], [], .notFixed, [:], lookup.version, lookup.ecosystem, [])
                    for f in outcome.fixedVersions where !slot.fixed.contains(f) { slot.fixed.append(f) }
                    slot.records.append(row.record)
                    let label = row.source == "osv" ? row.vulnID : "\(row.source):\(row.vulnID)"
                    if !slot.ids.contains(label) { slot.ids.append(label) }
                    if row.status == .wontFix, slot.fixed.isEmpty { slot.state = .wontFix }
                    if let v = row.vendorSeverity { Self.addVendor(v, to: &slot.vendor) }
                    if group != own { slot.extraRecords.append(row.record) }
                    byGroup[group] = slot
                    }
                }
            }
            let purl = package.purl.description
            for (group, slot) in byGroup {
                let state: VulnerabilityFinding.FixState = slot.fixed.isEmpty ? slot.state : .fixed
                let facts: GroupFacts
                let factsKey = slot.extraRecords.isEmpty ? group : group + "\u{1F}" + slot.extraRecords.map(String.init).joined(separator: ",")
                if let cached = groupCache[factsKey] {
                    facts = cached
                } else {
                    facts = try groupFacts(group, extra: slot.extraRecords)
                    groupCache[factsKey] = facts
                }
                findings.append(finding(group: group, facts: facts, package: package, purl: purl, fixed: slot.fixed, state: state,
                                        matched: slot.ids.sorted(), rowVendor: slot.vendor,
                                        compared: slot.compared, ecosystem: slot.ecosystem))
            }
        }
        findings = VulnerabilityFinding.sortedByPriority(findings)
        return MatchResult(findings: findings, diagnostics: diagnostics, packagesChecked: packages.count)
    }

    // MARK: lookups

    static func languageLookups(_ p: Package) -> [Lookup] {
        let ecosystem = p.ecosystem.rawValue
        let scheme: VersionScheme
        var semver: VersionScheme = .semver
        var name = p.name
        switch p.ecosystem {
        case .pypi: scheme = .pep440
        case .npm:
            scheme = .semver
            if let ns = p.purl.namespace, !ns.isEmpty { name = ns + "/" + p.purl.name }
        case .go:
            scheme = .go
            semver = .go
            if let ns = p.purl.namespace, !ns.isEmpty { name = ns + "/" + p.purl.name }
        case .maven:
            scheme = .maven
            if let ns = p.purl.namespace, !ns.isEmpty { name = ns + ":" + p.purl.name }
        case .rubygems: scheme = .rubygems
        case .cargo: scheme = .semver
        case .packagist:
            scheme = .composer
            if let ns = p.purl.namespace, !ns.isEmpty { name = ns + "/" + p.purl.name }
        case .nuget: scheme = .nuget
        case .debian, .alpine, .rpm: return []
        }
        return [Lookup(ecosystem: ecosystem, name: PackageKey.normalizedName(name, ecosystem: ecosystem),
                       version: p.version, scheme: scheme, semverScheme: semver)]
    }

    static func osLookups(_ p: Package, distro: Distro, rpmEcosystems: [String]) -> [Lookup] {
        switch p.ecosystem {
        case .debian:
            guard let eco = distro.osvEcosystem, distro.isLike("debian") || distro.id == "ubuntu" else { return [] }
            // Debian and Ubuntu advisories name source packages and source versions.
            let name = p.sourceName ?? p.name
            let version = p.sourceVersion ?? p.version
            return [Lookup(ecosystem: eco, name: name, version: version, scheme: .dpkg, semverScheme: .dpkg)]
        case .alpine:
            guard let eco = distro.osvEcosystem else { return [] }
            return [Lookup(ecosystem: eco, name: p.sourceName ?? p.name, version: p.version, scheme: .apk, semverScheme: .apk)]
        case .rpm:
            var out: [Lookup] = []
            let version = p.version
            for eco in rpmEcosystems {
                out.append(Lookup(ecosystem: eco, name: p.name, version: version, scheme: .rpm, semverScheme: .rpm))
                if let src = p.sourceName, src != p.name {
                    out.append(Lookup(ecosystem: eco, name: src, version: version, scheme: .rpm, semverScheme: .rpm))
                }
            }
            return out
        default:
            return []
        }
    }

    /// RPM distros publish per product stream: every `Red Hat:…` ecosystem of the same major
    /// release (`Red Hat:enterprise_linux:9::baseos`), plus Rocky/Alma/SUSE names.
    func rpmCandidates(_ distro: Distro) throws(VulnDBError) -> [String] {
        guard let major = distro.major else { return [] }
        var out: [String] = []
        if ["rhel", "centos", "rocky", "almalinux", "ol"].contains(distro.id) || distro.isLike("rhel") {
            // `Red Hat:enterprise_linux:9::baseos` covers every 9.x; an extended-support stream
            // (`rhel_eus:9.2`, `rhel_aus:8.4`) covers only that minor release.
            let minor = distro.versionID?.split(separator: ".").prefix(2).joined(separator: ".")
            for eco in try db.ecosystems(prefix: "Red Hat:") {
                let fields = eco.split(separator: ":", omittingEmptySubsequences: false)
                // Only RHEL's own product streams: layered products (`jboss_…:8::el9`,
                // `ceph_storage:7::el9`) number their own releases.
                guard fields.count > 2, Self.rhelProducts.contains(String(fields[1])) else { continue }
                let stream = String(fields[2])
                if stream == major || (stream.contains(".") && stream == minor) { out.append(eco) }
            }
        }
        switch distro.id {
        case "rocky": out.append("Rocky Linux:\(major)")
        case "almalinux": out.append("AlmaLinux:\(major)")
        default: break
        }
        return out
    }

    static let rhelProducts: Set<String> = ["enterprise_linux", "rhel_eus", "rhel_aus", "rhel_e4s", "rhel_tus", "rhel_els"]

    static func addVendor(_ tagged: String, to vendor: inout [String: String]) {
        guard let colon = tagged.firstIndex(of: ":") else { return }
        vendor[String(tagged[..<colon])] = String(tagged[tagged.index(after: colon)...])
    }

    // MARK: enrichment

    /// What every record of an alias group says, gathered once per group and scan.
    struct GroupFacts {
        var aliases: [String]
        var vectors: [VulnerabilityFinding.CVSS]
        var vendor: [String: String]
        var title: String?
        var details: String?
        var published: String?
        var references: [String]
        var kev: KEVEntry?
        var epss: EPSSScore?
    }

    /// - Parameter extra: records reported under this group without belonging to it (a distro
    ///   advisory reported under each CVE it fixes): their titles, ratings and references count.
    func groupFacts(_ group: String, extra: [Int64] = []) throws(VulnDBError) -> GroupFacts {
        var aliases: Set<String> = []
        var vectors: [VulnerabilityFinding.CVSS] = []
        var vendor: [String: String] = [:]
        var title: String?
        var details: String?
        var published: String?
        var references: [String] = []
        let members = try db.records(inGroup: group)
        for id in members + extra.filter({ !members.contains($0) }) {
            guard let r = try db.record(id) else { continue }
            if members.contains(id) { aliases.insert(r.id) }
            for a in r.aliases { aliases.insert(a) }
            for s in r.severity {
                if let v = SeverityRating.cvss(type: s.type, vector: s.score), !vectors.contains(v) { vectors.append(v) }
            }
            if let v = r.vendorSeverity, vendor[String(v.prefix { $0 != ":" })] == nil { Self.addVendor(v, to: &vendor) }
            if title == nil || (r.source == "osv" && members.contains(id)) { title = r.summary ?? title }
            if details == nil, let d = r.details, !d.isEmpty { details = d }
            if published == nil { published = r.published }
            for ref in r.references where !references.contains(ref) { references.append(ref) }
        }
        aliases.remove(group)
        if title == nil, let d = details { title = Self.headline(d) }
        let cves = ([group] + aliases.sorted()).filter { $0.hasPrefix("CVE-") }
        var kev: KEVEntry?
        var epss: EPSSScore?
        for cve in cves {
            if kev == nil { kev = try db.kev(cve) }
            if let e = try db.epss(cve), e.score > (epss?.score ?? -1) { epss = e }
        }
        return GroupFacts(aliases: aliases.sorted(), vectors: vectors.sorted { $0.version > $1.version }, vendor: vendor,
                          title: title, details: details.map { String($0.prefix(2000)) }, published: published,
                          references: Array(references.prefix(20)), kev: kev, epss: epss)
    }

    /// A title for records without `summary` (PyPA's): the first sentence of the details,
    /// at most about 100 characters.
    static func headline(_ details: String) -> String {
        let flat = details.split(whereSeparator: \.isNewline).joined(separator: " ")
        var sentence = flat
        // First ". " by a plain scan (Foundation's range(of:) loads ICU on first use: milliseconds).
        var previous: Character = " "
        for i in flat.indices {
            let c = flat[i]
            if previous == "." && c == " " {
                sentence = String(flat[..<flat.index(before: i)])
                break
            }
            previous = c
        }
        guard sentence.count > 100 else { return sentence }
        let cut = sentence.prefix(100)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }

    func finding(group: String, facts: GroupFacts, package: Package, purl: String, fixed: [String], state: VulnerabilityFinding.FixState,
                 matched: [String], rowVendor: [String: String], compared: String, ecosystem: String) -> VulnerabilityFinding {
        var vendor = rowVendor
        for (k, v) in facts.vendor where vendor[k] == nil { vendor[k] = v }
        let publisher: String? = switch package.ecosystem {
        case .debian: ecosystem.hasPrefix("Ubuntu") ? "ubuntu" : "debian"
        case .alpine: "alpine"
        case .rpm: "redhat"
        default: nil
        }
        let (severity, source) = SeverityRating.decide(cvss: facts.vectors, vendor: vendor, distro: publisher,
                                                       preference: options.severitySource)
        return VulnerabilityFinding(
            id: group, aliases: facts.aliases, matchedRecords: matched, packageName: package.name,
            packageVersion: package.version,
            sourceName: package.sourceName.flatMap { $0 == package.name ? nil : $0 }, ecosystem: ecosystem, purl: purl,
            comparedVersion: compared, fixedVersions: fixed, fixState: state, severity: severity,
            severitySource: source, cvss: facts.vectors, vendorSeverities: vendor,
            knownExploited: facts.kev != nil, kevDateAdded: facts.kev?.dateAdded, epss: facts.epss?.score,
            epssPercentile: facts.epss?.percentile, title: facts.title, details: facts.details, published: facts.published,
            references: facts.references, locations: package.locations)
    }
}
