import BulkheadCore
import BulkheadSecrets

/// IM010: environment variables named like credentials, with values, in the image config.
struct CredentialEnvRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM010", "credential-in-env", "Credential-Named Variable Set in Image Config", .high, .secrets,
        rationale: "`ENV` values are part of the image config: `docker inspect` shows them to anyone who can pull the image, and every container inherits them. A variable named like a password or token with a value baked in is a secret shipped with the image, whatever the value looks like.",
        fix: "Remove the `ENV` (and any `ARG` default) and inject the value at run time (Kubernetes Secret, `docker run -e`); rotate it if it was real.",
        triggering: "config.Env: [\"DB_PASSWORD=hunter22\"]", passing: "config.Env: [\"DB_PASSWORD_FILE=/run/secrets/db\"]")

    static let sensitive = ["password", "passwd", "secret", "token", "api_key", "apikey", "access_key", "private_key", "credential"]
    static let harmless = ["_file", "_path", "_dir", "_url", "_name", "_type", "_ttl", "_timeout", "_length", "_id"]

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        for e in facts.metadata.env {
            guard let eq = e.firstIndex(of: "=") else { continue }
            let name = String(e[..<eq])
            let value = String(e[e.index(after: eq)...])
            let key = name.lowercased()
            guard Self.sensitive.contains(where: { key.contains($0) }), !Self.harmless.contains(where: { key.hasSuffix($0) }),
                  !value.isEmpty, !SecretValidators.isPlaceholder(value) else { continue }
            report(HygieneViolation("Env \(name) has a value baked into the image config ('\(SecretRedaction.redact(value))')"))
        }
    }
}
