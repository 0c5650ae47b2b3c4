import BulkheadCore

/// IM002: a shell is in the final image.
struct ShellPresentRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM002", "shell-present", "Shell Present in the Final Image", .low, .hygiene,
        rationale: "A shell is what an attacker who gets code execution reaches for first (`sh -c 'curl … | sh'`), and what `kubectl exec` needs. Distroless and scratch images leave it out.",
        fix: "Build in one stage and copy only the application into a distroless or scratch final stage (`FROM gcr.io/distroless/static`).",
        references: [],
        triggering: "/bin/sh or /bin/bash exists (symlinks followed)", passing: "no shell in the final image (distroless, scratch)")

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        let shells = ImageFacts.shells.filter { facts.present.contains($0) }
        guard !shells.isEmpty else { return }
        report(HygieneViolation("shell present: \(shells.joined(separator: ", "))", path: shells[0]))
    }
}
