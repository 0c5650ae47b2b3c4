import BulkheadCore

/// `EXPOSE 22`: an SSH server in a container.
struct SSHPortExposedRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF309", slug: "ssh-port-exposed", title: "SSH port 22 exposed",
        severity: .medium, category: .network,
        rationale: """
            Running sshd in a container adds a long-lived, password- or key-protected entry point \
            that bypasses the orchestrator's access control and audit (`kubectl exec`, `docker exec`), \
            and usually means keys baked into the image.
            """,
        fix: "Remove the SSH server and `EXPOSE 22`; debug with `kubectl exec`/`docker exec` or ephemeral debug containers.",
        references: [.trivy("DS004"), .checkov("CKV_DOCKER_1")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓EXPOSE 22",
                "FROM debian:12\n↓EXPOSE 80 443 22/tcp",
                "FROM debian:12\n↓EXPOSE 20-30",
            ],
            passing: [
                "FROM debian:12\nEXPOSE 80 443",
                "FROM debian:12\nEXPOSE 2222 8022",
                "FROM debian:12\nEXPOSE ${PORT}",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let target = instruction.effective
        guard target.name == .expose, case .words(let ports) = target.arguments else { return }
        for port in ports {
            let spec = port.value.split(separator: "/").first.map(String.init) ?? port.value
            let bounds = spec.split(separator: "-").compactMap { Int($0) }
            let exposes22: Bool
            switch bounds.count {
            case 1: exposes22 = bounds[0] == 22
            case 2: exposes22 = bounds[0] <= 22 && 22 <= bounds[1]
            default: exposes22 = false
            }
            if exposes22 {
                report(Violation(instruction, "EXPOSE \(port.value) publishes the SSH port"))
                return
            }
        }
    }
}
