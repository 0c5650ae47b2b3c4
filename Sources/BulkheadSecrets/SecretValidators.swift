import Foundation

/// The checks that separate credentials from look-alikes once a pattern has matched: placeholders,
/// references to variables, public material, values of the wrong structure.
public enum SecretValidators {
    // MARK: - Placeholders and references

    /// Whole values that stand for "put the real one here".
    static let placeholderValues: Set<String> = [
        "password", "passw0rd", "passwd", "secret", "token", "changeit", "changeme", "admin", "root", "test", "testing",
        "none", "null", "nil", "true", "false", "undefined", "required", "optional", "string", "hidden", "empty", "blank",
        "value", "pass", "guest", "letmein", "123456", "12345678", "123456789", "qwerty", "username", "user", "default",
        "foobar", "foo", "bar", "anonymous", "anonymous@", "mysecret", "mypassword", "supersecret", "secretkey", "apikey", "api_key", "your_token",
        "xxx", "tbd", "n/a", "na", "redacted", "removed", "masked", "dummy", "sample", "example", "placeholder",
    ]

    /// Fragments that mark a value as a placeholder or documentation.
    static let placeholderFragments: [String] = [
        "example", "changeme", "change_me", "change-me", "changethis", "placeholder", "your_", "your-", "yourpass", "yoursecret",
        "yourtoken", "yourkey", "xxxx", "****", "....", "…", "redacted", "dummy", "sample", "replace", "todo", "fixme",
        "insert_", "insert-", "enter_", "enter-", "_here", "-here", "notreal", "not_real", "not-real", "fake", "password",
        "passwd", "secret_key_here", "<", ">", "lorem", "ipsum", "demo_", "mock", "bogus", "invalid", "test_token", "testtoken",
    ]

    /// Whether `value` is a placeholder, a template, a variable or an empty-looking value.
    public static func isPlaceholder(_ value: String) -> Bool {
        let v = value.lowercased()
        if v.isEmpty || placeholderValues.contains(v) { return true }
        if let f = v.first, "$%{<@&*![(#".contains(f) { return true }
        for marker in ["${", "{{", "$(", "%(", "#{", "<%", "}}", "%s", "%v"] where v.contains(marker) { return true }
        if placeholderFragments.contains(where: { v.contains($0) }) { return true }
        // One character repeated (xxxxxxxx, 00000000, ********).
        if let f = v.first, v.allSatisfy({ $0 == f }) { return true }
        return false
    }

    /// Public or encrypted material that only looks like a key: publishable keys, certificates
    /// (base64 PEM that is not a private key), sops/Vault/Spring-cipher ciphertexts.
    static func isPublicMaterial(_ value: String) -> Bool {
        let v = value.lowercased()
        for p in ["pk_live_", "pk_test_", "pk.", "enc[", "{cipher}", "vault:v", "$ansible_vault", "ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-", "age1"]
            where v.hasPrefix(p) { return true }
        if value.hasPrefix("LS0tLS1CRUdJTi"), let decoded = base64Decode(value.prefix(64 - 64 % 4)),
           let text = String(bytes: decoded, encoding: .utf8), !text.contains("PRIVATE") {
            return true
        }
        return false
    }

    /// A dotted identifier or call (`os.environ`, `config.get(...)`, `self.token`): an expression, not a value.
    static func isExpression(_ value: String) -> Bool {
        let b = Array(value.utf8)
        guard let first = b.first, isIdentStart(first) else { return false }
        // `call(…)`, `config.get(…)`, `env["X"]`: an identifier path followed by a call or subscript.
        if let open = b.firstIndex(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "[") }) {
            return b[..<open].allSatisfy { isIdentStart($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }
        }
        var dots = 0
        var segmentStart = true
        for c in b {
            if c == UInt8(ascii: ".") {
                if segmentStart { return false }
                dots += 1; segmentStart = true
                continue
            }
            if segmentStart { guard isIdentStart(c) else { return false }; segmentStart = false; continue }
            guard isIdentStart(c) || (c >= 0x30 && c <= 0x39) else { return false }
        }
        return dots > 0 && !segmentStart
    }

    static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    /// Source files where an unquoted right-hand side is an expression, not a literal.
    static let codeExtensions: Set<String> = [
        "py", "js", "mjs", "cjs", "jsx", "ts", "tsx", "go", "java", "kt", "kts", "scala", "groovy", "rb", "php", "cs",
        "swift", "c", "h", "cc", "cpp", "hpp", "rs", "dart", "lua", "pl", "pm", "r", "m", "vue", "svelte", "ex", "exs",
    ]

    static func fileExtension(_ path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "" }
        return base[base.index(after: dot)...].lowercased()
    }

    // MARK: - Generic assignments

    /// Key words (whole `_`-separated words of the snake-cased key) that name something about a
    /// secret rather than the secret itself: `password_hash`, `secretName`, `token_ttl`, `checksum/secret`.
    static let metaKeyWords: Set<String> = [
        "hash", "hashed", "length", "len", "min", "max", "type", "url", "uri", "endpoint", "name", "file", "filename", "path",
        "dir", "policy", "prompt", "label", "placeholder", "format", "regex", "pattern", "validator", "reset", "expiry",
        "expires", "expiration", "expire", "ttl", "timeout", "count", "field", "input", "header", "param", "prefix", "suffix",
        "ref", "public", "tokenizer", "csrf", "xsrf", "enabled", "required", "mode", "version", "size", "manager", "provider",
        "class", "method", "algorithm", "algo", "cipher", "scope", "usage", "variable", "location", "arn", "rotation",
        "description", "hint", "message", "error", "strength", "at", "date", "time", "source", "lookup", "mount", "volume",
        "template", "generator", "reader", "writer", "checker", "handler", "request", "response", "encoder", "decoder",
        "plugin", "module", "id", "keyid", "index", "limit", "retry", "cache", "checksum", "digest", "sha", "sha1", "sha256",
        "md5", "fingerprint", "env", "publishable", "site", "certificate", "cert", "ca", "instrumentation", "client_id", "author", "authors", "authority", "email", "tag", "sitekey", "site_key", "bypass", "compass", "key_ref", "secretkeyref", "store_type", "strategy", "kind", "field_name", "param_name",
    ]

    static func keyWords(_ key: String) -> [Substring] {
        snakeCased(key).split(whereSeparator: { $0 == "_" || $0 == "/" || $0 == ":" })
    }

    /// Whether a key names metadata about a secret (see ``metaKeyWords``).
    static func isMetaKey(_ key: String) -> Bool {
        keyWords(key).contains { metaKeyWords.contains(String($0)) }
    }

    /// The generic `key = value` rule's judgement: a literal, not a placeholder, not an expression,
    /// complex enough to be a generated or chosen credential.
    ///
    /// groups: 1 = key, 2 = opening quote (nil when unquoted), 3 = quoted value, 4 = unquoted value.
    static func genericAssignment(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        guard c.groups.count > 4, let rawKey = c.groups[1] else { return .reject }
        let quoted = c.groups[2] != nil
        if !quoted, codeExtensions.contains(fileExtension(c.path)) { return .reject }
        return judgeValue(c.secret, key: rawKey, quoted: quoted)
    }

    /// Whether `value`, assigned to `key`, looks like a chosen or generated credential.
    public static func judgeValue(_ value: String, key rawKey: String, quoted: Bool = true) -> SecretRule.Verdict {
        let key = snakeCased(rawKey)
        if isMetaKey(rawKey) { return .reject }
        // A bare `key`/`keys` (map keys, cache keys, i18n keys) says nothing about secrecy.
        if key == "key" || key == "keys" || key.hasSuffix("/key") || key.hasSuffix(".key") { return .reject }
        if isPublicMaterial(value) { return .reject }
        // An e-mail address (`Author-email: a.b@example.org`).
        if let at = value.firstIndex(of: "@"), value[value.index(after: at)...].contains("."),
           !value[..<at].contains(":") { return .reject }
        if isPlaceholder(value) { return .reject }
        // Unquoted right-hand sides in scripts without a known extension: calls and paths (`Cwd::getcwd()`).
        if !quoted, isExpression(value.replacingOccurrences(of: "::", with: ".").replacingOccurrences(of: "->", with: ".")) { return .reject }
        let v = value.lowercased()
        if v == key || key.hasSuffix(v) { return .reject }
        for p in ["http://", "https://", "file:", "/", "./", "../", "~/", "s3://", "arn:", "sha256:", "sha512-", "sha1-"] where v.hasPrefix(p) {
            return .reject
        }
        var digits = 0, upper = 0, lower = 0, other = 0
        for b in value.utf8 {
            switch b {
            case 0x30...0x39: digits += 1
            case 0x41...0x5A: upper += 1
            case 0x61...0x7A: lower += 1
            default: other += 1
            }
        }
        let letters = upper + lower
        // Numbers, versions, sizes.
        if letters == 0 && digits > 0 && value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }) { return .reject }
        // Generated secrets have digits or mixed case; lower-case words joined by `-`, `_`, `$`
        // (`block_begin`, `no-debconf-config`, a docstring's `geheim$parole`) are identifiers or prose.
        if digits == 0 && (upper == 0 || lower == 0) { return .reject }
        // Words joined by separators, in any script (`API-Schlüssel`, `Client-Geheimnis`): labels, not keys.
        if digits == 0, value.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || "-_ .".unicodeScalars.contains($0) }),
           value.contains(where: { "-_ .".contains($0) }) || value.count < 16 {
            return .reject
        }
        // Words and identifiers (`bearerAuth`, `Secret`) need length and mixed case to count.
        if digits == 0 && other == 0 {
            guard value.count >= 16, upper > 0, lower > 0, Entropy.shannon(value) >= 3.5 else { return .reject }
        }
        if Entropy.shannon(value) < 3.0 { return .reject }
        return .accept
    }

    /// `secretName` → `secret_name`, `DB_PASSWORD` → `db_password`: one spelling for the key checks.
    static func snakeCased(_ key: String) -> String {
        var out = ""
        var previousLower = false
        for ch in key {
            if ch.isUppercase, previousLower { out.append("_") }
            previousLower = ch.isLowercase || ch.isNumber
            out.append(contentsOf: ch.lowercased())
        }
        return out.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
    }

    // MARK: - Structured values

    /// Decodes base64 or base64url (padding optional).
    static func base64Decode(_ text: some StringProtocol) -> [UInt8]? {
        var s = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.utf8.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map { [UInt8]($0) }
    }

    /// A JWT's header must decode to a JSON object naming its algorithm.
    static func jwt(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        guard let dot = c.secret.firstIndex(of: "."), let header = base64Decode(c.secret[..<dot]),
              let object = try? JSONSerialization.jsonObject(with: Data(header)) as? [String: Any],
              let alg = object["alg"] as? String else { return .reject }
        if alg.lowercased() == "none" { return .reject }
        // jwt.io's sample (any signature): documentation, not a credential.
        let parts = c.secret.split(separator: ".")
        if parts.count >= 2, let payload = base64Decode(parts[1]), let text = String(bytes: payload, encoding: .utf8),
           text.contains("John Doe"), text.contains("1234567890") {
            return .reject
        }
        return .verified("header decodes (alg \(alg))")
    }

    /// A `.docker/config.json` `auth` value decodes to `user:password`.
    static func dockerAuth(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        guard let bytes = base64Decode(c.secret), let text = String(bytes: bytes, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return .reject }
        let password = String(text[text.index(after: colon)...])
        guard !password.isEmpty, !isPlaceholder(password) else { return .reject }
        return .verified("decodes to user:password for '\(text[..<colon])'")
    }

    /// base64 of a Docker config: decodes to JSON whose `auths.*.auth` decodes to `user:password`.
    static func base64DockerConfig(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        guard let bytes = base64Decode(c.secret), let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let auths = object["auths"] as? [String: Any] else { return .reject }
        for (registry, entry) in auths {
            guard let auth = (entry as? [String: Any])?["auth"] as? String,
                  case .verified = dockerAuth(SecretRule.Candidate(secret: auth, groups: [], path: c.path, window: c.window)) else { continue }
            return .verified("registry credentials for \(registry)")
        }
        return .reject
    }

    /// A private-key block with a real body: enough base64 once headers and escapes are removed.
    static func privateKeyBlock(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        guard let body = c.groups.count > 4 ? c.groups[4] : nil else { return .reject }
        let unescaped = body.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\r", with: "\n")
        var count = 0
        for line in unescaped.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.contains(":") { continue }  // PEM/PGP headers (Proc-Type, Version)
            for b in t.utf8 {
                switch b {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2B, 0x2F, 0x3D: count += 1
                case 0x20, 0x09, 0x22, 0x27, 0x2C: continue   // spaces, string quotes and commas of source code
                default: return .reject   // placeholders (…, <key>) and prose
                }
            }
        }
        return count >= 64 ? .accept : .reject
    }

    /// base64 of a PEM private key (`client-key-data`, Secret `data:` values).
    static func base64PrivateKey(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        guard let bytes = base64Decode(c.secret.prefix(c.secret.utf8.count - c.secret.utf8.count % 4)),
              let text = String(bytes: bytes.prefix(200), encoding: .utf8) ?? String(bytes: bytes.prefix(199), encoding: .utf8)
        else { return .reject }
        return text.contains("PRIVATE KEY") && c.secret.utf8.count >= 200 ? .verified("decodes to a PEM private key") : .reject
    }

    /// Key/value pairs whose key sits in another group (XML elements, YAML env lists, PHP define):
    /// group 1 = key, last participating group = value; judged like a generic assignment.
    static func keyedValue(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        guard c.groups.count > 1, let key = c.groups[1] else { return .reject }
        return judgeValue(c.secret, key: key)
    }

    /// A value whose key is known to hold a secret (PHP `define('AUTH_KEY', …)`, SQL `PASSWORD '…'`,
    /// `mysql -p…`): only placeholders and low-entropy words are rejected.
    static func strongContext(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        let v = c.secret
        let lowered = v.lowercased()
        if placeholderValues.contains(lowered) || lowered.contains("put your") || lowered.contains("unique phrase") { return .reject }
        for marker in ["${", "{{", "$(", "%(", "#{", "<%", "%s"] where v.contains(marker) { return .reject }
        if v.hasPrefix("$") || v.hasPrefix("<") { return .reject }
        if placeholderFragments.filter({ $0 != "<" && $0 != ">" }).contains(where: { lowered.contains($0) }) { return .reject }
        return v.count >= 6 && Entropy.shannon(v) >= 2.5 ? .accept : .reject
    }

    /// `Server=…;User Id=…;Password=…;` (ADO.NET, ODBC, JDBC properties): the value must sit in a
    /// connection string, not in any `password=` text.
    static func connectionString(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        let w = c.window.lowercased()
        let keys = ["server=", "data source=", "host=", "uid=", "user id=", "user=", "database=", "initial catalog=", "driver="]
        guard w.contains(";") || w.contains("jdbc:") || w.contains("?"), keys.contains(where: { w.contains($0) }) else { return .reject }
        return strongContext(c)
    }

    /// A password in `scheme://user:password@host`.
    static func urlPassword(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        let p = c.secret
        if isPlaceholder(p) { return .reject }
        if p.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && p.utf8.count <= 5 { return .reject }  // host:port@
        if let user = c.groups.count > 1 ? c.groups[1] : nil, user.lowercased() == p.lowercased() { return .reject }
        return .accept
    }

    /// A `.netrc` password.
    static func netrcPassword(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        isPlaceholder(c.secret) ? .reject : .accept
    }

    /// Mixed character classes: random keys have them, prose and identifiers mostly do not.
    static func mixedCase(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        let s = c.secret.utf8
        let lower = s.contains { $0 >= 0x61 && $0 <= 0x7A }
        let upperOrDigit = s.contains { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
        return lower && upperOrDigit && !isPlaceholder(c.secret) ? .accept : .reject
    }

    /// Rejects obvious placeholders only.
    static func notPlaceholder(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        isPlaceholder(c.secret) ? .reject : .accept
    }
}
