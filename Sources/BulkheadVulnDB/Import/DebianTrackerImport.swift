import BulkheadZip
import Foundation

/// The JSON feeds (tracker, secdb, KEV) are read with one parser and one error shape.
enum FeedJSON {
    static func parse(_ bytes: [UInt8], name: String) throws(VulnDBError) -> Any {
        do { return try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            throw VulnDBError(.badInput, "\(name): not valid JSON: \(error.localizedDescription)")
        }
    }
}

/// Debian Security Tracker JSON → per-release facts for each source package: fixed in a version,
/// open (unfixed, maybe `<no-dsa>`), ignored / end-of-life (won't fix), or not affected
/// (`fixed_version` "0", skipped). The tracker names source packages and source versions,
/// which is what the matcher compares for Debian.
enum DebianTrackerImport {
    static let source = "debian-tracker"

    /// Debian release codenames → the `VERSION_ID` major that OSV's `Debian:N` ecosystems use.
    static let releases: [String: String] = [
        "jessie": "8", "stretch": "9", "buster": "10", "bullseye": "11", "bookworm": "12",
        "trixie": "13", "forky": "14", "duke": "15", "sid": "sid",
    ]

    static func run(_ bytes: [UInt8], name: String, into writer: VulnDatabaseWriter) throws(VulnDBError) -> ImportSummary {
        let root = try FeedJSON.parse(bytes, name: name)
        guard let packages = root as? [String: Any] else {
            throw VulnDBError(.badInput, "\(name): expected an object of source packages at the top level")
        }
        var summary = ImportSummary()
        var byCVE: [String: (description: String?, rows: [StoredAffected])] = [:]
        for (package, value) in packages {
            guard let cves = value as? [String: Any] else {
                summary.problems.append("\(name): package '\(package)': expected an object of CVEs")
                continue
            }
            for (cve, entryValue) in cves {
                guard let entry = entryValue as? [String: Any], let releases = entry["releases"] as? [String: Any] else {
                    summary.problems.append("\(name): \(package)/\(cve): missing 'releases'")
                    continue
                }
                var rows: [StoredAffected] = []
                for (codename, releaseValue) in releases {
                    guard let number = Self.releases[codename], let release = releaseValue as? [String: Any] else { continue }
                    if let row = affected(package: package, ecosystem: "Debian:\(number)", release: release) {
                        rows.append(row)
                    }
                }
                var slot = byCVE[cve] ?? (entry["description"] as? String, [])
                slot.rows += rows.sorted { $0.ecosystem < $1.ecosystem }
                byCVE[cve] = slot
            }
        }
        try writer.removeSource(records: source)
        for cve in byCVE.keys.sorted() {
            guard let slot = byCVE[cve] else { continue }
            let record = StoredRecord(
                id: cve, source: source, summary: slot.description.map { String($0.prefix(300)) },
                aliases: [], references: ["https://security-tracker.debian.org/tracker/\(cve)"])
            try writer.put(record, affected: slot.rows)
            summary.records += 1
            summary.affected += slot.rows.count
        }
        return summary
    }

    static func affected(package: String, ecosystem: String, release: [String: Any]) -> StoredAffected? {
        let status = release["status"] as? String ?? "undetermined"
        let fixed = release["fixed_version"] as? String
        let urgency = (release["urgency"] as? String)?.trimmingCharacters(in: CharacterSet(charactersIn: "* "))
        let vendor = urgency.map { "debian:\($0)" }
        let nodsaReason = release["nodsa_reason"] as? String
        switch status {
        case "resolved":
            guard let fixed, fixed != "0" else { return nil } // not affected in this release
            return StoredAffected(ecosystem: ecosystem, name: package,
                                  ranges: [StoredRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed(fixed)])],
                                  vendorSeverity: vendor)
        default:
            // open or undetermined: affected, no fix in this release.
            let wontFix = nodsaReason == "ignored" || urgency == "end-of-life"
            return StoredAffected(ecosystem: ecosystem, name: package,
                                  ranges: [StoredRange(type: "ECOSYSTEM", events: [.introduced("0")])],
                                  status: wontFix ? .wontFix : .unfixed, vendorSeverity: vendor)
        }
    }
}

/// Alpine secdb (`{"distroversion": "v3.19", "packages": [{"pkg": {"name", "secfixes"}}]}`):
/// each `secfixes` key is the apk version that fixes the listed ids; key "0" means the ids never
/// affected the package on that branch. Names are origin (source) packages.
enum AlpineSecDBImport {
    static let source = "alpine-secdb"

    static func run(_ bytes: [UInt8], name: String, into writer: VulnDatabaseWriter) throws(VulnDBError) -> ImportSummary {
        let root = try FeedJSON.parse(bytes, name: name)
        guard let doc = root as? [String: Any], let branch = doc["distroversion"] as? String,
              let packages = doc["packages"] as? [Any] else {
            throw VulnDBError(.badInput, "\(name): expected 'distroversion' and 'packages' (Alpine secdb)")
        }
        let ecosystem = "Alpine:" + (branch.hasPrefix("v") ? branch : "v" + branch)
        var summary = ImportSummary()
        var byID: [String: [StoredAffected]] = [:]
        var names: [String] = []
        for (i, item) in packages.enumerated() {
            guard let pkg = (item as? [String: Any])?["pkg"] as? [String: Any], let pkgName = pkg["name"] as? String else {
                summary.problems.append("\(name): packages[\(i)]: missing pkg.name")
                continue
            }
            names.append(pkgName)
            let secfixes = pkg["secfixes"] as? [String: Any] ?? [:]
            for (version, idsValue) in secfixes where version != "0" {
                let ids = (idsValue as? [Any] ?? []).compactMap { $0 as? String }
                    .flatMap { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
                for id in ids where id.hasPrefix("CVE-") || id.hasPrefix("XSA-") || id.hasPrefix("GHSA-") {
                    byID[id, default: []].append(StoredAffected(
                        ecosystem: ecosystem, name: pkgName,
                        ranges: [StoredRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed(version)])]))
                }
            }
        }
        let clear = try writer.connection.prepare("""
            DELETE FROM affected WHERE ecosystem = ?1 AND name = ?2
              AND record IN (SELECT id FROM records WHERE source = '\(source)')
            """)
        for n in names {
            clear.bind(1, ecosystem)
            clear.bind(2, n)
            try clear.run()
        }
        for id in byID.keys.sorted() {
            let rows = byID[id] ?? []
            try writer.put(StoredRecord(id: id, source: source), affected: rows, replaceAffected: false)
            summary.records += 1
            summary.affected += rows.count
        }
        return summary
    }
}

/// CISA KEV catalog JSON.
enum KEVImport {
    static func run(_ bytes: [UInt8], name: String, into writer: VulnDatabaseWriter) throws(VulnDBError) -> ImportSummary {
        let root = try FeedJSON.parse(bytes, name: name)
        guard let items = (root as? [String: Any])?["vulnerabilities"] as? [Any] else {
            throw VulnDBError(.badInput, "\(name): expected 'vulnerabilities' (CISA KEV catalog)")
        }
        var summary = ImportSummary()
        var entries: [KEVEntry] = []
        for (i, item) in items.enumerated() {
            guard let v = item as? [String: Any], let cve = v["cveID"] as? String, cve.hasPrefix("CVE-") else {
                summary.problems.append("\(name): vulnerabilities[\(i)]: missing cveID")
                continue
            }
            entries.append(KEVEntry(cve: cve, dateAdded: v["dateAdded"] as? String, dueDate: v["dueDate"] as? String,
                                    knownRansomwareUse: v["knownRansomwareCampaignUse"] as? String,
                                    name: v["vulnerabilityName"] as? String))
        }
        try writer.replaceKEV(entries)
        summary.records = entries.count
        return summary
    }
}

/// FIRST EPSS CSV (`#model_version:…` comment line, `cve,epss,percentile` header), plain or gzip.
enum EPSSImport {
    static func run(_ bytes: [UInt8], name: String, into writer: VulnDatabaseWriter, limit: Int) throws(VulnDBError) -> ImportSummary {
        var data = bytes
        if bytes.starts(with: [0x1f, 0x8b]) {
            do { data = try Gunzip.decompress(bytes, limit: limit) } catch {
                throw VulnDBError(.badInput, "\(name): \(error)")
            }
        }
        var summary = ImportSummary()
        var scores: [EPSSScore] = []
        var columns: (cve: Int, epss: Int, percentile: Int?)?
        var lineNo = 0
        for rawLine in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            lineNo += 1
            let line = String(decoding: rawLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            guard let cols = columns else {
                guard let c = fields.firstIndex(of: "cve"), let e = fields.firstIndex(of: "epss") else {
                    throw VulnDBError(.badInput, "\(name):\(lineNo): expected a header with 'cve' and 'epss' columns")
                }
                columns = (c, e, fields.firstIndex(of: "percentile"))
                continue
            }
            guard fields.count > max(cols.cve, cols.epss), let score = Double(fields[cols.epss]),
                  (0...1).contains(score), fields[cols.cve].hasPrefix("CVE-") else {
                summary.problems.append("\(name):\(lineNo): not a 'CVE-…,score' row")
                continue
            }
            let pct = cols.percentile.flatMap { $0 < fields.count ? Double(fields[$0]) : nil }
            scores.append(EPSSScore(cve: fields[cols.cve], score: score, percentile: pct))
        }
        guard columns != nil else { throw VulnDBError(.badInput, "\(name): no EPSS header line") }
        try writer.replaceEPSS(scores)
        summary.records = scores.count
        return summary
    }
}
