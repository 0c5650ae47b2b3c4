import BulkheadCore

/// IM001: the image runs as root (no `USER`, or user 0/root).
struct RootUserRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM001", "image-runs-as-root", "Image Runs as Root", .high, .privilege,
        rationale: "Without a `USER`, every container of the image runs as root: a process escape or a mounted host path is then root's. Pod Security `restricted` rejects such pods unless the manifest overrides the user.",
        fix: "Create an unprivileged user in the Dockerfile and end with `USER 10001` (numeric, so `runAsNonRoot` can verify it).",
        references: [.trivy("DS002"), .hadolint("DL3002"), .cis("CIS Docker 4.1")],
        triggering: "config.User: \"\" (unset), \"0\", \"root\" or \"0:0\"", passing: "config.User: \"10001\" or \"app\"")

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        let user = (facts.metadata.user ?? "").trimmingCharacters(in: .whitespaces)
        let name = user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        if user.isEmpty {
            report(HygieneViolation("the image config sets no User: containers run as root"))
        } else if name == "0" || name == "root" {
            report(HygieneViolation("the image config sets User '\(user)': containers run as root"))
        }
    }
}
