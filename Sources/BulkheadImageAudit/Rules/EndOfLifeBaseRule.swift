import BulkheadCore

/// IM009: the base OS release is past its end of life, or is a rolling/unreleased one.
struct EndOfLifeBaseRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM009", "eol-base-os", "End-of-Life or Unpinned Base OS", .high, .supplyChain,
        rationale: "After its end of life a distribution publishes no security fixes: every new CVE stays open forever, and scanners may not even list them. Rolling releases (Debian testing/sid, Alpine edge) change under the same tag and are not supported for production.",
        fix: "Rebase on a supported release (`FROM debian:12-slim`, `alpine:3.22`, `ubuntu:24.04`) and pin it, ideally by digest.",
        triggering: "/etc/os-release: ID=debian VERSION_ID=\"10\" (buster, end of life 2024-06-30)",
        passing: "/etc/os-release: ID=debian VERSION_ID=\"12\"")

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        guard let id = facts.osRelease["ID"]?.lowercased() else { return }
        let version = facts.osRelease["VERSION_ID"] ?? ""
        let pretty = facts.osRelease["PRETTY_NAME"] ?? "\(id) \(version)"
        if version.isEmpty || version.contains("_alpha") || version.contains("edge") {
            if OSLifecycle.tracked.contains(id) {
                report(HygieneViolation("base OS '\(pretty)' is a rolling or unreleased version (no VERSION_ID release to pin)", path: "/etc/os-release"))
            }
            return
        }
        guard let release = OSLifecycle.release(id: id, version: version) else { return }
        if release.endOfLife <= facts.today {
            report(HygieneViolation("base OS '\(pretty)' reached end of life on \(release.endOfLife)\(release.note.map { " (\($0))" } ?? ""): no more security fixes",
                                    path: "/etc/os-release"))
        }
    }
}

/// End-of-life dates of the distributions base images are built on (the last day of security
/// support, LTS included for Debian; standard support for Ubuntu, whose ESM needs a subscription).
/// Sources: wiki.debian.org/LTS, ubuntu.com/about/release-cycle, alpinelinux.org/releases.
enum OSLifecycle {
    struct Release { var endOfLife: String; var note: String? }
    static let tracked: Set<String> = ["debian", "ubuntu", "alpine", "centos"]

    static let table: [String: [String: Release]] = [
        "debian": ["7": .init(endOfLife: "2018-05-31", note: "wheezy"), "8": .init(endOfLife: "2020-06-30", note: "jessie"),
                   "9": .init(endOfLife: "2022-06-30", note: "stretch"), "10": .init(endOfLife: "2024-06-30", note: "buster"),
                   "11": .init(endOfLife: "2026-08-31", note: "bullseye LTS"), "12": .init(endOfLife: "2028-06-30", note: "bookworm LTS"),
                   "13": .init(endOfLife: "2030-06-30", note: "trixie LTS")],
        "ubuntu": ["14.04": .init(endOfLife: "2019-04-25", note: nil), "16.04": .init(endOfLife: "2021-04-30", note: nil),
                   "18.04": .init(endOfLife: "2023-05-31", note: nil), "20.04": .init(endOfLife: "2025-05-29", note: nil),
                   "22.04": .init(endOfLife: "2027-06-01", note: nil), "24.04": .init(endOfLife: "2029-05-31", note: nil),
                   "23.04": .init(endOfLife: "2024-01-25", note: nil), "23.10": .init(endOfLife: "2024-07-11", note: nil),
                   "24.10": .init(endOfLife: "2025-07-10", note: nil), "25.04": .init(endOfLife: "2026-01-15", note: nil),
                   "25.10": .init(endOfLife: "2026-07-09", note: nil)],
        "alpine": ["3.12": .init(endOfLife: "2022-05-01", note: nil), "3.13": .init(endOfLife: "2022-11-01", note: nil),
                   "3.14": .init(endOfLife: "2023-05-01", note: nil), "3.15": .init(endOfLife: "2023-11-01", note: nil),
                   "3.16": .init(endOfLife: "2024-05-23", note: nil), "3.17": .init(endOfLife: "2024-11-22", note: nil),
                   "3.18": .init(endOfLife: "2025-05-09", note: nil), "3.19": .init(endOfLife: "2025-11-01", note: nil),
                   "3.20": .init(endOfLife: "2026-04-01", note: nil), "3.21": .init(endOfLife: "2026-11-01", note: nil),
                   "3.22": .init(endOfLife: "2027-05-01", note: nil), "3.23": .init(endOfLife: "2027-11-01", note: nil)],
        "centos": ["6": .init(endOfLife: "2020-11-30", note: nil), "7": .init(endOfLife: "2024-06-30", note: nil),
                   "8": .init(endOfLife: "2021-12-31", note: nil)],
    ]

    /// Matches the release by major version (Debian, CentOS), major.minor (Alpine, Ubuntu). Alpine
    /// releases older than the table are end of life too.
    static func release(id: String, version: String) -> Release? {
        guard let byVersion = table[id] else { return nil }
        let parts = version.split(separator: ".")
        let major = parts.first.map(String.init) ?? version
        let majorMinor = parts.prefix(2).joined(separator: ".")
        if let r = byVersion[version] ?? byVersion[majorMinor] ?? byVersion[major] { return r }
        if id == "alpine", parts.count >= 2, let ma = Int(parts[0]), let mi = Int(parts[1]), ma == 3, mi < 12 {
            return Release(endOfLife: "2022-05-01", note: "older than 3.12")
        }
        return nil
    }
}
