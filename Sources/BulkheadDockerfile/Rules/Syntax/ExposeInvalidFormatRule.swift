import BulkheadCore

/// BuildKit ExposeInvalidFormat: `EXPOSE` takes container ports only, not `ip:host:container`
/// mappings.
struct ExposeInvalidFormatRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF404", slug: "expose-invalid-format", title: "EXPOSE defines an IP address or host-port mapping",
        severity: .low, category: .syntax,
        rationale: """
            `EXPOSE` documents the ports the container listens on. An IP address or a host port \
            (`127.0.0.1:80:80`, `8080:80`) has no effect there: publishing is decided by `docker run -p`. \
            BuildKit warns that this will become an error in a future release, so it is rated `low` \
            rather than style. Each offending port is reported (after variable expansion).
            """,
        fix: "Keep only the container port and protocol (`EXPOSE 80` or `EXPOSE 80/udp`); map host ports with `docker run -p`.",
        references: [.buildkit("ExposeInvalidFormat")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine\n↓EXPOSE 127.0.0.1:80:80",
                "FROM alpine\n↓EXPOSE 80:80",
                "FROM alpine\n↓↓EXPOSE 8080:80/tcp [::1]:9000:9000 443",
            ],
            passing: ["FROM alpine\nEXPOSE 80", "FROM alpine\nEXPOSE 80/udp 443/tcp 8000-8010"],
            hiddenTriggering: [
                // BuildKit's test: one warning per offending port.
                "FROM scratch\n↓↓↓EXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000",
                // After expansion.
                "FROM scratch\nARG PORTS=\"80:80 443\"\n↓EXPOSE $PORTS",
            ],
            hiddenPassing: [
                "FROM scratch\nARG PORT=8080\nEXPOSE $PORT",
                // The value is not known statically.
                "FROM someimage\nEXPOSE $PORT",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        let escape = context.file.escape
        BuildKitCheck.walkScopes(context.file, visit: { ins, scope in
            for port in BuildKitCheck.exposePorts(ins, scope: scope, escape: escape)
            where !port.ip.isEmpty || !port.hostPort.isEmpty {
                report(Violation(ins, "EXPOSE instruction should not define an IP address or host-port mapping, found '\(port.raw)'"))
            }
        })
    }
}
