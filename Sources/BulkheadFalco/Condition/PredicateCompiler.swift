import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A compiled condition: one call per event, no allocation for the common operators.
public typealias EventPredicate<Event> = @Sendable (Event) -> Bool

/// Why a condition could not be compiled against a source.
public struct PredicateCompileError: Error, Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case unknownField, unavailableField, invalid }
    public var kind: Kind
    public var message: String
    /// The field concerned (unknown/unavailable).
    public var field: String?
    public var position: ConditionPosition?
}

/// Compiles a macro-free condition AST into a predicate over one source's events.
public struct PredicateCompiler<Source: FalcoFieldSource> {
    public let source: Source
    public init(source: Source) { self.source = source }

    public typealias Event = Source.Event

    @_specialize(exported: true, where Source == SyscallFields)
    @_specialize(exported: true, where Source == K8sAuditFields)
    public func compile(_ node: ConditionNode) throws(PredicateCompileError) -> EventPredicate<Event> {
        switch node {
        case .and(let children):
            return try chain(children[...], and: true)
        case .or(let children):
            return try chain(children[...], and: false)
        case .not(let inner):
            let p = try compile(inner)
            return { !p($0) }
        case .macro(let name, let pos):
            throw PredicateCompileError(kind: .invalid, message: "Undefined macro '\(name)' used in filter.", position: pos)
        case .check(let check):
            return try compileCheck(check)
        }
    }

    /// `a && (b && c)` (or `||`), built from the right as two-way closures: short-circuits in
    /// order without iterating anything per event. The closures never pass through an array,
    /// whose opaque element type would put a reabstraction thunk in front of every call.
    private func chain(_ children: ArraySlice<ConditionNode>, and: Bool) throws(PredicateCompileError) -> EventPredicate<Event> {
        let first = try compile(children[children.startIndex])
        if children.count == 1 { return first }
        let rest = try chain(children.dropFirst(), and: and)
        if and { return { first($0) && rest($0) } }
        return { first($0) || rest($0) }
    }

    /// Resolves a field with its transformers (also used for outputs).
    @_specialize(exported: true, where Source == SyscallFields)
    @_specialize(exported: true, where Source == K8sAuditFields)
    public func accessor(for expr: FieldExpr) throws(PredicateCompileError) -> FieldAccessor<Event> {
        var acc: FieldAccessor<Event>
        switch source.resolve(field: expr.field, argument: expr.argument) {
        case .field(let a): acc = a
        case .unknown:
            throw PredicateCompileError(kind: .unknownField, message: "filter_check called with nonexistent field \(expr.field)",
                                        field: expr.field, position: expr.position)
        case .unavailable:
            throw PredicateCompileError(kind: .unavailableField,
                                        message: "field \(expr.field) is not provided by Bulkhead's \(source.name) source",
                                        field: expr.field, position: expr.position)
        case .invalid(let why):
            throw PredicateCompileError(kind: .invalid, message: why, field: expr.field, position: expr.position)
        }
        for t in expr.transformers.reversed() {
            acc = try Self.apply(t, to: acc, expr: expr)
        }
        return acc
    }

    private static func apply(_ t: FieldTransformer, to acc: FieldAccessor<Event>, expr: FieldExpr) throws(PredicateCompileError) -> FieldAccessor<Event> {
        let text = acc.render
        switch t {
        case .tolower:
            if case .list(let f) = acc { return .list { e in f(e)?.map { $0.lowercased() } } }
            return .string { e in text(e)?.lowercased() }
        case .toupper:
            if case .list(let f) = acc { return .list { e in f(e)?.map { $0.uppercased() } } }
            return .string { e in text(e)?.uppercased() }
        case .b64:
            return .string { e in
                guard let s = text(e), let d = Data(base64Encoded: s, options: .ignoreUnknownCharacters) else { return nil }
                return String(decoding: d, as: UTF8.self)
            }
        case .basename:
            return .string { e in
                guard let s = text(e) else { return nil }
                if s.hasSuffix("/") { return "" }
                if let slash = s.lastIndex(of: "/") { return String(s[s.index(after: slash)...]) }
                return s
            }
        case .len:
            switch acc {
            case .list(let f): return .number { e in f(e).map { Int64($0.count) } }
            case .anyOf(let f, _):
                return .number { e in
                    var n: Int64 = 0
                    return f(e, { _ in n += 1; return false }) == nil ? nil : n
                }
            default: return .number { e in text(e).map { Int64($0.utf8.count) } }
            }
        }
    }

    // MARK: - checks

    @_specialize(exported: true, where Source == SyscallFields)
    @_specialize(exported: true, where Source == K8sAuditFields)
    private func compileCheck(_ check: ConditionCheck) throws(PredicateCompileError) -> EventPredicate<Event> {
        let acc = try accessor(for: check.lhs)
        let op = check.op
        if op == .exists {
            switch acc {
            case .string(let f): return { f($0) != nil }
            case .number(let f): return { f($0) != nil }
            case .bool(let f): return { f($0) != nil }
            case .list(let f): return { f($0) != nil }
            case .anyOf(let f, _): return { f($0, { _ in true }) != nil }
            case .address(let f): return { f($0) != nil }
            }
        }
        guard let rhs = check.rhs else {
            throw PredicateCompileError(kind: .invalid, message: "operator \(op.rawValue) needs a value", position: check.position)
        }
        if case .field(let other) = rhs {
            return try compileFieldComparison(acc, op, try accessor(for: other), check)
        }
        let values: [String]
        switch rhs {
        case .value(let v): values = [v]
        case .list(let l): values = l
        case .field: values = []
        }
        if let set = check.lhs.field == "evt.type" ? source.eventTypes : nil {
            for v in values where !set.contains(v) {
                throw PredicateCompileError(kind: .invalid, message: "unknown event type \(v)", position: check.position)
            }
        }
        switch acc {
        case .string(let f):
            let test = try StringMatcher(op, values, check).matches
            return { e in
                guard let v = f(e) else { return false }
                return test(v)
            }
        case .anyOf(let f, let allEnds):
            if allEnds, op == .ne {
                let m = try StringMatcher(.eq, values, check)
                return { e in f(e, { m.matches($0) }).map { !$0 } ?? false }
            }
            let m = try StringMatcher(op, values, check)
            return { e in f(e, { m.matches($0) }) ?? false }
        case .list(let f):
            switch op {
            case .in:
                let set = ByteStringSet(values)
                return { e in
                    guard let vs = f(e) else { return false }
                    return vs.allSatisfy { set.contains($0) }
                }
            case .intersects:
                let set = ByteStringSet(values)
                return { e in
                    guard let vs = f(e) else { return false }
                    return vs.contains { set.contains($0) }
                }
            default:
                let m = try StringMatcher(op, values, check)
                return { e in
                    guard let vs = f(e) else { return false }
                    return vs.contains { m.matches($0) }
                }
            }
        case .number(let f):
            return try numberPredicate(f, op, values, check)
        case .bool(let f):
            let bools = try values.map { v throws(PredicateCompileError) -> Bool in
                switch v.lowercased() {
                case "true", "1": return true
                case "false", "0": return false
                default: throw PredicateCompileError(kind: .invalid, message: "invalid boolean value '\(v)' for field \(check.lhs.field)", position: check.position)
                }
            }
            switch op {
            case .eq, .in, .intersects:
                let allowTrue = bools.contains(true), allowFalse = bools.contains(false)
                return { e in f(e).map { $0 ? allowTrue : allowFalse } ?? false }
            case .ne:
                let b = bools.first ?? false
                return { e in f(e).map { $0 != b } ?? false }
            default:
                let m = try StringMatcher(op, values, check)
                return { e in f(e).map { m.matches($0 ? "true" : "false") } ?? false }
            }
        case .address(let f):
            let nets = values.compactMap { IPNetwork($0) }
            guard nets.count == values.count else {
                let m = try StringMatcher(op, values, check)
                return { e in f(e)?.contains { m.matches($0.description) } ?? false }
            }
            switch op {
            case .eq, .in, .intersects, .pmatch:
                return { e in f(e)?.contains { ip in nets.contains { $0.contains(ip) } } ?? false }
            case .ne:
                // Every end must differ (Falco's compare_ip/compare_net for !=).
                return { e in f(e)?.allSatisfy { ip in !nets.contains { $0.contains(ip) } } ?? false }
            default:
                let m = try StringMatcher(op, values, check)
                return { e in f(e)?.contains { m.matches($0.description) } ?? false }
            }
        }
    }

    @_specialize(exported: true, where Source == SyscallFields)
    @_specialize(exported: true, where Source == K8sAuditFields)
    private func numberPredicate(_ f: @escaping @Sendable (Event) -> Int64?, _ op: ComparisonOperator, _ values: [String],
                                 _ check: ConditionCheck) throws(PredicateCompileError) -> EventPredicate<Event> {
        let numbers = values.map { Int64($0) ?? (UInt64($0).map { Int64(bitPattern: $0) }) }
        let numeric = numbers.allSatisfy { $0 != nil }
        if !numeric || [.contains, .icontains, .startswith, .endswith, .glob, .iglob, .regex, .bcontains, .bstartswith, .pmatch].contains(op) {
            if [.eq, .ne, .lt, .le, .gt, .ge, .in, .intersects].contains(op) {
                throw PredicateCompileError(kind: .invalid, message: "could not parse '\(values.first(where: { Int64($0) == nil }) ?? "")' as a number for field \(check.lhs.field)", position: check.position)
            }
            let m = try StringMatcher(op, values, check)
            return { e in f(e).map { m.matches(String($0)) } ?? false }
        }
        let ns = numbers.map { $0! }
        let n = ns.first ?? 0
        switch op {
        case .eq: return { e in f(e) == n }
        case .ne: return { e in f(e).map { $0 != n } ?? false }
        case .lt: return { e in f(e).map { $0 < n } ?? false }
        case .le: return { e in f(e).map { $0 <= n } ?? false }
        case .gt: return { e in f(e).map { $0 > n } ?? false }
        case .ge: return { e in f(e).map { $0 >= n } ?? false }
        default:
            // A sorted array searched by halves: no hashing per event.
            let sorted = Array(Set(ns)).sorted()
            return { e in
                guard let v = f(e) else { return false }
                var lo = 0, hi = sorted.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if sorted[mid] < v { lo = mid + 1 } else { hi = mid }
                }
                return lo < sorted.count && sorted[lo] == v
            }
        }
    }

    @_specialize(exported: true, where Source == SyscallFields)
    @_specialize(exported: true, where Source == K8sAuditFields)
    private func compileFieldComparison(_ lhs: FieldAccessor<Event>, _ op: ComparisonOperator, _ rhs: FieldAccessor<Event>,
                                        _ check: ConditionCheck) throws(PredicateCompileError) -> EventPredicate<Event> {
        if case .number(let l) = lhs, case .number(let r) = rhs {
            return { e in
                guard let a = l(e), let b = r(e) else { return false }
                switch op {
                case .eq: return a == b
                case .ne: return a != b
                case .lt: return a < b
                case .le: return a <= b
                case .gt: return a > b
                case .ge: return a >= b
                default: return String(a) == String(b)
                }
            }
        }
        let l = lhs.render, r = rhs.render
        return { e in
            guard let a = l(e), let b = r(e) else { return false }
            guard let m = try? StringMatcher(op, [b], check) else { return false }
            return m.matches(a)
        }
    }
}

/// A string operator with its right-hand side prepared once (sets, lowered text, globs, regex),
/// held as one closure: matching is a single indirect call with no switch over payloads (a
/// switch would retain the payload on every event).
struct StringMatcher: Sendable {
    let matches: @Sendable (String) -> Bool

    init(_ op: ComparisonOperator, _ values: [String], _ check: ConditionCheck) throws(PredicateCompileError) {
        let v = values.first ?? ""
        switch op {
        case .eq, .in, .intersects:
            // One value compares bytes; a list looks bytes up in a hash set.
            if values.count == 1 {
                matches = { Bytes.equal($0, v) }
            } else {
                let set = ByteStringSet(values)
                matches = { set.contains($0) }
            }
        case .ne: matches = { !Bytes.equal($0, v) }
        case .lt: matches = { Self.order($0, v) < 0 }
        case .le: matches = { Self.order($0, v) <= 0 }
        case .gt: matches = { Self.order($0, v) > 0 }
        case .ge: matches = { Self.order($0, v) >= 0 }
        case .contains: matches = { Bytes.contains($0, v, caseInsensitive: false) }
        case .icontains:
            let lowered = String(decoding: v.utf8.map { Bytes.lower($0) }, as: UTF8.self)
            matches = { Bytes.contains($0, lowered, caseInsensitive: true) }
        case .startswith: matches = { Bytes.hasPrefix($0, v) }
        case .endswith: matches = { Bytes.hasSuffix($0, v) }
        case .bcontains, .bstartswith:
            guard let bytes = StringMatcher.hexBytes(v) else {
                throw PredicateCompileError(kind: .invalid, message: "invalid hex byte string '\(v)' for \(op.rawValue)", position: check.position)
            }
            if op == .bcontains {
                let needle = String(decoding: bytes, as: UTF8.self)
                matches = { Bytes.contains($0, needle, caseInsensitive: false) }
            } else {
                matches = { $0.utf8.starts(with: bytes) }
            }
        case .glob: matches = { fnmatch(v, $0, 0) == 0 }
        case .iglob: matches = { fnmatch(v, $0, 1 << 4) == 0 }  // FNM_CASEFOLD (a GNU extension Glibc does not export to Swift)
        case .pmatch:
            // Which components are globs is decided once, here, not per event.
            let prefixes = values.map { StringMatcher.components($0).map { c in
                (text: c, glob: c.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") })
            } }
            matches = { Self.underAny($0, prefixes) }
        case .regex:
            if let why = CompiledRegex.unsupportedByRE2POSIX(v) {
                throw PredicateCompileError(kind: .invalid, message: "invalid regular expression '\(v)': \(why)", position: check.position)
            }
            guard let re = CompiledRegex(v) else {
                throw PredicateCompileError(kind: .invalid, message: "invalid regular expression '\(v)'", position: check.position)
            }
            matches = { re.fullMatch($0) }
        case .exists: matches = { _ in false }
        }
    }

    /// `pmatch`: whether the path lies under one of the prefixes (components may be globs).
    private static func underAny(_ s: String, _ prefixes: [[(text: String, glob: Bool)]]) -> Bool {
        let path = components(s)
        for p in prefixes where p.count <= path.count {
            var ok = true
            for (i, c) in p.enumerated() {
                if c.glob ? fnmatch(c.text, path[i], 0) != 0 : !Bytes.equal(c.text, path[i]) { ok = false; break }
            }
            if ok { return true }
        }
        return false
    }

    /// Numbers compare numerically when both sides are integers, text otherwise (byte order).
    private static func order(_ a: String, _ b: String) -> Int {
        if let x = Int64(a), let y = Int64(b) { return x < y ? -1 : (x == y ? 0 : 1) }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : (a == b ? 0 : 1)
    }

    /// Path components as Falco's prefix search splits them: on `/`, empty ones skipped, so
    /// `//etc/x` and `etc/x` are both under `/etc`.
    static func components(_ path: String) -> [String] {
        // Bytes, not Characters: a combining mark after `/` must not hide the separator.
        path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }

    static func hexBytes(_ s: String) -> [UInt8]? {
        let chars = Array(s.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            guard let h = hexValue(chars[i]), let l = hexValue(chars[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// A POSIX extended regular expression matched against the whole string (Falco's `regex` is an
/// anchored full match).
final class CompiledRegex: @unchecked Sendable {
    // regexec on a compiled regex_t is safe from several threads; the value is never mutated.
    private var re = regex_t()

    init?(_ pattern: String) {
        guard regcomp(&re, "^(" + pattern + ")$", REG_EXTENDED | REG_NOSUB) == 0 else { return nil }
    }

    deinit { regfree(&re) }

    /// Falco compiles `regex` with RE2 in POSIX mode, which refuses Perl classes (`\\d`, `\\w`,
    /// `\\s`, `\\b`), non-greedy repetition, back-references and `(?` groups. glibc would accept
    /// some of them with another meaning, so they are refused here too.
    static func unsupportedByRE2POSIX(_ p: String) -> String? {
        let b = Array(p.utf8)
        var i = 0
        var inClass = false
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\\"), i + 1 < b.count {
                let n = b[i + 1]
                if "dDwWsSbBpPzAQE".utf8.contains(n) { return "\\\(Character(Unicode.Scalar(n))) is not POSIX syntax" }
                if n >= UInt8(ascii: "1"), n <= UInt8(ascii: "9"), !inClass { return "back-references are not supported" }
                i += 2
                continue
            }
            if c == UInt8(ascii: "[") { inClass = true } else if c == UInt8(ascii: "]") { inClass = false }
            if !inClass, c == UInt8(ascii: "?"), i > 0, [UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "}")].contains(b[i - 1]) {
                return "non-greedy repetition is not POSIX syntax"
            }
            if !inClass, c == UInt8(ascii: "("), i + 1 < b.count, b[i + 1] == UInt8(ascii: "?") { return "(? groups are not POSIX syntax" }
            i += 1
        }
        return nil
    }

    func fullMatch(_ s: String) -> Bool {
        regexec(&re, s, 0, nil, 0) == 0
    }
}

/// Byte-level string operations on UTF-8 storage (Falco compares bytes; no Unicode
/// normalisation, no allocation).
enum Bytes {
    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c | 0x20 : c }

    @inline(__always)
    static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = s
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable(body)!
    }

    static func equal(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return withBytes(a) { x in withBytes(b) { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    static func hasPrefix(_ s: String, _ p: String) -> Bool {
        let n = p.utf8.count
        guard s.utf8.count >= n else { return false }
        if n == 0 { return true }
        return withBytes(s) { x in withBytes(p) { y in memcmp(x.baseAddress!, y.baseAddress!, n) == 0 } }
    }

    static func hasSuffix(_ s: String, _ p: String) -> Bool {
        let n = p.utf8.count, m = s.utf8.count
        guard m >= n else { return false }
        if n == 0 { return true }
        return withBytes(s) { x in withBytes(p) { y in memcmp(x.baseAddress! + (m - n), y.baseAddress!, n) == 0 } }
    }

    /// Substring search; with `caseInsensitive` the needle must already be lower-case ASCII.
    static func contains(_ s: String, _ needle: String, caseInsensitive: Bool) -> Bool {
        let n = needle.utf8.count
        if n == 0 { return true }
        guard s.utf8.count >= n else { return false }
        return withBytes(s) { hay in
            withBytes(needle) { nd in
                if !caseInsensitive {
                    // memchr for the first byte, memcmp for the rest (memmem is a GNU extension
                    // Swift's Glibc module does not export).
                    let base = hay.baseAddress!
                    var i = 0
                    let last = hay.count - n
                    while i <= last {
                        guard let hit = memchr(base + i, Int32(nd[0]), last - i + 1) else { return false }
                        let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                        if memcmp(base + at, nd.baseAddress!, n) == 0 { return true }
                        i = at + 1
                    }
                    return false
                }
                let first = nd[0]
                var i = 0
                let last = hay.count - n
                while i <= last {
                    if lower(hay[i]) == first {
                        var j = 1
                        while j < n, lower(hay[i + j]) == nd[j] { j += 1 }
                        if j == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
