import BulkheadCore
import Foundation
import Yams

/// `.bulkheadignore`: vulnerabilities a team has decided to accept, each with a reason and
/// optionally an expiry date after which it stops suppressing (and the scan says so).
///
/// ```yaml
/// ignores:
///   - id: CVE-2023-4911            # or any alias (GHSA-…, PYSEC-…, DSA-…)
///     package: glibc               # optional: package or source package name, or a purl (pkg:deb/debian/libc6)
///     path: usr/lib/python3/...    # optional: only where the package was declared under this path
///     reason: not reachable; no setuid binaries in this image
///     expires: 2026-12-31          # optional (YYYY-MM-DD, end of that day UTC)
/// ```
public struct IgnoreFile: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var package: String?
        public var path: String?
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
        let list: Node
        if let seq = root.sequence {
            list = .sequence(seq)
        } else if let mapping = root.mapping, let ignores = mapping["ignores"] ?? mapping["vulnerabilities"] {
            list = ignores
        } else {
            throw VulnDBError(.badInput, "\(file):\(root.mark.map { "\($0.line)" } ?? "1"): expected 'ignores:' with a list of entries")
        }
        guard let items = list.sequence else {
            throw VulnDBError(.badInput, "\(file):\(list.mark.map { "\($0.line)" } ?? "?"): 'ignores' must be a list")
        }
        var entries: [Entry] = []
        for item in items {
            let line = item.mark.map { "\($0.line)" } ?? "?"
            guard let m = item.mapping else {
                throw VulnDBError(.badInput, "\(file):\(line): each ignore is a mapping with 'id' and 'reason'")
            }
            func field(_ key: String) -> String? { m[key]?.string?.trimmingCharacters(in: .whitespaces) }
            for key in m.keys.compactMap(\.string) where !["id", "package", "purl", "path", "reason", "statement", "expires", "expired_at"].contains(key) {
                throw VulnDBError(.badInput, "\(file):\(line): unknown field '\(key)' (expected id, package, path, reason, expires)")
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
            entries.append(Entry(id: id, package: field("package") ?? field("purl"), path: field("path"),
                                 reason: reason, expires: expires, expiresText: expiresText, source: "\(file):\(line)"))
        }
        return IgnoreFile(entries: entries)
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
        guard e.id == f.id || f.aliases.contains(e.id) else { return false }
        if let p = e.package {
            if p.hasPrefix("pkg:") {
                guard PURLMatch.matches(pattern: p, purl: f.purl) else { return false }
            } else if p != f.packageName && p != f.sourceName {
                return false
            }
        }
        if let path = e.path {
            let wanted = path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard f.locations.contains(where: { $0.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")).hasPrefix(wanted) }) else {
                return false
            }
        }
        return true
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
