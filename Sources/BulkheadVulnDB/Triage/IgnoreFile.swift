import BulkheadCore
import Foundation
import Yams

/// `.bulkheadignore`: findings a team has decided to accept, each with a reason and optionally
/// an expiry date after which it stops suppressing (and the scan says so). The layout is Trivy's
/// `.trivyignore.yaml`: `vulnerabilities:` (matched packages), `secrets:`, `misconfigurations:`
/// (image hygiene) and `licenses:` (read, not applied: Bulkhead does not gate on licenses), or
/// `ignores:` for any kind.
///
/// ```yaml
/// vulnerabilities:
///   - id: CVE-2023-4911            # or any alias (GHSA-…, PYSEC-…, DSA-…)
///     package: glibc               # optional: package or source package name, or a purl (pkg:deb/debian/libc6)
///     path: usr/lib/python3/...    # optional: only where the package was declared under this path
///     reason: not reachable; no setuid binaries in this image
///     expires: 2026-12-31          # optional: last day it applies (YYYY-MM-DD, UTC)
/// secrets:
///   - id: SE003                    # a rule id, its slug (github-token) or a peer id it cites (github-pat)
///     paths: ["tests/fixtures/**"] # optional: globs (*, ?, **, {a,b}), files or directories in the target
///     statement: revoked test token
///     expired_at: 2027-01-31       # Trivy's key: no longer applies from that day on
/// ```
public struct IgnoreFile: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// Which findings an entry may suppress: the section it was written in.
        public enum Kind: String, Sendable, Hashable {
            case any, vulnerability, secret, misconfiguration, license
        }
        public var id: String
        public var kind: Kind
        /// Package names or purls (any of them); empty = every package.
        public var packages: [String]
        /// Globs, files or directories (any of them); empty = everywhere.
        public var paths: [String]
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
        func line(_ n: Node) -> String { n.mark.map { "\($0.line)" } ?? "?" }
        var sections: [(Entry.Kind, Node)] = []
        if let seq = root.sequence {
            sections = [(.any, .sequence(seq))]
        } else if let mapping = root.mapping {
            for (key, value) in mapping {
                let name = key.string ?? ""
                guard let kind = Self.sections[name] else {
                    throw VulnDBError(.badInput, "\(file):\(line(key)): unknown section '\(name)' (expected ignores, vulnerabilities, secrets, misconfigurations or licenses)")
                }
                if Self.isNull(value) { continue }
                sections.append((kind, value))
            }
        } else {
            throw VulnDBError(.badInput, "\(file):\(line(root)): expected 'ignores:' (or vulnerabilities:, secrets:, misconfigurations:) with a list of entries")
        }
        var entries: [Entry] = []
        for (kind, list) in sections {
            guard let items = list.sequence else {
                throw VulnDBError(.badInput, "\(file):\(line(list)): a section must be a list of entries")
            }
            for item in items { entries.append(try entry(item, kind: kind, file: file)) }
        }
        return IgnoreFile(entries: entries)
    }

    static let sections: [String: Entry.Kind] = [
        "ignores": .any, "vulnerabilities": .vulnerability, "secrets": .secret,
        "misconfigurations": .misconfiguration, "licenses": .license,
    ]

    /// A YAML null: `~`, `null` (any case) or nothing, unquoted.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null"].contains(s.string.lowercased())
    }

    static func entry(_ item: Node, kind: Entry.Kind, file: String) throws(VulnDBError) -> Entry {
        let entryLine = item.mark.map { "\($0.line)" } ?? "?"
        guard let m = item.mapping else {
            throw VulnDBError(.badInput, "\(file):\(entryLine): each ignore is a mapping with 'id' and 'reason'")
        }
        func at(_ key: String) -> String { "\(file):\(m[key]?.mark.map { "\($0.line)" } ?? entryLine)" }
        /// A scalar's text; nil when absent or null. Mappings and sequences are errors.
        func text(_ key: String) throws(VulnDBError) -> String? {
            guard let node = m[key], !isNull(node) else { return nil }
            guard case .scalar(let s) = node else {
                throw VulnDBError(.badInput, "\(at(key)): '\(key)' must be a single value")
            }
            let t = s.string.trimmingCharacters(in: .whitespaces)
            return t.isEmpty ? nil : t
        }
        /// A list of scalars (a single scalar counts as a one-element list); nulls are errors.
        func list(_ key: String) throws(VulnDBError) -> [String] {
            guard let node = m[key], !isNull(node) else { return [] }
            let items: [Node]
            switch node {
            case .scalar: items = [node]
            case .sequence(let seq): items = Array(seq)
            case .mapping, .alias: throw VulnDBError(.badInput, "\(at(key)): '\(key)' must be a list of strings")
            }
            var out: [String] = []
            for n in items {
                guard case .scalar(let s) = n, !isNull(n), !s.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw VulnDBError(.badInput, "\(at(key)): '\(key)' must be a list of non-empty strings")
                }
                out.append(s.string.trimmingCharacters(in: .whitespaces))
            }
            return out
        }
        let known = ["id", "package", "purl", "purls", "path", "paths", "reason", "statement", "expires", "expired_at"]
        for key in m.keys.compactMap(\.string) where !known.contains(key) {
            throw VulnDBError(.badInput, "\(at(key)): unknown field '\(key)' (expected \(known.joined(separator: ", ")))")
        }
        guard let id = try text("id") else {
            throw VulnDBError(.badInput, "\(file):\(entryLine): missing 'id'")
        }
        let reasonText = try text("reason"), statementText = try text("statement")
        guard let reason = reasonText ?? statementText else {
            throw VulnDBError(.badInput, "\(file):\(entryLine): ignore of \(id) has no 'reason' (or 'statement'): say why it is acceptable")
        }
        // `expires` names the last day the entry applies; Trivy's `expired_at` the first day it
        // no longer does.
        var expires: Date?
        var expiresText: String?
        for (key, lastDay) in [("expires", true), ("expired_at", false)] {
            guard let t = try text(key) else { continue }
            guard let end = lastDay ? Self.endOfDay(t) : Self.startOfDay(t)?.addingTimeInterval(-1) else {
                throw VulnDBError(.badInput, "\(at(key)): '\(key)' of \(id) is '\(t)', expected a date YYYY-MM-DD")
            }
            if expires.map({ end < $0 }) ?? true { expires = end; expiresText = t }
        }
        let packages = try list("package") + list("purl") + list("purls")
        if !packages.isEmpty, kind != .any, kind != .vulnerability {
            throw VulnDBError(.badInput, "\(at(m["purls"] != nil ? "purls" : m["purl"] != nil ? "purl" : "package")): packages apply to vulnerabilities; \(id) is in the \(kind.rawValue) section")
        }
        var paths: [String] = []
        for pattern in try list("path") + list("paths") {
            guard let expanded = Self.expandBraces(pattern) else {
                throw VulnDBError(.badInput, "\(at(m["paths"] != nil ? "paths" : "path")): '\(pattern)' has unbalanced braces or too many alternatives")
            }
            paths += expanded
        }
        return Entry(id: id, kind: kind, packages: packages, paths: paths,
                     reason: reason, expires: expires, expiresText: expiresText, source: "\(file):\(entryLine)")
    }

    /// `{a,b}` alternatives of a path glob (doublestar's, which Trivy's `paths` use), nested or
    /// not, as separate patterns: `app/{x,y}.py` → `app/x.py`, `app/y.py`. Nil when braces do
    /// not balance or the expansion passes 256 patterns.
    static func expandBraces(_ pattern: String) -> [String]? {
        let chars = Array(pattern)
        guard let open = chars.firstIndex(of: "{") else {
            return chars.contains("}") ? nil : [pattern]
        }
        // The matching close and the top-level commas between them.
        var depth = 0, commas: [Int] = [], close: Int?
        for i in open..<chars.count {
            switch chars[i] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { close = i }
            case "," where depth == 1: commas.append(i)
            default: break
            }
            if close != nil { break }
        }
        guard let close else { return nil }
        let head = String(chars[..<open]), tail = String(chars[(close + 1)...])
        var out: [String] = []
        var start = open + 1
        for end in commas + [close] {
            guard let rest = expandBraces(String(chars[start..<end]) + tail) else { return nil }
            for r in rest { out.append(head + r) }
            guard out.count <= 256 else { return nil }
            start = end + 1
        }
        return out
    }

    /// Midnight UTC starting a real calendar day (`2026-02-30` is not one).
    static func startOfDay(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var c = DateComponents()
        c.year = parts[0]; c.month = parts[1]; c.day = parts[2]
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC") ?? .current
        guard let date = cal.date(from: c) else { return nil }
        let back = cal.dateComponents([.year, .month, .day], from: date)
        guard back.year == parts[0], back.month == parts[1], back.day == parts[2] else { return nil }
        return date
    }

    /// The last second of that day (UTC): what `expires` means.
    static func endOfDay(_ text: String) -> Date? {
        startOfDay(text).map { $0.addingTimeInterval(86_400 - 1) }
    }

    func applies(_ e: Entry, to f: VulnerabilityFinding) -> Bool {
        guard e.kind == .any || e.kind == .vulnerability else { return false }
        guard e.id == f.id || f.aliases.contains(e.id) else { return false }
        if !e.packages.isEmpty {
            guard e.packages.contains(where: { p in
                p.hasPrefix("pkg:") ? PURLMatch.matches(pattern: p, purl: f.purl) : (p == f.packageName || p == f.sourceName)
            }) else { return false }
        }
        if !e.paths.isEmpty {
            guard f.locations.contains(where: { loc in e.paths.contains { Self.pathMatches($0, loc.path) } }) else {
                return false
            }
        }
        return true
    }

    /// Whether entry `e` suppresses a rule finding.
    /// - Parameters:
    ///   - kind: `.secret` or `.misconfiguration` (image hygiene): the section that may name it.
    ///   - names: every name the finding's rule answers to (id, slug, peer ids), lowercased.
    ///   - path: the finding's file inside the scanned target; nil for findings about the image
    ///     configuration, which only path-less entries suppress.
    public func applies(_ e: Entry, kind: Entry.Kind, names: Set<String>, path: String?) -> Bool {
        guard e.kind == .any || e.kind == kind, e.packages.isEmpty, names.contains(e.id.lowercased()) else { return false }
        if e.paths.isEmpty { return true }
        guard let path else { return false }
        return e.paths.contains { Self.pathMatches($0, path) }
    }

    /// A glob (`*`, `?` within a segment, `**` across), or a plain path naming the file itself
    /// or a directory above it; leading `/` and `./` are ignored on both sides.
    static func pathMatches(_ pattern: String, _ path: String) -> Bool {
        func clean(_ s: String) -> String {
            var t = Substring(s)
            while t.hasPrefix("./") { t = t.dropFirst(2) }
            while t.hasPrefix("/") { t = t.dropFirst() }
            while t.hasSuffix("/") { t = t.dropLast() }
            return t == "." ? "" : String(t)
        }
        let p = clean(pattern), f = clean(path)
        if p.isEmpty { return true }
        if p.contains(where: { $0 == "*" || $0 == "?" }) { return PathGlob.match(p, f) }
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
