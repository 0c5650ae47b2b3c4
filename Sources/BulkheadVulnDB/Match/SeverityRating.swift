import BulkheadCore

/// Turns what advisories say about severity into one rating: Bulkhead's own CVSS computation
/// and the publishers' ratings (Debian urgency, Ubuntu priority, GHSA), chosen per
/// ``SeveritySource``; `unknown` when nothing is known.
enum SeverityRating {
    /// A scored vector from an OSV `severity` entry; nil for non-CVSS types or invalid vectors.
    static func cvss(type: String, vector: String) -> VulnerabilityFinding.CVSS? {
        guard type.hasPrefix("CVSS"), let v = try? CVSSVector(parsing: vector) else { return nil }
        return VulnerabilityFinding.CVSS(version: v.version.rawValue, vector: v.vector, score: v.baseScore)
    }

    /// The rating of a vendor's word, nil when it says "not yet rated".
    static func vendorSeverity(_ publisher: String, _ text: String) -> Severity? {
        switch text.lowercased() {
        case "critical": .critical
        case "high", "important": .high
        case "medium", "moderate": .medium
        case "low", "unimportant", "negligible": .low
        default: nil // "not yet assigned", "end-of-life", "untriaged"
        }
    }

    /// Publishers in the order their word counts: distros before GHSA.
    static let vendorOrder = ["debian", "ubuntu", "alpine", "redhat", "ghsa"]

    /// - Parameter distro: the publisher whose rating counts first for an OS package (`debian`
    ///   for Debian packages, `ubuntu`, `redhat`); nil for language packages.
    static func decide(cvss: [VulnerabilityFinding.CVSS], vendor: [String: String], distro: String?,
                       preference: SeveritySource) -> (Severity, String) {
        func fromCVSS() -> (Severity, String)? {
            // v3.x first (what NVD and most feeds rate by), then v4.0, then v2.
            // Several vectors of one version (NVD's and a CNA's): the highest score, then the
            // vector text, so the choice never depends on import order.
            let ordered = cvss.sorted {
                (rank($0.version), -$0.score, $0.vector) < (rank($1.version), -$1.score, $1.vector)
            }
            guard let best = ordered.first, let version = CVSSVersion(rawValue: best.version) else { return nil }
            return (CVSSRating(score: best.score, version: version).severity, "cvss-v\(best.version)")
        }
        func fromVendor(only: String? = nil) -> (Severity, String)? {
            for publisher in vendorOrder where only == nil || publisher == only {
                if let text = vendor[publisher], let s = vendorSeverity(publisher, text) { return (s, publisher) }
            }
            return nil
        }
        let choice: (Severity, String)?
        switch preference {
        case .cvss: choice = fromCVSS() ?? fromVendor()
        case .vendor: choice = (distro.flatMap { fromVendor(only: $0) }) ?? fromVendor() ?? fromCVSS()
        case .auto: choice = (distro.flatMap { fromVendor(only: $0) }) ?? fromCVSS() ?? fromVendor()
        }
        return choice ?? (.unknown, "none")
    }

    private static func rank(_ version: String) -> Int {
        switch version {
        case "3.1": 0
        case "3.0": 1
        case "4.0": 2
        default: 3
        }
    }
}
