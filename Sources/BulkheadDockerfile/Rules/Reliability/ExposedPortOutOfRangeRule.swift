import BulkheadCore

/// DL3011: `EXPOSE` of a port above 65535.
struct ExposedPortOutOfRangeRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF111", slug: "exposed-port-out-of-range", title: "EXPOSE port out of range",
        severity: .high, category: .reliability,
        rationale: """
            TCP and UDP ports are 16-bit numbers: anything above 65535 cannot be exposed or \
            published, and usually means a typo or two ports run together.
            """,
        fix: "Use a port between 0 and 65535: `EXPOSE 8080` or a range `EXPOSE 40000-40100/tcp`.",
        references: [.hadolint("DL3011")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓EXPOSE 80000",
                "FROM debian:12\n↓EXPOSE 40000-80000/tcp",
                "FROM debian:12\n↓EXPOSE 80 443 8080443",
            ],
            passing: [
                "FROM debian:12\nEXPOSE 60000",
                "FROM debian:12\nEXPOSE ${PORT}",
                "FROM debian:12\nEXPOSE 40000-${MAX_PORT}",
                "FROM debian:12\nEXPOSE 53/udp 65535",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .expose, case .words(let words) = instruction.arguments else { return }
        for word in words {
            let port = word.value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let invalid = port.split(separator: "-", omittingEmptySubsequences: false).contains { part in
                guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
                return Int(part).map { $0 > 65535 } ?? true
            }
            if invalid {
                report(Violation(instruction, "Valid UNIX ports range from 0 to 65535 (EXPOSE \(word.value))"))
                return
            }
        }
    }
}
