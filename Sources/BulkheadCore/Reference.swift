/// Something a rule corresponds to outside Bulkhead: a peer tool's rule id, a standard, a URL.
public enum Reference: Sendable, Hashable, Codable {
    /// A Hadolint rule (`DL3008`); its id is accepted as an alias.
    case hadolint(String)
    /// A BuildKit build check (`FromAsCasing`); its name is accepted as an alias.
    case buildkit(String)
    /// A ShellCheck code (`SC2086`).
    case shellcheck(String)
    /// A Trivy / Checkov check id, for cross-referencing only.
    case trivy(String)
    case checkov(String)
    /// A CIS benchmark section, e.g. "CIS Docker 4.1".
    case cis(String)
    /// A documentation URL.
    case url(String)

    /// The peer id carried by this reference, when it names a peer rule that Bulkhead mirrors.
    public var aliasID: RuleID? {
        switch self {
        case .hadolint(let id), .buildkit(let id), .shellcheck(let id): RuleID(id)
        default: nil
        }
    }

    /// A short human label, e.g. `hadolint:DL3008`.
    public var label: String {
        switch self {
        case .hadolint(let v): "hadolint:\(v)"
        case .buildkit(let v): "buildkit:\(v)"
        case .shellcheck(let v): "shellcheck:\(v)"
        case .trivy(let v): "trivy:\(v)"
        case .checkov(let v): "checkov:\(v)"
        case .cis(let v): "cis:\(v)"
        case .url(let v): v
        }
    }

    /// A URL for the reference when one is known.
    public var url: String? {
        switch self {
        case .hadolint(let v): "https://github.com/hadolint/hadolint/wiki/\(v)"
        case .buildkit(let v):
            "https://docs.docker.com/reference/build-checks/\(Reference.kebab(v))/"
        case .shellcheck(let v): "https://www.shellcheck.net/wiki/\(v)"
        case .url(let v): v
        default: nil
        }
    }

    /// `FromAsCasing` → `from-as-casing`, `JSONArgsRecommended` → `json-args-recommended`:
    /// a hyphen before an uppercase letter that starts a new word.
    static func kebab(_ name: String) -> String {
        let chars = Array(name)
        var out = ""
        for (i, ch) in chars.enumerated() {
            if ch.isUppercase, i > 0 {
                let prevLower = chars[i - 1].isLowercase
                let nextLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if prevLower || (chars[i - 1].isUppercase && nextLower) { out.append("-") }
            }
            out.append(contentsOf: ch.lowercased())
        }
        return out
    }
}
