import BulkheadCore

/// IM011: the minimality verdict (distroless / minimal / full), with the reasons.
struct MinimalityRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM011", "minimality", "Image Minimality", .info, .hygiene,
        rationale: "The fewer programs an image carries, the less an intruder can use and the fewer CVEs it accumulates. distroless: no shell and no package manager; minimal: a small base (Alpine, BusyBox, a slim Debian under 100 MiB) without package-manager caches; full: everything else.",
        fix: "Use a multi-stage build whose final stage is distroless or scratch (or Alpine/slim when a shell is needed).",
        triggering: "shell + apt + 190 MiB → full", passing: "no shell, no package manager → distroless")

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        let shell = ImageFacts.shells.first { facts.present.contains($0) }
        let manager = ImageFacts.packageManagers.first { facts.present.contains($0) }
        let bytes = facts.files.reduce(0) { $0 + ($1.kind == .regular ? $1.size : 0) }
        let mib = bytes / (1 << 20)
        let id = facts.osRelease["ID"] ?? "unknown OS"
        var reasons: [String] = []
        let verdict: String
        if shell == nil && manager == nil {
            verdict = "distroless"
            reasons.append("no shell and no package manager")
        } else {
            let small = mib < 100 || id == "alpine"
            verdict = small ? "minimal" : "full"
            if let shell { reasons.append("shell \(shell)") }
            if let manager { reasons.append("package manager \(manager)") }
            reasons.append(id == "alpine" ? "Alpine base" : small ? "under 100 MiB" : "over 100 MiB")
        }
        reasons.append("\(mib) MiB in \(facts.files.filter { $0.kind == .regular }.count) files, base \(facts.osRelease["PRETTY_NAME"] ?? id)")
        report(HygieneViolation("\(verdict): \(reasons.joined(separator: "; "))"))
    }
}
