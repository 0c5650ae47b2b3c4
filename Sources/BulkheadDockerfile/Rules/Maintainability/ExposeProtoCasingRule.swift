import BulkheadCore

/// BuildKit ExposeProtoCasing: the protocol of an EXPOSE port should be lowercase.
struct ExposeProtoCasingRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF405", slug: "expose-proto-casing", title: "EXPOSE protocol is not lowercase",
        severity: .info, category: .maintainability,
        rationale: """
            Docker accepts `80/TCP`, but records it as `80/tcp`; writing the protocol in lowercase keeps \
            the Dockerfile consistent with what the image metadata says. Style only, hence `info`. Each \
            offending port is reported (after variable expansion).
            """,
        fix: "Write the protocol in lowercase: `EXPOSE 80/tcp 53/udp`.",
        references: [.buildkit("ExposeProtoCasing")],
        examples: RuleExamples(
            triggering: ["FROM alpine\n↓EXPOSE 80/TcP", "FROM alpine\n↓↓EXPOSE 80/TCP 53/UDP 443/tcp"],
            passing: ["FROM alpine\nEXPOSE 80/tcp", "FROM alpine\nEXPOSE 80 53/udp 9000/sctp"],
            hiddenTriggering: [
                // BuildKit's test.
                "FROM scratch\n↓↓EXPOSE 80/TcP 8080/TCP 8080/udp",
                "FROM scratch\nARG PROTO=UDP\n↓EXPOSE 53/$PROTO",
            ],
            hiddenPassing: [
                // An unknown protocol is a build error, not this warning.
                "FROM scratch\nEXPOSE 80/HTTP",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        let escape = context.file.escape
        BuildKitCheck.walkScopes(context.file, visit: { ins, scope in
            for port in BuildKitCheck.exposePorts(ins, scope: scope, escape: escape)
            where port.proto != port.proto.lowercased() {
                report(Violation(ins, "Defined protocol '\(port.raw)' in EXPOSE instruction should be lowercase"))
            }
        })
    }
}
