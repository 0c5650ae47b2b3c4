import BulkheadCore
import BulkheadSecrets

/// A credential (token, key, password in a URL) written into the Dockerfile itself, as the shared
/// secret detector (``SecretDetector``) finds it in image layers and manifests: its specific rules
/// only (secret-named ARG/ENV without a recognisable value are DF301's).
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
                "FROM alpine:3.20\nARG KEY=↓AKIAZREP52A4IDFX465H",
                "FROM alpine:3.20\nRUN git clone https://deploy:↓s3cr3tpass@git.example.com/app.git",
            ],
            passing: [
                "FROM alpine:3.20\nARG GITHUB_TOKEN\nENV URL=https://example.com/app",
                "FROM alpine:3.20\nRUN git clone https://${USER}:${TOKEN}@git.example.com/app.git",
                "FROM alpine:3.20\nRUN --mount=type=secret,id=token cat /run/secrets/token",
            ],
            hiddenPassing: ["FROM alpine:3.20\nENV PATH=/usr/local/bin:$PATH KEY=AKIA123",
                            "FROM alpine:3.20\nARG KEY=AKIAIOSFODNN7EXAMPLE"]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let target = instruction.effective
        switch target.name {
        case .env, .label, .arg, .run, .cmd, .entrypoint, .healthcheck:
            // Scan the logical line once; matches map back to their exact position.
            let matches = SecretDetector.specificMatches(in: instruction.text)
            for m in matches.prefix(1) {
                report(Violation(instruction, offset: m.offset,
                                 "\(m.title) in \(target.name.rawValue.uppercased()): '\(m.redacted)' is stored in the image"))
            }
            if matches.isEmpty {
                for doc in target.heredocs {
                    guard let m = SecretDetector.specificMatches(in: doc.content).first else { continue }
                    report(Violation(instruction, "\(m.title) in heredoc '\(doc.name)': '\(m.redacted)' is stored in the image"))
                    break
                }
            }
        default:
            return
        }
    }
}
