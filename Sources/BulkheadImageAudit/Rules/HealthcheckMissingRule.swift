import BulkheadCore

/// IM007: no HEALTHCHECK.
struct HealthcheckMissingRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM007", "healthcheck-missing", "No HEALTHCHECK", .info, .reliability,
        rationale: "Docker and Compose restart or route around unhealthy containers only if the image says how to check them. (Kubernetes ignores HEALTHCHECK and uses probes in the pod spec.)",
        fix: "Add `HEALTHCHECK CMD [\"/app/healthcheck\"]` (or probes in the Kubernetes manifest), or `HEALTHCHECK NONE` to state it is deliberate.",
        references: [.trivy("DS026")],
        triggering: "config.Healthcheck absent", passing: "config.Healthcheck.Test: [\"CMD\", \"/app/healthcheck\"] or [\"NONE\"]")

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        guard facts.metadata.healthcheck == nil else { return }
        report(HygieneViolation("the image config declares no HEALTHCHECK"))
    }
}
