import BulkheadCore

/// COPY/ADD of private keys, `.env` files and credential stores into the image.
struct CredentialFileCopiedRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF308", slug: "credential-file-copied", title: "Private key or credential file copied into the image",
        severity: .high, category: .secrets,
        rationale: """
            Files copied into a layer stay in the image even if a later step deletes them. SSH and \
            TLS private keys, `.env` files, cloud credentials, `.npmrc`/`.pypirc`/`.netrc` tokens \
            and Docker or Kubernetes client configs give whoever pulls the image the same access as \
            the build machine.
            """,
        fix: """
            Keep credentials out of the build context (`.dockerignore`), mount them only for the \
            step that needs them (`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc …` or \
            `--mount=type=ssh`), and inject runtime secrets from the orchestrator.
            """,
        references: [.trivy("secret scanning"), .cis("CIS Docker 4.10")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine:3.20\n↓COPY id_rsa /root/.ssh/id_rsa",
                "FROM node:22-slim\n↓COPY .npmrc package.json ./",
                "FROM python:3.12-slim\n↓ADD .env /app/.env",
                "FROM alpine:3.20\n↓COPY certs/server.key /etc/ssl/private/",
            ],
            passing: [
                "FROM alpine:3.20\nCOPY id_rsa.pub /root/.ssh/authorized_keys",
                "FROM node:22-slim\nCOPY package.json package-lock.json ./",
                "FROM python:3.12-slim\nCOPY .env.example /app/",
                "FROM alpine:3.20\nCOPY --from=build /app/server /usr/local/bin/",
            ]))

    /// File names that hold credentials; matched on the last path component.
    static let exactNames: Set<String> = [
        "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".env", ".npmrc", ".pypirc", ".netrc", "_netrc",
        ".git-credentials", "credentials", ".dockercfg", "kubeconfig", ".htpasswd", "secrets.yml",
        "secrets.yaml", "terraform.tfstate", ".pgpass", ".my.cnf", "service-account.json",
    ]
    static let suffixes = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".asc", ".gpg", ".tfvars"]
    static let pathFragments = [".ssh/", ".aws/", ".docker/config.json", ".kube/config", ".gnupg/", ".azure/", ".config/gcloud/"]
    static let safeSuffixes = [".pub", ".example", ".sample", ".template", ".dist", ".tmpl"]

    static func credentialReason(_ source: String) -> String? {
        let path = source.hasSuffix("/") ? String(source.dropLast()) : source
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let lower = name.lowercased()
        if safeSuffixes.contains(where: lower.hasSuffix) { return nil }
        if lower.hasPrefix(".env.") && lower != ".env.local" && lower != ".env.production" { return nil }
        if exactNames.contains(lower) || lower == ".env.local" || lower == ".env.production" { return "credential file '\(name)'" }
        if suffixes.contains(where: lower.hasSuffix) { return "key or certificate store '\(name)'" }
        if let fragment = pathFragments.first(where: { (path + "/").contains($0) }) { return "credential path '\(fragment)'" }
        return nil
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let target = instruction.effective
        guard target.name == .copy || target.name == .add, target.flag("from") == nil,
              case .files(let files) = target.arguments else { return }
        for source in files.sources {
            let v = source.value.lowercased()
            if v.hasPrefix("http://") || v.hasPrefix("https://") { continue }
            if let reason = Self.credentialReason(source.value) {
                report(Violation(instruction, "\(target.name.rawValue.uppercased()) copies \(reason) into the image"))
                return
            }
        }
    }
}
