import Foundation
import BulkheadCore
import BulkheadSecrets

enum SecretRules {
    /// Names that say "this value is a credential" (env var names, ConfigMap keys).
    static func looksLikeSecretName(_ name: String) -> Bool {
        let n = name.uppercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
        let words = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "BEARER", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY",
                     "CREDENTIAL", "AUTH_KEY", "CLIENT_SECRET", "DB_PASS", "PASSPHRASE", "OCI_CLI_KEY_CONTENT"]
        let azureKey = n.hasPrefix("AZURE_") && n.hasSuffix("KEY")
        guard azureKey || words.contains(where: n.contains) else { return false }
        // Names of references and files rather than values.
        return !["_FILE", "_PATH", "_NAME", "_URL_ENV", "_SECRET_NAME", "_REF"].contains(where: n.hasSuffix)
    }

    /// Values that are credentials whatever their name, as the shared detector sees them (the same
    /// rules as image layers and Dockerfiles: token formats, keys, passwords in URLs …).
    /// A private-key header counts on its own here (Polaris's `sensitive…Content` checks do the
    /// same): key material has no business in an env var or a ConfigMap, whatever its body.
    static func looksLikeSecretValue(_ value: String) -> Bool {
        // Searched as UTF-8 bytes: `String.contains` here would be Foundation's CFString search,
        // slow on the megabyte dashboards some ConfigMaps hold.
        if value.utf8.contains("PRIVATE KEY".utf8), value.utf8.contains("BEGIN".utf8) { return true }
        return !SecretDetector.specificMatches(in: value).isEmpty
    }

    /// Values that are not literal credentials: empty, references to other variables
    /// (`$(DB_PASSWORD)`, `${…}`), templates (`{{ … }}`), `<placeholders>`, booleans.
    static func isPlaceholder(_ value: String) -> Bool {
        // Trim without Foundation (values can be megabytes: dashboards in ConfigMaps).
        var start = value.startIndex, end = value.endIndex
        while start < end, value[start] == " " || value[start] == "\t" { start = value.index(after: start) }
        while end > start, value[value.index(before: end)] == " " || value[value.index(before: end)] == "\t" {
            end = value.index(before: end)
        }
        let v = value[start..<end]
        return v.isEmpty || v.hasPrefix("$(") || v.hasPrefix("${") || v.hasPrefix("{{") || (v.hasPrefix("<") && v.hasSuffix(">"))
            || ["true", "false"].contains(v.lowercased())
    }

    static let envLiteral = ContainerRule(metadata: kubeRule(
        "KS401", "secret-in-env", "Credential written in an environment variable", .high, .secrets,
        rationale: "A literal credential in a manifest is in git history, in `kubectl get -o yaml`, and in every place the manifest travels.",
        fix: "Store it in a Secret (or an external secret manager) and reference it with `valueFrom.secretKeyRef` or a mounted file.",
        references: [.checkov("CKV_K8S_35"), .trivy("KSV109")]), scope: .all) { c, path, _, _ in
        (c["env"]?.items ?? []).enumerated().compactMap { i, e in
            guard let name = e["name"]?.string, let value = e["value"]?.string, !isPlaceholder(value),
                  looksLikeSecretName(name) || looksLikeSecretValue(value) else { return nil }
            return KubeHit("container '\(containerName(c))' sets \(name) to a literal value (\(redact(value)))",
                           at: e["value"], path: "\(path).env[\(i)].value", fallback: e)
        }
    }

    static func redact(_ value: String) -> String {
        value.count <= 8 ? String(repeating: "*", count: value.count) : "\(value.prefix(3))…\(value.suffix(2))"
    }

    static let configMap = ObjectRule(metadata: kubeRule(
        "KS402", "secret-in-configmap", "Credential stored in a ConfigMap", .high, .secrets,
        rationale: "ConfigMaps are not secret: readable with ordinary RBAC, printed in logs and diffs, never encrypted at rest.",
        fix: "Move the value to a Secret or a secret manager.", references: [.trivy("KSV109")])) { doc, _ in
        guard doc.kind == "ConfigMap" else { return [] }
        return (doc.root["data"]?.entries ?? []).compactMap { e in
            // Cheap checks first: the key's name, then short values only (a credential is not a
            // megabyte dashboard).
            guard let value = e.value.string, value.utf8.count < 16_384 else { return nil }
            guard looksLikeSecretName(e.key) ? !value.contains("\n") : looksLikeSecretValue(value),
                  !isPlaceholder(value) else { return nil }
            return KubeHit("key '\(e.key)' holds a credential (\(redact(value)))", key: e, path: "data.\(e.key)")
        }
    }

    static let committedSecret = ObjectRule(metadata: kubeRule(
        "KS403", "secret-object-with-data", "Secret object committed with its data", .medium, .secrets,
        rationale: "A Secret manifest with data or stringData puts the credential in the repository (base64 is not encryption).",
        fix: "Generate Secrets at deploy time (External Secrets, Sealed Secrets, SOPS) instead of committing them.",
        references: [.url("https://kubernetes.io/docs/concepts/security/secrets-good-practices/")])) { doc, _ in
        guard doc.kind == "Secret" else { return [] }
        let entries = (doc.root["data"]?.entries ?? []) + (doc.root["stringData"]?.entries ?? [])
        let real = entries.filter { !($0.value.string.map(isPlaceholder) ?? true) }
        guard let first = real.first else { return [] }
        return [KubeHit("commits \(real.count) secret value\(real.count == 1 ? "" : "s") (\(real.map(\.key).joined(separator: ", ")))",
                        key: first, path: "data.\(first.key)")]
    }

    static let envFromSecret = ContainerRule(metadata: kubeRule(
        "KS404", "secret-as-environment", "Secret exposed as environment variables", .info, .secrets,
        rationale: "Environment variables leak into child processes, crash dumps and debug endpoints; files mounted from a Secret do not, and rotate without a restart.",
        fix: "Mount the Secret as a volume and read the file.", references: [.checkov("CKV_K8S_35")]), scope: .all) { c, path, _, _ in
        var hits: [KubeHit] = []
        for (i, e) in (c["envFrom"]?.items ?? []).enumerated() where e["secretRef"] != nil {
            hits.append(KubeHit("container '\(containerName(c))' loads Secret '\(e[path: "secretRef.name"]?.string ?? "?")' into its environment",
                                at: e["secretRef"], path: "\(path).envFrom[\(i)].secretRef", fallback: e))
        }
        for (i, e) in (c["env"]?.items ?? []).enumerated() where e[path: "valueFrom.secretKeyRef"] != nil {
            hits.append(KubeHit("container '\(containerName(c))' reads Secret key into \(e["name"]?.string ?? "?")",
                                at: e["valueFrom"], path: "\(path).env[\(i)].valueFrom.secretKeyRef", fallback: e))
        }
        return hits
    }

    static let all: [any KubeRule] = [envLiteral, configMap, committedSecret, envFromSecret]
}
