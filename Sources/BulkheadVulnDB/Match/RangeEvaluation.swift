/// OSV's "is this version affected" over one `affected` entry, with versions compared in the
/// entry's scheme. A range's events are walked as the spec's pseudocode does: the version is
/// affected when the greatest event at or below it is an `introduced` (`fixed` wins a tie;
/// `last_affected` is inclusive), and it lies below some `limit` when limits are given.
struct RangeEvaluation {
    let scheme: VersionScheme
    /// The scheme for `SEMVER` ranges (Go's own semver for the Go ecosystem).
    let semverScheme: VersionScheme

    struct Outcome {
        var affected: Bool
        /// `fixed` events above the version in the ranges that affect it.
        var fixedVersions: [String]
        /// Event versions that did not parse (reported once per advisory).
        var badVersions: [String]
    }

    func evaluate(_ version: String, parsed: AnyVersion?, semverParsed: AnyVersion?,
                  ranges: [StoredRange], versions: [String]) -> Outcome {
        var out = Outcome(affected: false, fixedVersions: [], badVersions: [])
        if versions.contains(version) { out.affected = true }
        for range in ranges {
            let rangeScheme: VersionScheme
            let v: AnyVersion?
            switch range.type {
            case "SEMVER":
                rangeScheme = semverScheme
                v = semverParsed
            case "ECOSYSTEM":
                rangeScheme = scheme
                v = parsed
            default:
                continue // GIT ranges need the commit graph; OSV requires `versions` for them.
            }
            guard let v else { continue }
            var best: (version: AnyVersion?, introduced: Bool)? = nil // version nil = "0"
            var limits: [AnyVersion?] = [] // nil = "*"
            var fixes: [(AnyVersion, String)] = []
            for event in range.events {
                switch event {
                case .introduced(let text):
                    if text == "0" {
                        if best == nil { best = (nil, true) }
                        continue
                    }
                    guard let e = parse(text, rangeScheme, &out) else { continue }
                    if e <= v { consider(&best, e, introduced: true) }
                case .fixed(let text):
                    guard let e = parse(text, rangeScheme, &out) else { continue }
                    if e <= v { consider(&best, e, introduced: false) } else { fixes.append((e, text)) }
                case .lastAffected(let text):
                    guard let e = parse(text, rangeScheme, &out) else { continue }
                    if e < v { consider(&best, e, introduced: false) }
                case .limit(let text):
                    limits.append(text == "*" ? nil : parse(text, rangeScheme, &out))
                }
            }
            guard best?.introduced == true else { continue }
            if !limits.isEmpty, !limits.contains(where: { limit in limit.map { v < $0 } ?? true }) { continue }
            out.affected = true
            // The fix that closes this range for the version: the smallest `fixed` above it.
            if let fix = fixes.min(by: { $0.0 < $1.0 }), !out.fixedVersions.contains(fix.1) {
                out.fixedVersions.append(fix.1)
            }
        }
        if !out.affected, !versions.isEmpty, let parsed {
            // `versions` lists exact versions; compare by scheme equality too (PEP 440 `1.0` == `1.0.0`).
            for listed in versions {
                if let l = try? scheme.parse(listed), l == parsed { out.affected = true; break }
            }
        }
        return out
    }

    private func consider(_ best: inout (version: AnyVersion?, introduced: Bool)?, _ e: AnyVersion, introduced: Bool) {
        guard let current = best else { best = (e, introduced); return }
        guard let cv = current.version else { best = (e, introduced); return }
        if cv < e || (cv == e && !introduced) { best = (e, introduced) }
    }

    private func parse(_ text: String, _ scheme: VersionScheme, _ out: inout Outcome) -> AnyVersion? {
        do { return try scheme.parse(text) } catch {
            out.badVersions.append(text)
            return nil
        }
    }
}
