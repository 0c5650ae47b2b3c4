import BulkheadCore
import Foundation

/// Finds secrets in text with every rule at once: one keyword pass over the bytes, then each
/// rule's expression only on the lines where one of its keywords (and its token shape) occurs.
///
/// A scanner holds only immutable state (rules, compiled expressions, the keyword automaton), so
/// one instance serves every thread; NSRegularExpression is documented immutable and thread-safe.
///
/// ```swift
/// let scanner = try SecretScanner()
/// let found = scanner.scan(Array(text.utf8), path: "app/settings.py")
/// ```
public final class SecretScanner: @unchecked Sendable {
    public let rules: [SecretRule]
    public let allow: SecretAllowList
    let expressions: [NSRegularExpression]
    let index: KeywordIndex
    /// keyword → the rules it triggers.
    let rulesByKeyword: [[Int]]
    let pathRestricted: [PathGlobSet?]

    /// Files larger than this are scanned in pieces (``scanStream(path:read:)``); this is also the
    /// largest window an expression sees.
    public static let maxWindowBytes = 64 << 10
    /// Around a keyword on a very long line (minified code, one-line JSON) only this many bytes
    /// each side are handed to the expressions.
    static let longLineReach = 1024

    /// - Parameters:
    ///   - rules: the rules to run (default: every built-in rule).
    ///   - allow: paths, values and rules not to report.
    /// - Throws: ``SecretConfigError`` when a rule's expression does not compile.
    public init(rules: [SecretRule] = SecretRules.all, allow: SecretAllowList = .empty) throws(SecretConfigError) {
        let active = rules.filter { !allow.allowsRule($0) }
        self.rules = active
        self.allow = allow
        var expressions: [NSRegularExpression] = []
        for r in active {
            do { expressions.append(try NSRegularExpression(pattern: r.pattern)) } catch {
                throw SecretConfigError("rule \(r.id) has an invalid expression: \(r.pattern)")
            }
        }
        self.expressions = expressions
        var keywords: [String] = []
        var byKeyword: [[Int]] = []
        var position: [String: Int] = [:]
        for (i, r) in active.enumerated() {
            for k in r.keywords {
                let key = k.lowercased()
                if let p = position[key] { byKeyword[p].append(i) } else {
                    position[key] = keywords.count
                    keywords.append(key)
                    byKeyword.append([i])
                }
            }
        }
        index = KeywordIndex(keywords)
        rulesByKeyword = byKeyword
        pathRestricted = active.map { $0.paths.isEmpty ? nil : PathGlobSet($0.paths.map { $0.contains("/") ? $0 : "**/" + $0 }) }
    }

    // MARK: - Whole buffers

    /// `text` with every secret this scanner finds in it redacted (``SecretRedaction/redact(_:)``):
    /// for free text a report quotes, such as a layer's `created_by` command line.
    public func redactingSecrets(in text: String) -> String {
        var bytes = Array(text.utf8)
        // Matches are sorted by position; replace from the end so earlier offsets stay valid
        // (a match overlapping one already replaced is covered by it).
        var limit = bytes.count
        for m in scan(bytes, path: "").reversed() where m.offset >= 0 && m.length > 0 && m.offset + m.length <= limit {
            let value = String(decoding: bytes[m.offset..<(m.offset + m.length)], as: UTF8.self)
            bytes.replaceSubrange(m.offset..<(m.offset + m.length), with: Array(SecretRedaction.redact(value).utf8))
            limit = m.offset
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every secret in `bytes` (a whole file), sorted by position.
    public func scan(_ bytes: [UInt8], path: String) -> [SecretMatch] {
        bytes.withUnsafeBytes { scan($0, path: path) }
    }

    /// Every secret in `bytes` (a whole file), sorted by position.
    public func scan(_ bytes: UnsafeRawBufferPointer, path: String) -> [SecretMatch] {
        guard !allow.allowsPath(path) else { return [] }
        var state = LineCounter()
        var out: [SecretMatch] = []
        scanRegion(bytes, hitLimit: bytes.count, baseOffset: 0, path: path, lines: &state, into: &out)
        return finish(out)
    }

    /// Scans a stream piece by piece with bounded memory: `read` fills the buffer and returns the
    /// number of bytes written (0 at the end). See ``Session``.
    public func scanStream(path: String, chunkSize: Int = 1 << 20,
                           read: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows -> [SecretMatch] {
        var session = Session(scanner: self, path: path)
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 8)
        defer { piece.deallocate() }
        while true {
            let n = try read(piece)
            if n == 0 { break }
            session.feed(UnsafeRawBufferPointer(rebasing: piece[0..<n]))
        }
        return session.finish()
    }

    /// A push-style scan of one file arriving in pieces (a tar entry streaming out of a layer).
    /// Keywords within ``maxWindowBytes`` of the data seen so far wait for the next piece, so no
    /// match is lost at a boundary; memory stays bounded by the piece size plus that margin.
    public struct Session {
        let scanner: SecretScanner
        let path: String
        let skipped: Bool
        var buffer: [UInt8] = []
        var consumedOffset = 0  // absolute offset of buffer[0]
        var lines = LineCounter()
        var found: [SecretMatch] = []

        public init(scanner: SecretScanner, path: String) {
            self.scanner = scanner
            self.path = path
            skipped = scanner.allow.allowsPath(path)
        }

        public mutating func feed(_ piece: UnsafeRawBufferPointer) {
            guard !skipped else { return }
            buffer.append(contentsOf: piece)
            guard buffer.count > SecretScanner.maxWindowBytes * 2 else { return }
            var limit = buffer.count - SecretScanner.maxWindowBytes
            // Cut at a line start so a line is never split between rounds.
            if let nl = buffer[..<limit].lastIndex(of: 0x0A) { limit = nl + 1 }
            guard limit > 0 else { return }
            let (s, p, base) = (scanner, path, consumedOffset)
            buffer.withUnsafeBytes { raw in
                s.scanRegion(raw, hitLimit: limit, baseOffset: base, path: p, lines: &lines, into: &found)
            }
            lines.advance(over: buffer, to: limit, base: consumedOffset)
            buffer.removeFirst(limit)
            consumedOffset += limit
        }

        public mutating func finish() -> [SecretMatch] {
            guard !skipped else { return [] }
            let (s, p, base) = (scanner, path, consumedOffset)
            buffer.withUnsafeBytes { raw in
                s.scanRegion(raw, hitLimit: raw.count, baseOffset: base, path: p, lines: &lines, into: &found)
            }
            buffer = []
            return scanner.finish(found)
        }
    }

    // MARK: - The pass

    /// Line numbers by counting newlines forward; positions only ever grow.
    struct LineCounter {
        var offset = 0  // absolute
        var line = 1

        /// The 1-based line of absolute position `target` (≥ every earlier query).
        mutating func line(at target: Int, in raw: UnsafeRawBufferPointer, base: Int) -> Int {
            if target > offset, let p = raw.baseAddress {
                let from = offset - base
                let count = target - offset
                line += Self.newlines(p + from, count)
                offset = target
            }
            return line
        }

        mutating func advance(over buffer: [UInt8], to limit: Int, base: Int) {
            buffer.withUnsafeBytes { raw in _ = line(at: base + limit, in: raw, base: base) }
        }

        static func newlines(_ p: UnsafeRawPointer, _ count: Int) -> Int {
            var n = 0
            var cursor = p
            var left = count
            while left > 0, let hit = memchr(cursor, 0x0A, left) {
                n += 1
                let skip = UnsafeRawPointer(hit) - cursor + 1
                cursor += skip
                left -= skip
            }
            return n
        }
    }

    struct Candidate {
        var rule: Int
        var windowStart: Int
        var windowEnd: Int
        var line: Int
    }

    /// Finds keywords starting before `hitLimit` and runs the triggered rules.
    func scanRegion(_ raw: UnsafeRawBufferPointer, hitLimit: Int, baseOffset: Int, path: String,
                    lines: inout LineCounter, into out: inout [SecretMatch]) {
        guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = raw.count
        // Most text holds no keyword at all: collect hits first, allocate rule state only if any.
        var hits: [(keyword: Int, start: Int)] = []
        var activeOrNil: [Bool]?
        index.scan(UnsafeRawBufferPointer(start: base, count: hitLimit)) { keyword, start in
            if activeOrNil == nil { activeOrNil = activeRules(for: path) }
            // Keywords of rules that do not apply to this path (`.pgpass`'s `:`) are dropped here.
            if rulesByKeyword[keyword].contains(where: { activeOrNil![$0] }) { hits.append((keyword, start)) }
        }
        guard !hits.isEmpty, let active = activeOrNil else { return }
        var lastWindow = [Int](repeating: -1, count: rules.count)
        var candidates: [Candidate] = []
        for (keyword, start) in hits {
            for r in rulesByKeyword[keyword] where active[r] {
                if let shape = rules[r].shape, !shape.matches(base, count: n, at: start) { continue }
                if let check = rules[r].precheck, !check(base, n, start, start + index.keywordLengths[keyword]) { continue }
                // A hit inside the window this rule already looked at adds nothing.
                if start < lastWindow[r] { continue }
                var lineStart = start
                while lineStart > 0, base[lineStart - 1] != 0x0A, start - lineStart < Self.longLineReach { lineStart -= 1 }
                let lineEnd: Int
                switch rules[r].window {
                case .line:
                    let cap = min(n, start + Self.longLineReach * 3)
                    lineEnd = memchr(base + start, 0x0A, cap - start).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? cap
                case .following(let bytes):
                    lineEnd = min(n, start + bytes)
                }
                lastWindow[r] = lineEnd
                let line = lines.line(at: baseOffset + lineStart, in: raw, base: baseOffset)
                candidates.append(Candidate(rule: r, windowStart: lineStart, windowEnd: lineEnd, line: line))
            }
        }
        for c in candidates {
            if out.count >= Self.maxMatchesPerFile * 2 { break }  // enough to fill the capped report
            evaluate(c, base, path: path, baseOffset: baseOffset, into: &out)
        }
    }

    func activeRules(for path: String) -> [Bool] {
        var active = [Bool](repeating: true, count: rules.count)
        for (i, set) in pathRestricted.enumerated() where set != nil {
            active[i] = !path.isEmpty && set!.matches(path.hasPrefix("/") ? String(path.dropFirst()) : path)
        }
        return active
    }

    func evaluate(_ c: Candidate, _ base: UnsafePointer<UInt8>, path: String, baseOffset: Int, into out: inout [SecretMatch]) {
        let rule = rules[c.rule]
        let windowBytes = UnsafeBufferPointer(start: base + c.windowStart, count: c.windowEnd - c.windowStart)
        let text = String(decoding: windowBytes, as: UTF8.self)
        let ns = text as NSString
        let matches = expressions[c.rule].matches(in: text, range: NSRange(location: 0, length: ns.length))
        for m in matches {
            guard let g = rule.secretGroups.first(where: { $0 < m.numberOfRanges && m.range(at: $0).location != NSNotFound && m.range(at: $0).length > 0 })
            else { continue }
            let r = m.range(at: g)
            let secret = ns.substring(with: r)
            var shown = secret
            if let d = rule.displayGroup, d < m.numberOfRanges, m.range(at: d).location != NSNotFound, m.range(at: d).length > 0 {
                shown = ns.substring(with: m.range(at: d)).replacingOccurrences(of: "\\n", with: "")
                    .trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"',")))
            }
            if rule.minEntropy > 0, Entropy.shannon(secret) < rule.minEntropy { continue }
            if allow.allowsValue(secret) { continue }
            var verification: String?
            if let validate = rule.validator {
                var groups: [String?] = []
                for i in 0..<m.numberOfRanges {
                    let gr = m.range(at: i)
                    groups.append(gr.location == NSNotFound ? nil : ns.substring(with: gr))
                }
                switch validate(SecretRule.Candidate(secret: secret, groups: groups, path: path, window: text)) {
                case .reject: continue
                case .accept: break
                case .verified(let note): verification = note
                }
            }
            // Byte position of the secret inside the window.
            let prefix = ns.substring(to: r.location)
            let byteStart = prefix.utf8.count
            var lineStartByte = 0
            var line = c.line
            var k = 0
            for b in prefix.utf8 { if b == 0x0A { line += 1; lineStartByte = k + 1 }; k += 1 }
            let lineEndInWindow = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: byteStart)...].firstIndex(of: 0x0A)
                .map { text.utf8.distance(from: text.utf8.startIndex, to: $0) } ?? windowBytes.count
            let lineText = String(decoding: windowBytes[lineStartByte..<min(lineEndInWindow, windowBytes.count)], as: UTF8.self)
            if Self.inlineAllowed(lineText) { continue }
            let column = c.windowStart + byteStart - Self.lineStart(base, c.windowStart + lineStartByte) + 1
            out.append(SecretMatch(ruleID: rule.id, kind: rule.kind, severity: rule.metadata.severity, title: rule.metadata.title,
                                   path: path, line: line, column: column, redacted: SecretRedaction.redact(shown),
                                   valueDigest: SecretRedaction.digest(secret), verification: verification,
                                   offset: baseOffset + c.windowStart + byteStart, length: secret.utf8.count))
        }
    }

    static func lineStart(_ base: UnsafePointer<UInt8>, _ at: Int) -> Int {
        var p = at
        while p > 0, base[p - 1] != 0x0A { p -= 1 }
        return p
    }

    static func inlineAllowed(_ line: String) -> Bool {
        guard line.contains("allow") || line.contains("nosecret") else { return false }
        return SecretAllowList.inlineMarkers.contains { line.contains($0) }
    }

    /// At most this many secrets are reported per file (a generated file of credentials would
    /// otherwise grow the report without bound); callers note the cut.
    public static let maxMatchesPerFile = 1000

    /// Sorts by position and drops a generic match that overlaps a specific one, and any match
    /// overlapping an earlier kept one of its class; O(n log n) (a file can hold many matches).
    func finish(_ found: [SecretMatch]) -> [SecretMatch] {
        guard found.count > 1 else { return found }
        let generic = Set(rules.filter(\.isGeneric).map(\.id))
        func sweep(_ items: [SecretMatch]) -> [SecretMatch] {
            var kept: [SecretMatch] = []
            var end = Int.min
            for m in items.sorted(by: { ($0.offset, $0.ruleID.rawValue) < ($1.offset, $1.ruleID.rawValue) }) where m.offset >= end {
                kept.append(m)
                end = m.offset + m.length
            }
            return kept
        }
        let specific = sweep(found.filter { !generic.contains($0.ruleID) })
        // Generic matches survive only where no specific one overlaps (binary search on the sorted specifics).
        let starts = specific.map(\.offset)
        let others = sweep(found.filter { generic.contains($0.ruleID) }).filter { m in
            var lo = 0, hi = starts.count
            while lo < hi { let mid = (lo + hi) / 2; if starts[mid] < m.offset + m.length { lo = mid + 1 } else { hi = mid } }
            // specific[lo-1] is the last one starting before m ends: it overlaps if it ends after m starts.
            return lo == 0 || specific[lo - 1].offset + specific[lo - 1].length <= m.offset
        }
        let all = (specific + others).sorted { ($0.offset, $0.ruleID.rawValue) < ($1.offset, $1.ruleID.rawValue) }
        return Array(all.prefix(Self.maxMatchesPerFile))
    }
}
