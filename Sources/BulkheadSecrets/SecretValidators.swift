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
        "foobar", "foo", "bar", "mysecret", "mypassword", "supersecret", "secretkey", "apikey", "api_key", "your_token",
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

    /// A dotted identifier or call (`os.environ`, `config.get(...)`, `self.token`): an expression, not a value.
    static func isExpression(_ value: String) -> Bool {
        let b = Array(value.utf8)
        guard let first = b.first, isIdentStart(first) else { return false }
        if b.contains(UInt8(ascii: "(")) || b.contains(UInt8(ascii: "[")) { return true }
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

    /// Key fragments that name something about a secret rather than the secret itself.
    static let metaKeyFragments: [String] = [
        "hash", "length", "_len", "min_", "_min", "max_", "_max", "_type", "type_", "_url", "url_", "_uri", "uri_",
        "endpoint", "_name", "name_", "_file", "file_", "filename", "path", "_dir", "dir_", "policy", "prompt", "label",
        "placeholder", "format", "regex", "pattern", "valid", "reset", "expir", "ttl", "timeout", "count", "field", "input",
        "header", "param", "prefix", "suffix", "_ref", "ref_", "keyref", "public", "tokeniz", "csrf", "xsrf", "enabled",
        "required", "_mode", "version", "_size", "manager", "provider", "_class", "method", "algorithm", "cipher", "scope",
        "usage", "variable", "env_var", "location", "_arn", "arn_", "rotation", "description", "hint", "message", "error",
        "strength", "_at", "date", "time", "source", "lookup", "mount", "volume", "template", "generator", "reader", "writer",
        "checker", "handler", "request", "response", "encoder", "decoder", "plugin", "module", "_key_id", "keyid", "index",
        "limit", "retry", "cache",
    ]

    /// The generic `key = value` rule's judgement: a literal, not a placeholder, not an expression,
    /// complex enough to be a generated or chosen credential.
    ///
    /// groups: 1 = key, 2 = opening quote (nil when unquoted), 3 = quoted value, 4 = unquoted value.
    static func genericAssignment(_ c: SecretRule.Candidate) -> SecretRule.Verdict {
        guard c.groups.count > 4, let rawKey = c.groups[1] else { return .reject }
        let key = snakeCased(rawKey)
        let quoted = c.groups[2] != nil
        let value = c.secret
        if metaKeyFragments.contains(where: { key.contains($0) }) || key.hasSuffix("_id") {
            return .reject
        }
        if !quoted, codeExtensions.contains(fileExtension(c.path)) { return .reject }
        if isPlaceholder(value) || isExpression(value) { return .reject }
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
