/// The patterns of a `.dockerignore` file, answering whether a path of the build context is
/// excluded — with the semantics BuildKit uses (`moby/patternmatcher` and its `ignorefile`
/// reader), so Bulkhead agrees with `docker build` about which files never reach the builder.
///
/// Reading (`ignorefile.ReadAll`): a UTF-8 BOM is dropped; lines starting with `#` (in the first
/// column) are comments; other lines are trimmed, blank ones skipped; `!` marks an exception;
/// each pattern is cleaned like Go's `filepath.Clean` (`./a//b/` → `a/b`, `a/../b` → `b`) and a
/// leading `/` is dropped, so every pattern is relative to the context root.
///
/// Matching (`PatternMatcher.MatchesOrParentMatches`): `*` matches any run of characters except
/// `/`, `?` one character except `/`, `[a-z]` / `[^a-z]` a character class, `\` escapes the next
/// character, `**` any number of directories (`**/x`, `a/**/b`, `a/**`). A pattern matches a
/// path when it matches the whole path or one of its parent directories (`docs` excludes
/// `docs/README.md`). Patterns are applied in order and the last one that matches decides, an
/// exception (`!`) re-including what an earlier pattern excluded.
///
/// The matcher is pure: the CLI reads the file, rules only ask questions.
///
/// Known differences from patternmatcher, all on patterns no real `.dockerignore` uses (Go
/// translates patterns to regular expressions without fully escaping them): `*` and `?` inside a
/// `[...]` class are plain characters here; an escaped letter (`\d`) is that letter; `^` outside a
/// class is a plain character.
public struct DockerignoreMatcher: Sendable, Hashable {
    /// One pattern of the file, cleaned.
    public struct Pattern: Sendable, Hashable {
        /// The cleaned pattern, without its `!` (`**/*.log`, `docs`).
        public let text: String
        /// A `!` exception: re-includes what earlier patterns excluded.
        public let isException: Bool
        /// 1-based line in the ignore file.
        public let line: Int
        let kind: Kind
    }

    /// A line BuildKit rejects (it fails the build on it).
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// 1-based line in the ignore file.
        public let line: Int
        /// The pattern as it reads after cleaning.
        public let pattern: String
        public let reason: String
        public var description: String { "line \(line): invalid pattern \(BuildKitCheck.goQuote(pattern)): \(reason)" }
    }

    /// How patternmatcher evaluates a compiled pattern: plain comparisons when the pattern allows,
    /// otherwise a token sequence standing for its regular expression.
    enum Kind: Sendable, Hashable {
        /// No wildcard: the path equals the pattern.
        case exact
        /// `abc/**`, `abc**`: the path starts with the text before `**`.
        case prefix([Unicode.Scalar])
        /// `**/abc`, `**abc`, `**`: the path ends with the text after `**` (or equals it without
        /// its leading `/`).
        case suffix([Unicode.Scalar])
        case tokens([Token])
    }

    enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        /// `?`: `[^/]`.
        case notSlash
        /// `*`: `[^/]*`.
        case notSlashRun
        /// `**` not at the end: `(.*/)?`, zero or more whole directories.
        case directories
        /// `**` at the end after a wildcard: `.*`.
        case anyRun
        case characterClass(CharacterClass)
    }

    struct CharacterClass: Sendable, Hashable {
        var negated: Bool
        var ranges: [ClosedRange<UInt32>]

        func matches(_ c: Unicode.Scalar) -> Bool {
            ranges.contains { $0.contains(c.value) } != negated
        }
    }

    /// The patterns in file order.
    public let patterns: [Pattern]

    /// Whether any pattern is a `!` exception. BuildKit does not check COPY sources against such
    /// files: an excluded directory may have re-included files, which it cannot tell statically.
    public var hasExceptions: Bool { patterns.contains { $0.isException } }

    /// Whether a pattern excludes every entry of the context root (`*`, `**`, `**/*`), the only
    /// case in which BuildKit warns about copying the context root itself (`COPY . .`).
    public var excludesContextRoot: Bool {
        patterns.contains { !$0.isException && ($0.text == "*" || $0.text == "**" || $0.text == "**/*") }
    }

    /// An empty matcher: nothing is excluded.
    public init() { patterns = [] }

    /// Parses the contents of a `.dockerignore` file.
    public init(_ text: String) throws(ParseError) {
        var lines: [String] = []
        for (n, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw[...]
            if line.last == "\r" { line = line.dropLast() }
            if n == 0, line.first == "\u{FEFF}" { line = line.dropFirst() }
            lines.append(String(String.UnicodeScalarView(line)))
        }
        // A final newline does not start another line (it would be blank and skipped anyway).
        try self.init(lines: lines)
    }

    /// Parses `.dockerignore` lines (comments and blank lines allowed), line numbers counted from 1.
    public init(lines: [String]) throws(ParseError) {
        var patterns: [Pattern] = []
        for (n, line) in lines.enumerated() {
            // ignorefile.ReadAll: comments are recognised before trimming.
            if line.unicodeScalars.first == "#" { continue }
            var text = Self.trimSpace(line)
            if text.isEmpty { continue }
            let invert = text.unicodeScalars.first == "!"
            if invert { text = Self.trimSpace(Self.dropFirstScalar(text)) }
            if !text.isEmpty {
                text = Self.clean(text)
                if text.unicodeScalars.count > 1, text.unicodeScalars.first == "/" { text = Self.dropFirstScalar(text) }
            }
            if invert { text = "!" + text }
            // PatternMatcher.New: trimmed and cleaned again, then `!` taken off.
            text = Self.clean(Self.trimSpace(text))
            var isException = false
            if text.unicodeScalars.first == "!" {
                guard text.unicodeScalars.count > 1 else {
                    throw ParseError(line: n + 1, pattern: text, reason: "illegal exclusion pattern")
                }
                isException = true
                text = Self.dropFirstScalar(text)
            }
            let kind: Kind
            do {
                kind = try Self.compile(Array(text.unicodeScalars))
            } catch {
                throw ParseError(line: n + 1, pattern: text, reason: error.reason)
            }
            patterns.append(Pattern(text: text, isException: isException, line: n + 1, kind: kind))
        }
        self.patterns = patterns
    }

    /// Whether `path` (relative to the context root, `/`-separated) is excluded: the last pattern
    /// that matches it or one of its parent directories is not an exception. The path is cleaned
    /// first (`./a/b/` is `a/b`).
    public func isExcluded(_ path: String) -> Bool {
        let file = Array(Self.clean(path).unicodeScalars)
        // Go's filepath.Dir, then every leading run of its components (strings.Split keeps empty
        // components, so `/a/b`'s parents are `` and `/a`).
        var parents: [ArraySlice<Unicode.Scalar>] = []
        if let slash = file.lastIndex(of: "/") {
            let dir = Array(Self.clean(String(String.UnicodeScalarView(file[...slash]))).unicodeScalars)
            if dir != ["."] {
                for (i, c) in dir.enumerated() where c == "/" { parents.append(dir[..<i]) }
                parents.append(dir[...])
            }
        }
        var matched = false
        for pattern in patterns where pattern.isException == matched {
            var match = pattern.matches(file[...])
            if !match {
                match = parents.contains { pattern.matches($0) }
            }
            if match { matched = !pattern.isException }
        }
        return matched
    }

    // MARK: - Go helpers

    /// Go's `strings.TrimSpace`.
    static func trimSpace(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Go's `path.Clean`: one `/` between elements, `.` elements dropped, `..` resolved
    /// lexically (kept at the start of a relative path, dropped at the root), no trailing `/`;
    /// `.` for an empty result.
    public static func clean(_ path: String) -> String {
        let rooted = path.unicodeScalars.first == "/"
        var out: [String] = []
        for scalars in path.unicodeScalars.split(separator: "/", omittingEmptySubsequences: true) {
            let element = String(String.UnicodeScalarView(scalars))
            switch element {
            case ".":
                continue
            case "..":
                if let last = out.last, last != ".." {
                    out.removeLast()
                } else if !rooted {
                    out.append(element)
                }
            default:
                out.append(element)
            }
        }
        let joined = out.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func dropFirstScalar(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.dropFirst()))
    }

    // MARK: - Compiling (patternmatcher's Pattern.compile, validated as filepath.Match does)

    struct CompileError: Error { var reason: String }

    static func compile(_ p: [Unicode.Scalar]) throws(CompileError) -> Kind {
        enum Detected { case exact, prefix, suffix, regexp }
        var detected = Detected.exact
        var tokens: [Token] = []
        var i = 0
        var iteration = 0
        while i < p.count {
            let ch = p[i]
            i += 1
            switch ch {
            case "*":
                if i < p.count, p[i] == "*" {
                    i += 1
                    // `**/` counts as `**`.
                    if i < p.count, p[i] == "/" { i += 1 }
                    if i == p.count {
                        if detected == .exact {
                            detected = .prefix
                        } else {
                            tokens.append(.anyRun)
                            detected = .regexp
                        }
                    } else {
                        tokens.append(.directories)
                        detected = .regexp
                    }
                    if iteration == 0 { detected = .suffix }
                } else {
                    tokens.append(.notSlashRun)
                    detected = .regexp
                }
            case "?":
                tokens.append(.notSlash)
                detected = .regexp
            case "\\":
                guard i < p.count else { throw CompileError(reason: "trailing backslash") }
                tokens.append(.literal(p[i]))
                i += 1
                detected = .regexp
            case "[":
                let (characterClass, next) = try parseClass(p, from: i)
                tokens.append(.characterClass(characterClass))
                i = next
                detected = .regexp
            case "]":
                tokens.append(.literal(ch))
                detected = .regexp
            default:
                tokens.append(.literal(ch))
            }
            iteration += 1
        }
        switch detected {
        case .exact: return .exact
        case .prefix: return .prefix(Array(p.dropLast(2)))
        case .suffix: return .suffix(Array(p.dropFirst(2)))
        case .regexp: return .tokens(tokens)
        }
    }

    /// A `[...]` class starting after its `[`, with filepath.Match's rules: optional `^`, then
    /// characters or `lo-hi` ranges (`\` escapes one), no empty class, `-` and `]` only escaped.
    static func parseClass(_ p: [Unicode.Scalar], from start: Int) throws(CompileError) -> (CharacterClass, Int) {
        var i = start
        var result = CharacterClass(negated: false, ranges: [])
        if i < p.count, p[i] == "^" {
            result.negated = true
            i += 1
        }
        func element() throws(CompileError) -> Unicode.Scalar {
            guard i < p.count else { throw CompileError(reason: "unterminated character class") }
            guard p[i] != "-", p[i] != "]" else {
                throw CompileError(reason: "'\(p[i])' must be escaped in a character class")
            }
            if p[i] == "\\" { i += 1 }
            guard i + 1 < p.count else { throw CompileError(reason: "unterminated character class") }
            let c = p[i]
            i += 1
            return c
        }
        while true {
            if i < p.count, p[i] == "]", !result.ranges.isEmpty {
                return (result, i + 1)
            }
            let lo = try element()
            var hi = lo
            if p[i] == "-" {
                i += 1
                hi = try element()
            }
            guard lo.value <= hi.value else { throw CompileError(reason: "invalid character class range") }
            result.ranges.append(lo.value...hi.value)
        }
    }
}

extension DockerignoreMatcher.Pattern {
    /// Whether this pattern alone matches `path` exactly (patternmatcher's `Pattern.match`).
    func matches(_ path: ArraySlice<Unicode.Scalar>) -> Bool {
        switch kind {
        case .exact:
            return path.elementsEqual(text.unicodeScalars)
        case .prefix(let prefix):
            return path.starts(with: prefix)
        case .suffix(let suffix):
            if path.count >= suffix.count, path.suffix(suffix.count).elementsEqual(suffix) { return true }
            // `**/foo` matches `foo`.
            return suffix.first == "/" && path.elementsEqual(suffix.dropFirst())
        case .tokens(let tokens):
            return Self.matches(tokens, path)
        }
    }

    /// Whole-path match of a token sequence (an anchored regular expression), by dynamic
    /// programming from the end: `next[p]` says whether the tokens after the current one match
    /// `path[p...]`. Linear in tokens × path length, like Go's regexp engine.
    static func matches(_ tokens: [DockerignoreMatcher.Token], _ path: ArraySlice<Unicode.Scalar>) -> Bool {
        let s = Array(path)
        let n = s.count
        var next = [Bool](repeating: false, count: n + 1)
        next[n] = true
        var current = [Bool](repeating: false, count: n + 1)
        for token in tokens.reversed() {
            switch token {
            case .literal(let c):
                for p in 0...n { current[p] = p < n && s[p] == c && next[p + 1] }
            case .notSlash:
                for p in 0...n { current[p] = p < n && s[p] != "/" && next[p + 1] }
            case .characterClass(let cls):
                for p in 0...n { current[p] = p < n && cls.matches(s[p]) && next[p + 1] }
            case .notSlashRun:
                current[n] = next[n]
                for p in stride(from: n - 1, through: 0, by: -1) {
                    current[p] = next[p] || (s[p] != "/" && current[p + 1])
                }
            case .anyRun:
                // Go's `.` does not match a newline.
                current[n] = next[n]
                for p in stride(from: n - 1, through: 0, by: -1) {
                    current[p] = next[p] || (s[p] != "\n" && current[p + 1])
                }
            case .directories:
                // `(.*/)?`: nothing, or any run (no newline) ending in `/`.
                var group = false
                current[n] = next[n]
                for p in stride(from: n - 1, through: 0, by: -1) {
                    group = s[p] != "\n" && ((s[p] == "/" && next[p + 1]) || group)
                    current[p] = next[p] || group
                }
            }
            swap(&current, &next)
        }
        return next[0]
    }
}
