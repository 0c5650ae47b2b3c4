#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// OSV's "is this version affected" over one `affected` entry, with versions compared in the
/// entry's scheme. A range's events are walked as the spec's pseudocode does: the version is
/// affected when the greatest event at or below it is an `introduced` (`fixed` wins a tie;
/// `last_affected` is inclusive), and it lies below some `limit` when limits are given.
struct RangeEvaluation {
    let scheme: VersionScheme
    /// The scheme for `SEMVER` ranges (Go's own semver for the Go ecosystem).
    let semverScheme: VersionScheme
    /// Parsed event versions, shared across the packages of one scan (an advisory's events are
    /// met again for every installed version of the same package).
    let cache: VersionCache

    init(scheme: VersionScheme, semverScheme: VersionScheme, cache: VersionCache = VersionCache()) {
        self.scheme = scheme
        self.semverScheme = semverScheme
        self.cache = cache
    }

    struct Outcome {
        var affected: Bool
        /// `fixed` events above the version in the ranges that affect it.
        var fixedVersions: [String]
        /// Event versions that did not parse (reported once per advisory).
        var badVersions: [String]
    }

    func evaluate(_ version: String, parsed: AnyVersion?, semverParsed: AnyVersion?,
                  ranges: [StoredRange], versions: [String]) -> Outcome {
        evaluate(version, parsed: parsed, semverParsed: semverParsed, ranges: ranges,
                 versionsText: versions.isEmpty ? nil : versions.joined(separator: "\n"))
    }

    /// - Parameter versionsText: the `versions` list one per line, searched as text first.
    func evaluate(_ version: String, parsed: AnyVersion?, semverParsed: AnyVersion?,
                  ranges: [StoredRange], versionsText: String?) -> Outcome {
        var out = Outcome(affected: false, fixedVersions: [], badVersions: [])
        if let text = versionsText, Self.listContains(text, version) { out.affected = true }
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
        let hasOrderedRange = ranges.contains { $0.type == "ECOSYSTEM" || $0.type == "SEMVER" }
        if !out.affected, !hasOrderedRange, let text = versionsText, let parsed {
            // Only a `versions` list (GIT ranges): also compare by scheme equality (PEP 440 `1.0`
            // == `1.0.0`), for listed versions that start like the installed one.
            let lead = version.drop { $0 == "v" }.prefix { $0.isNumber }
            for listed in text.split(separator: "\n") where listed.drop(while: { $0 == "v" }).hasPrefix(lead) {
                if let l = cache.parse(String(listed), scheme), l == parsed { out.affected = true; break }
            }
        }
        return out
    }

    /// Whether `version` is one of the lines of `text`, without splitting it (a byte scan:
    /// PyPA records list hundreds of versions and are met for every installed version).
    static func listContains(_ text: String, _ version: String) -> Bool {
        guard !version.isEmpty else { return false }
        var text = text
        var version = version
        return text.withUTF8 { t in
            version.withUTF8 { v in
                let n = v.count
                var lineStart = 0
                while lineStart <= t.count - n {
                    var end = lineStart
                    while end < t.count && t[end] != 0x0A { end += 1 }
                    if end - lineStart == n, memcmp(t.baseAddress! + lineStart, v.baseAddress!, n) == 0 { return true }
                    lineStart = end + 1
                }
                return false
            }
        }
    }

    private func consider(_ best: inout (version: AnyVersion?, introduced: Bool)?, _ e: AnyVersion, introduced: Bool) {
        guard let current = best else { best = (e, introduced); return }
        guard let cv = current.version else { best = (e, introduced); return }
        if cv < e || (cv == e && !introduced) { best = (e, introduced) }
    }

    private func parse(_ text: String, _ scheme: VersionScheme, _ out: inout Outcome) -> AnyVersion? {
        guard let v = cache.parse(text, scheme) else {
            out.badVersions.append(text)
            return nil
        }
        return v
    }
}

/// Parsed versions by scheme and text; a text that does not parse is remembered as nil.
final class VersionCache {
    private var entries: [VersionScheme: [String: AnyVersion?]] = [:]

    func parse(_ text: String, _ scheme: VersionScheme) -> AnyVersion? {
        if let hit = entries[scheme]?[text] { return hit }
        let value = try? scheme.parse(text)
        entries[scheme, default: [:]][text] = .some(value)
        return value
    }
}
