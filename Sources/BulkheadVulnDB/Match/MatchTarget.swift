import BulkheadCore

/// The operating system of a scanned tree, as far as matching needs it.
public struct Distro: Sendable, Hashable {
    /// os-release `ID` (`debian`, `ubuntu`, `alpine`, `rhel`, `rocky`, `almalinux`, …).
    public var id: String
    public var versionID: String?
    public var idLike: [String]

    public init(id: String, versionID: String?, idLike: [String] = []) {
        self.id = id
        self.versionID = versionID
        self.idLike = idLike
    }

    func isLike(_ family: String) -> Bool { id == family || idLike.contains(family) }

    var major: String? { versionID?.split(separator: ".").first.map(String.init) }

    /// OSV's ecosystem string for this release (`Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19`),
    /// nil for distros matched through several ecosystems (RPM families) or unknown releases.
    public var osvEcosystem: String? {
        switch id {
        case "debian":
            guard let major else { return "Debian:sid" }
            return "Debian:\(major)"
        case "ubuntu":
            guard let v = versionID else { return nil }
            let parts = v.split(separator: ".")
            let lts = parts.count == 2 && parts[1] == "04" && (Int(parts[0]) ?? 1) % 2 == 0
            return "Ubuntu:\(v)\(lts ? ":LTS" : "")"
        case "alpine":
            guard let v = versionID else { return nil }
            let parts = v.split(separator: ".")
            guard parts.count >= 2 else { return nil }
            return "Alpine:v\(parts[0]).\(parts[1])"
        default:
            return nil
        }
    }
}

/// How a scan picks the severity it gates on.
public enum SeveritySource: String, Sendable, Hashable, CaseIterable {
    /// Distro rating for OS packages, CVSS for the rest, falling back to the other.
    case auto
    /// Bulkhead's CVSS computation first (v3.x, then v4.0, then v2), the publisher's rating as fallback.
    case cvss
    /// The publisher's rating first (Debian urgency, Ubuntu priority, GHSA), CVSS as fallback.
    case vendor
}

/// Options of one matching run.
public struct MatchOptions: Sendable, Hashable {
    public var severitySource: SeveritySource = .auto

    public init(severitySource: SeveritySource = .auto) {
        self.severitySource = severitySource
    }
}

/// The result of matching: findings, plus problems that left a usable result (a version that
/// does not parse in its scheme, an OS package without a known distro release).
public struct MatchResult: Sendable, Hashable {
    public var findings: [VulnerabilityFinding]
    public var diagnostics: [Diagnostic]
    /// Packages looked up.
    public var packagesChecked: Int
}
