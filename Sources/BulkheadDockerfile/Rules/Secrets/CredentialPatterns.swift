/// High-confidence credential shapes shared by the Dockerfile secret rules: token prefixes with
/// fixed alphabets and lengths, AWS key ids, private-key blocks and passwords inside URLs.
///
/// Deliberately small and precise (no entropy guessing): a Dockerfile finding must be worth
/// failing a build for. The full detector for layers and manifests is a separate library.
enum CredentialPatterns {
    struct Match: Equatable {
        var kind: String
        var value: String
        var offset: Int
    }

    private struct TokenShape: Sendable {
        var kind: String
        var prefix: String
        var minBody: Int
        var alphabet: @Sendable (UInt8) -> Bool
        let prefixBytes: [UInt8]

        init(kind: String, prefix: String, minBody: Int, alphabet: @escaping @Sendable (UInt8) -> Bool) {
            self.kind = kind
            self.prefix = prefix
            self.minBody = minBody
            self.alphabet = alphabet
            self.prefixBytes = Array(prefix.utf8)
        }
    }

    private static func alnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
    private static func alnumDash(_ b: UInt8) -> Bool { alnum(b) || b == 0x2D || b == 0x5F }
    private static func upperDigit(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) }

    private static let shapes: [TokenShape] = [
        TokenShape(kind: "AWS access key id", prefix: "AKIA", minBody: 16, alphabet: upperDigit),
        TokenShape(kind: "AWS access key id", prefix: "ASIA", minBody: 16, alphabet: upperDigit),
        TokenShape(kind: "GitHub token", prefix: "ghp_", minBody: 36, alphabet: alnum),
        TokenShape(kind: "GitHub token", prefix: "gho_", minBody: 36, alphabet: alnum),
        TokenShape(kind: "GitHub token", prefix: "ghu_", minBody: 36, alphabet: alnum),
        TokenShape(kind: "GitHub token", prefix: "ghs_", minBody: 36, alphabet: alnum),
        TokenShape(kind: "GitHub token", prefix: "github_pat_", minBody: 40, alphabet: alnumDash),
        TokenShape(kind: "GitLab token", prefix: "glpat-", minBody: 20, alphabet: alnumDash),
        TokenShape(kind: "Slack token", prefix: "xoxb-", minBody: 20, alphabet: alnumDash),
        TokenShape(kind: "Slack token", prefix: "xoxp-", minBody: 20, alphabet: alnumDash),
        TokenShape(kind: "Stripe secret key", prefix: "sk_live_", minBody: 24, alphabet: alnum),
        TokenShape(kind: "Stripe restricted key", prefix: "rk_live_", minBody: 24, alphabet: alnum),
        TokenShape(kind: "Google API key", prefix: "AIza", minBody: 35, alphabet: alnumDash),
        TokenShape(kind: "npm token", prefix: "npm_", minBody: 36, alphabet: alnum),
        TokenShape(kind: "PyPI token", prefix: "pypi-AgEIcHlwaS5vcmc", minBody: 50, alphabet: alnumDash),
    ]

    /// Every credential found in `text`, in order. One pass over the bytes: token shapes are only
    /// tried where their first byte occurs.
    static func find(in text: String) -> [Match] {
        let bytes = Array(text.utf8)
        var out: [Match] = []
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            guard firstBytes[Int(b)] else { i += 1; continue }
            var advanced = false
            if i == 0 || !alnum(bytes[i - 1]) {
                for shape in shapes where shape.prefixBytes[0] == b {
                    let p = shape.prefixBytes
                    guard i + p.count <= n else { continue }
                    var same = true
                    for k in 1..<p.count where bytes[i + k] != p[k] { same = false; break }
                    guard same else { continue }
                    var j = i + p.count
                    while j < n, shape.alphabet(bytes[j]) { j += 1 }
                    if j - i - p.count >= shape.minBody {
                        out.append(Match(kind: shape.kind, value: String(decoding: bytes[i..<j], as: UTF8.self), offset: i))
                        i = j
                        advanced = true
                        break
                    }
                }
            }
            if !advanced { i += 1 }
        }
        if let begin = text.firstRange(of: "-----BEGIN "), text[begin.upperBound...].prefix(40).contains("PRIVATE KEY-----") {
            out.append(Match(kind: "private key", value: "-----BEGIN … PRIVATE KEY-----",
                             offset: text.utf8.distance(from: text.utf8.startIndex, to: begin.lowerBound)))
        }
        out += urlPasswords(bytes)
        return out.sorted { $0.offset < $1.offset }
    }

    /// Which bytes can start a token shape.
    private static let firstBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for shape in shapes { table[Int(shape.prefixBytes[0])] = true }
        return table
    }()

    /// `scheme://user:password@host` with a literal (non-variable) password.
    private static func urlPasswords(_ b: [UInt8]) -> [Match] {
        var out: [Match] = []
        var i = 0
        while i + 3 <= b.count {
            guard b[i] == 0x3A, i + 2 < b.count, b[i + 1] == 0x2F, b[i + 2] == 0x2F else { i += 1; continue }
            var j = i + 3
            var colon = -1
            var at = -1
            while j < b.count {
                let c = b[j]
                if c == 0x2F || c == 0x20 || c == 0x22 || c == 0x27 || c == 0x0A || c == 0x09 { break }
                if c == 0x3A, colon < 0 { colon = j }
                if c == 0x40 { at = j; break }
                j += 1
            }
            if colon > i + 3, at > colon + 1 {
                let password = Array(b[(colon + 1)..<at])
                let isVariable = password.first == 0x24 || password.contains(0x24) || password == Array("***".utf8)
                if !isVariable {
                    out.append(Match(kind: "password in URL", value: String(decoding: b[(i + 3)..<at], as: UTF8.self),
                                     offset: i + 3))
                }
            }
            i = max(j, i + 1)
        }
        return out
    }

    /// A redacted rendering: first and last few characters only.
    static func redact(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + "…" + String(chars.suffix(2))
    }
}
