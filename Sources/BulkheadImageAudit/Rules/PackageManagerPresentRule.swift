import BulkheadCore

/// IM003: an OS package manager is in the final image.
struct PackageManagerPresentRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM003", "package-manager-present", "Package Manager Present in the Final Image", .low, .hygiene,
        rationale: "A package manager lets an intruder install tools into a running container, and its database and caches add size and scanner noise. Runtime images rarely need one.",
        fix: "Install packages in a build stage and copy the results into a minimal final stage; or remove the package manager in the last layer of a single-stage build.",
        triggering: "/usr/bin/apt-get, /usr/bin/dpkg or /sbin/apk exists", passing: "no package manager in the final image")

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        let found = ImageFacts.packageManagers.filter { facts.present.contains($0) }
        guard !found.isEmpty else { return }
        report(HygieneViolation("package manager present: \(found.joined(separator: ", "))", path: found[0]))
    }
}
