import BulkheadCore

/// `RUN --mount=type=secret` used in a way that defeats it: the secret is copied into the layer,
/// or a command reads `/run/secrets/…` without mounting any secret.
struct SecretMountMisuseRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF303", slug: "secret-mount-misuse", title: "Build secret persisted or not mounted",
        severity: .high, category: .secrets,
        rationale: """
            A BuildKit secret mount keeps a credential out of the image only while it stays in the \
            mount: copying it (`cp`, `tee`, `cat … >`) writes it into the layer for anyone who pulls \
            the image. Reading `/run/secrets/…` without a `--mount=type=secret` reads nothing (or a \
            file that was baked into an earlier layer).
            """,
        fix: """
            Use the secret in place, in the same RUN: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`. \
            Never copy it to another path; add the `--mount=type=secret` flag to every RUN that needs it.
            """,
        references: [.url("https://docs.docker.com/build/building/secrets/")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine:3.20\n↓RUN --mount=type=secret,id=token cp /run/secrets/token /app/token",
                "FROM alpine:3.20\n↓RUN --mount=type=secret,id=npmrc cat /run/secrets/npmrc > /root/.npmrc && npm ci",
                "FROM alpine:3.20\n↓RUN TOKEN=$(cat /run/secrets/token) ./deploy.sh",
            ],
            passing: [
                "FROM alpine:3.20\nRUN --mount=type=secret,id=token TOKEN=$(cat /run/secrets/token) ./deploy.sh",
                "FROM node:22-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci",
                "FROM alpine:3.20\nRUN echo hello > /tmp/x",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let run = instruction.effective
        guard run.name == .run, let script = context.script(for: instruction) else { return }
        // Fast path: most RUNs neither mount a secret nor mention /run/secrets.
        let hasSecretMount = run.flags.contains { $0.name == "mount" && ($0.value ?? "").contains("type=secret") }
        guard hasSecretMount || script.script.source.utf8.containsBytes("/run/secrets/") else { return }
        var secretTargets: [String] = []
        for mount in RunMount.all(of: instruction, reading: .optionMap) where mount.type == "secret" {
            secretTargets.append(mount.target ?? "/run/secrets/" + (mount.id ?? ""))
        }
        let mentionsSecretDir = script.script.source.utf8.containsBytes("/run/secrets/")
        if secretTargets.isEmpty {
            if mentionsSecretDir {
                report(Violation(instruction, "RUN reads /run/secrets/ but mounts no secret: add --mount=type=secret,id=…"))
            }
            return
        }
        func isSecretPath(_ s: String) -> Bool {
            secretTargets.contains { !$0.isEmpty && s.contains($0) } || s.contains("/run/secrets/")
        }
        for cmd in script.commands {
            let args = cmd.argumentsWithoutFlags
            switch cmd.program {
            case "cp", "mv", "install", "rsync", "ln":
                if args.dropLast().contains(where: isSecretPath), let dest = args.last, !isSecretPath(dest), dest != "/dev/null" {
                    report(Violation(instruction, "secret \(args.first(where: isSecretPath) ?? "") is copied to \(dest), which stores it in the layer"))
                    return
                }
            case "cat", "tee", "echo", "printf", "base64":
                let readsSecret = args.contains(where: isSecretPath)
                let writesFile = cmd.redirections.contains { ($0.op == ">" || $0.op == ">>" || $0.op == ">|") && !$0.target.hasPrefix("/dev/") }
                if readsSecret && (writesFile || cmd.program == "tee") {
                    let dest = cmd.redirections.first { $0.op.hasPrefix(">") }?.target ?? args.last ?? ""
                    report(Violation(instruction, "secret is written to \(dest), which stores it in the layer"))
                    return
                }
            default:
                continue
            }
        }
    }
}
