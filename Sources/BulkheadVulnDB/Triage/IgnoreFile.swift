import BulkheadCore
import Foundation
import Yams

/// `.bulkheadignore`: findings a team has decided to accept, each with a reason and optionally
/// an expiry date after which it stops suppressing (and the scan says so). The layout is Trivy's
/// `.trivyignore.yaml`: `vulnerabilities:` (matched packages), `secrets:` and `misconfigurations:`
/// (rule findings: secrets and image hygiene), or `ignores:` for either.
///
/// ```yaml
/// vulnerabilities:
///   - id: CVE-2023-4911            # or any alias (GHSA-…, PYSEC-…, DSA-…)
///     package: glibc               # optional: package or source package name, or a purl (pkg:deb/debian/libc6)
///     path: usr/lib/python3/...    # optional: only where the package was declared under this path
///     reason: not reachable; no setuid binaries in this image
///     expires: 2026-12-31          # optional (YYYY-MM-DD, end of that day UTC)
/// secrets:
///   - id: SE003                    # a rule id, its slug (github-pat) or a peer id it mirrors
///     paths: ["tests/fixtures/**"] # optional globs (or directories) the finding's file must match
///     statement: revoked test token
///     expired_at: 2027-01-31
/// ```
public struct IgnoreFile: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// Which findings an entry may suppress: the section it was written in.
        public enum Kind: String, Sendable, Hashable {
            case any, vulnerability, rule
        }
        public var id: String
        public var kind: Kind = .any
        public var package: String?
        public var path: String?
        /// `paths:` (Trivy's list form), globs or directories; `path` joins them when given.
        public var paths: [String] = []
        public var reason: String
        public var expires: Date?
        public var expiresText: String?
        /// `file:line` of the entry, for messages.
        public var source: String
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Parses the YAML text of an ignore file; errors name the file, line and field.
    public static func parse(_ text: String, file: String) throws(VulnDBError) -> IgnoreFile {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw VulnDBError(.badInput, "\(file): not valid YAML: \(error)")
        }
        guard let root else { return IgnoreFile(entries: []) }
        var sections: [(Entry.Kind, Node)] = []
        if let seq = root.sequence {
            sections = [(.any, .sequence(seq))]
        } else if let mapping = root.mapping {
            for (key, value) in mapping {
                let name = key.string ?? ""
                let kind: Entry.Kind
                switch name {
                case "ignores": kind = .any
                case "vulnerabilities": kind = .vulnerability
                case "secrets", "misconfigurations": kind = .rule
                default:
                    throw VulnDBError(.badInput, "\(file):\(key.mark.map { "\($0.line)" } ?? "?"): unknown section '\(name)' (expected ignores, vulnerabilities, secrets, misconfigurations)")
                }
                if case .scalar(let v) = value, v.string.isEmpty || v.string == "~" || v.string == "null" { continue }
                sections.append((kind, value))
            }
        } else {
            throw VulnDBError(.badInput, "\(file):\(root.mark.map { "\($0.line)" } ?? "1"): expected 'ignores:' (or vulnerabilities:, secrets:, misconfigurations:) with a list of entries")
        }
        var entries: [Entry] = []
        for (kind, list) in sections {
            guard let items = list.sequence else {
                throw VulnDBError(.badInput, "\(file):\(list.mark.map { "\($0.line)" } ?? "?"): a section must be a list of entries")
            }
            for item in items { entries.append(try entry(item, kind: kind, file: file)) }
        }
        return IgnoreFile(entries: entries)
    }

    static func entry(_ item: Node, kind: Entry.Kind, file: String) throws(VulnDBError) -> Entry {
        let line = item.mark.map { "\($0.line)" } ?? "?"
        guard let m = item.mapping else {
            throw VulnDBError(.badInput, "\(file):\(line): each ignore is a mapping with 'id' and 'reason'")
        }
        func field(_ key: String) -> String? { m[key]?.string?.trimmingCharacters(in: .whitespaces) }
        func list(_ key: String) throws(VulnDBError) -> [String] {
            guard let node = m[key] else { return [] }
            if let one = node.string { return [one] }
            guard let seq = node.sequence else {
                throw VulnDBError(.badInput, "\(file):\(line): '\(key)' must be a list of strings")
            }
            var out: [String] = []
            for n in seq {
                guard let s = n.string else { throw VulnDBError(.badInput, "\(file):\(line): '\(key)' must be a list of strings") }
                out.append(s.trimmingCharacters(in: .whitespaces))
            }
            return out
        }
        let known = ["id", "package", "purl", "purls", "path", "paths", "reason", "statement", "expires", "expired_at"]
        for key in m.keys.compactMap(\.string) where !known.contains(key) {
            throw VulnDBError(.badInput, "\(file):\(line): unknown field '\(key)' (expected id, package, path(s), reason, expires)")
        }
        guard let id = field("id"), !id.isEmpty else {
            throw VulnDBError(.badInput, "\(file):\(line): missing 'id'")
        }
        guard let reason = field("reason") ?? field("statement"), !reason.isEmpty else {
            throw VulnDBError(.badInput, "\(file):\(line): ignore of \(id) has no 'reason' (say why it is acceptable)")
        }
        var expires: Date?
        let expiresText = field("expires") ?? field("expired_at")
        if let text = expiresText {
            guard let d = Self.endOfDay(text) else {
                throw VulnDBError(.badInput, "\(file):\(line): 'expires' of \(id) is '\(text)', expected YYYY-MM-DD")
            }
            expires = d
        }
        let purls = try list("purls")
        guard purls.count <= 1 else {
            throw VulnDBError(.badInput, "\(file):\(line): ignore of \(id) lists several purls; write one entry per package")
        }
        let paths = try list("paths")
        let package = field("package") ?? field("purl") ?? purls.first
        if kind == .rule, package != nil {
            throw VulnDBError(.badInput, "\(file):\(line): 'package' applies to vulnerabilities; \(id) is in a rule section")
        }
        var entry = Entry(id: id, package: package, path: field("path") ?? paths.first,
                          reason: reason, expires: expires, expiresText: expiresText, source: "\(file):\(line)")
        entry.kind = kind
        entry.paths = paths + (field("path").map { [$0] } ?? [])
        return entry
    }

    static func endOfDay(_ text: String) -> Date? {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var c = DateComponents()
        c.year = parts[0]; c.month = parts[1]; c.day = parts[2]
        c.hour = 23; c.minute = 59; c.second = 59
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC") ?? .current
        return cal.date(from: c)
    }

    func applies(_ e: Entry, to f: VulnerabilityFinding) -> Bool {
        guard e.kind != .rule else { return false }
        guard e.id == f.id || f.aliases.contains(e.id) else { return false }
        if let p = e.package {
            if p.hasPrefix("pkg:") {
                guard PURLMatch.matches(pattern: p, purl: f.purl) else { return false }
            } else if p != f.packageName && p != f.sourceName {
                return false
            }
        }
        if !e.paths.isEmpty {
            guard f.locations.contains(where: { loc in
                e.paths.contains { Self.pathMatches($0, loc.path, prefix: true) }
            }) else { return false }
        }
        return true
    }

    /// Whether entry `e` suppresses a rule finding (a secret, an image hygiene problem).
    /// - Parameters:
    ///   - names: every name the finding's rule answers to (id, slug, peer ids), lowercased.
    ///   - path: the finding's file inside the scanned target; nil for findings about the image
    ///     configuration, which only path-less entries suppress.
    public func applies(_ e: Entry, names: Set<String>, path: String?) -> Bool {
        guard e.kind != .vulnerability, names.contains(e.id.lowercased()) else { return false }
        if e.paths.isEmpty { return true }
        guard let path else { return false }
        return e.paths.contains { Self.pathMatches($0, path, prefix: false) }
    }

    /// A glob (`*`, `?` within a segment, `**` across), or a plain path naming the file or a
    /// directory above it; leading `/` and `./` are ignored on both sides. `prefix` keeps the
    /// vulnerability entries' documented meaning: a plain path matches any path it begins.
    static func pathMatches(_ pattern: String, _ path: String, prefix: Bool) -> Bool {
        func clean(_ s: String) -> String {
            var t = Substring(s)
            while t.hasPrefix("./") { t = t.dropFirst(2) }
            while t.hasPrefix("/") { t = t.dropFirst() }
            while t.hasSuffix("/") { t = t.dropLast() }
            return String(t)
        }
        let p = clean(pattern), f = clean(path)
        if p.isEmpty { return true }
        if p.contains(where: { $0 == "*" || $0 == "?" }) { return PathGlob.match(p, f) }
        if prefix { return f.hasPrefix(p) }
        return f == p || f.hasPrefix(p + "/")
    }
}

/// purl comparison for ignores and VEX: type, namespace and name must agree; a version in the
/// pattern must agree; qualifiers are ignored.
enum PURLMatch {
    static func parts(_ purl: String) -> (base: String, version: String?) {
        var s = purl
        if let q = s.firstIndex(where: { $0 == "?" || $0 == "#" }) { s = String(s[..<q]) }
        if let at = s.lastIndex(of: "@"), s[..<at].contains("/") {
            return (String(s[..<at]).lowercased(), String(s[s.index(after: at)...]).removingPercentEncoding)
        }
        return (s.lowercased(), nil)
    }

    static func matches(pattern: String, purl: String) -> Bool {
        let p = parts(pattern), x = parts(purl)
        guard p.base == x.base else { return false }
        if let v = p.version { return v == x.version }
        return true
    }
}
