import BulkheadCore

/// A fixed report built from Core values only, so writer goldens do not move when rules change.
enum ReportFixtures {
    static let latest = RuleMetadata(
        id: "DF107", slug: "no-latest-tag", title: "Base image uses the 'latest' tag", severity: .medium,
        category: .supplyChain, rationale: "'latest' moves: two builds can ship different software.",
        fix: "Pin a release tag or a digest.", references: [.hadolint("DL3007")],
        examples: RuleExamples(triggering: ["↓FROM debian:latest"], passing: ["FROM debian:12"]))
    static let curl = RuleMetadata(
        id: "DF304", slug: "curl-pipe-shell", title: "Remote script piped into a shell", severity: .high,
        category: .supplyChain, rationale: "Runs whatever the server sends, unverified.",
        fix: "Download, verify a checksum, then run.", references: [.checkov("CKV2_DOCKER_1")],
        examples: RuleExamples(triggering: ["RUN ↓curl x | sh"], passing: ["RUN curl -o f x"]))

    static func finding(_ meta: RuleMetadata, _ file: String, _ line: Int, _ column: Int, _ message: String) -> Finding {
        Finding(ruleID: meta.id, severity: meta.severity, title: meta.title, message: message,
                location: SourceLocation(file: file, line: line, column: column), fix: meta.fix,
                aliases: meta.references.compactMap { $0.aliasID?.rawValue },
                fingerprint: Finding.computeFingerprint(ruleID: meta.id, file: file, context: message))
    }

    static var withFindings: Report {
        Report(
            tool: .init(version: "0.1.0"),
            targets: [
                Report.Target(
                    name: "app/Dockerfile", kind: .dockerfile,
                    findings: [
                        finding(curl, "app/Dockerfile", 3, 5, "curl output is executed by a shell without verification"),
                        finding(latest, "app/Dockerfile", 1, 1, "Base image 'debian:latest' uses the 'latest' tag & <stuff>"),
                    ],
                    diagnostics: [Diagnostic(code: "unknown-rule", level: .warning,
                                             message: "ignore pragma names unknown rule 'XX1'",
                                             location: SourceLocation(file: "app/Dockerfile", line: 2))],
                    suppressed: [finding(latest, "app/Dockerfile", 7, 1, "Base image 'alpine:latest' uses the 'latest' tag")]),
                Report.Target(name: "clean/Dockerfile", kind: .dockerfile, findings: []),
                Report.Target(name: "broken dir/Dockerfile", kind: .dockerfile, findings: [], diagnostics: [
                    Diagnostic(code: "parse-error.unknown-instruction", level: .error, message: "unknown instruction: FORM",
                               location: SourceLocation(file: "broken dir/Dockerfile", line: 1, column: 1)),
                ]),
            ],
            rules: [curl, latest])
    }

    static var clean: Report {
        Report(tool: .init(version: "0.1.0"),
               targets: [Report.Target(name: "Dockerfile", kind: .dockerfile, findings: [])], rules: [latest])
    }
}
