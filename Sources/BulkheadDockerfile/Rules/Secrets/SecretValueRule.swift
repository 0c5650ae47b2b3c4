import BulkheadCore

/// A credential (token, key, password in a URL) written into the Dockerfile itself.
struct SecretValueRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF302", slug: "secret-value", title: "Credential written into the Dockerfile",
        severity: .high, category: .secrets,
        rationale: """
            Values of ENV, ARG defaults and LABELs are stored in the image config, and RUN command \
            lines in its history: anyone who can pull the image can read them with `docker history` \
            or `docker inspect`. A token committed in a Dockerfile is also in the repository forever.
            """,
        fix: """
            Pass credentials at build time with `RUN --mount=type=secret,id=token …` (BuildKit secrets), \
            or at run time from the orchestrator's secret store; rotate the leaked credential.
            """,
        references: [.trivy("DS031"), .cis("CIS Docker 4.10")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine:3.20\nENV GITHUB_TOKEN=↓ghp_0123456789abcdefghijABCDEFGHIJ012345",
                "FROM alpine:3.20\nARG KEY=↓AKIAIOSFODNN7EXAMPLE",
                "FROM alpine:3.20\nRUN git clone https://↓deploy:s3cr3tpass@git.example.com/app.git",
            ],
            passing: [
                "FROM alpine:3.20\nARG GITHUB_TOKEN\nENV URL=https://example.com/app",
                "FROM alpine:3.20\nRUN git clone https://${USER}:${TOKEN}@git.example.com/app.git",
                "FROM alpine:3.20\nRUN --mount=type=secret,id=token cat /run/secrets/token",
            ],
            hiddenPassing: ["FROM alpine:3.20\nENV PATH=/usr/local/bin:$PATH KEY=AKIA123"]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let target = instruction.effective
        switch target.name {
        case .env, .label, .arg, .run, .cmd, .entrypoint, .healthcheck:
            // Scan the logical line once; matches map back to their exact position.
            let matches = CredentialPatterns.find(in: instruction.text)
            for m in matches.prefix(1) {
                report(Violation(instruction, offset: m.offset,
                                 "\(m.kind) in \(target.name.rawValue.uppercased()): '\(CredentialPatterns.redact(m.value))' is stored in the image"))
            }
            if matches.isEmpty, let doc = target.heredocs.first(where: { !CredentialPatterns.find(in: $0.content).isEmpty }) {
                let m = CredentialPatterns.find(in: doc.content)[0]
                report(Violation(instruction, "\(m.kind) in heredoc '\(doc.name)': '\(CredentialPatterns.redact(m.value))' is stored in the image"))
            }
        default:
            return
        }
    }
}
