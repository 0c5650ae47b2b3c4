import BulkheadCore
import Testing

@Suite("Severity and rule ids")
struct SeverityTests {
    @Test("severities order from unknown to critical")
    func ordering() {
        #expect(Severity.allCases.sorted() == [.unknown, .info, .low, .medium, .high, .critical])
        #expect(Severity.high > .medium)
    }

    @Test("Hadolint levels parse to severities", arguments: zip(
        ["error", "warning", "info", "style", "HIGH", "critical"],
        [Severity.high, .medium, .info, .info, .high, .critical]))
    func hadolintLevels(_ text: String, _ expected: Severity) {
        #expect(Severity(parsing: text) == expected)
    }

    @Test("garbage is not a severity")
    func garbage() {
        #expect(Severity(parsing: "bad") == nil)
    }

    @Test("well-formed ids are two letters and three digits")
    func ids() {
        #expect(RuleID("DF107").isWellFormed)
        #expect(!RuleID("DL3007").isWellFormed)
        #expect(!RuleID("df107").isWellFormed)
        #expect(RuleID("DF107").family == "DF")
    }

    @Test("fingerprints are stable and depend on every part")
    func fingerprints() {
        let a = Finding.computeFingerprint(ruleID: "DF107", file: "Dockerfile", context: "FROM debian:latest")
        #expect(a == Finding.computeFingerprint(ruleID: "DF107", file: "Dockerfile", context: "FROM debian:latest"))
        #expect(a.count == 16)
        #expect(a != Finding.computeFingerprint(ruleID: "DF108", file: "Dockerfile", context: "FROM debian:latest"))
        #expect(a != Finding.computeFingerprint(ruleID: "DF107", file: "x/Dockerfile", context: "FROM debian:latest"))
        #expect(a != Finding.computeFingerprint(ruleID: "DF107", file: "Dockerfile", context: "FROM debian:latest", occurrence: 1))
        // FNV-1a 64 of the empty string is its offset basis: an independent check of the hash.
        #expect(FNV1a64().hexDigest == "cbf29ce484222325")
    }
}

@Suite("References")
struct ReferenceTests {
    @Test("BuildKit check names become their docs URL slugs", arguments: zip(
        ["FromAsCasing", "JSONArgsRecommended", "UndefinedVar", "NoEmptyContinuation"],
        ["from-as-casing", "json-args-recommended", "undefined-var", "no-empty-continuation"]))
    func kebab(_ name: String, _ slug: String) {
        #expect(Reference.buildkit(name).url == "https://docs.docker.com/reference/build-checks/\(slug)/")
    }
}
