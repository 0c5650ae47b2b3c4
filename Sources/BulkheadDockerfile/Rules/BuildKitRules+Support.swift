import BulkheadCore

/// Shared helpers of the BuildKit build-check rules (DF401–DF421): BuildKit's variable expansion
/// (`shell.Lex` with matched / unmatched tracking), its "did you mean" search, the image reference
/// and platform grammars it validates with, and the variable scope each stage sees.
///
/// Everything here is pure. Where BuildKit looks at data Bulkhead cannot see (the base image's
/// `ENV`, `--build-arg` values, the build platform), the helpers say so with ``VarLookup``
/// values instead of guessing, and the rules stay silent on what they cannot know.
enum BuildKitCheck {
    // MARK: - Variable lookup

    /// What a variable reference resolves to in a scope.
    enum VarLookup: Sendable, Hashable {
        /// Set, with a value known statically.
        case value(String)
        /// Set, but its value comes from the base image or is otherwise unknown.
        case unknownValue
        /// Not set by the Dockerfile, and the base image's environment is unknown: it may be set.
        case possiblyUnset
        /// Not set.
        case unset

        var isKnown: Bool { if case .value = self { return true } else { return false } }
    }

    /// ARGs BuildKit never puts in the environment (and never reports as undefined).
    static let nonEnvArgs: Set<String> = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"]

    /// The default `PATH` BuildKit sets when the image has none (Linux).
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    // MARK: - Word processing (BuildKit shell.Lex)

    /// The outcome of processing one word as BuildKit's `Lex.ProcessWord(s)` does.
    struct Word: Sendable {
        /// The expanded word (unknown values expand to the empty string).
        var value: String
        /// The word split on unquoted whitespace after expansion (`ProcessWords`).
        var words: [String]
        /// Every variable looked up, in order (a name may repeat).
        var lookups: [(name: String, result: VarLookup)]
        /// BuildKit would fail on this word (bad substitution, unterminated quote, `${x?}`).
        var failed: Bool

        /// Whether the value depends on something unknown (so ``value`` is not what BuildKit sees).
        var isUncertain: Bool { failed || lookups.contains { !$0.result.isKnown && $0.result != .unset } }
        /// Names looked up, first occurrence order, without repeats.
        var names: [String] {
            var seen: Set<String> = []
            return lookups.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
        }
    }

    /// Processes `word` like BuildKit's shell lexer: quotes (unless `skipQuotes`), the escape
    /// token, `$name`, `${name}`, `${name:-w}`, `${name-w}`, `${name:+w}`, `${name+w}`,
    /// `${name?w}`, `${name#p}`, `${name%p}` (and doubled forms), `${name/p/r}`, `${name//p/r}`.
    static func process(_ word: String, escape: Character = "\\", skipQuotes: Bool = false,
                        lookup: (String) -> VarLookup) -> Word {
        withoutActuallyEscaping(lookup) { lookup in
            var lexer = Lexer(scalars: Array(word.unicodeScalars),
                              escape: escape.unicodeScalars.first ?? "\\", skipQuotes: skipQuotes, lookup: lookup)
            do {
                let (value, words) = try lexer.processStopOn(nil, rawEscapes: false)
                return Word(value: value, words: words, lookups: lexer.lookups, failed: false)
            } catch {
                return Word(value: "", words: [], lookups: lexer.lookups, failed: true)
            }
        }
    }

    private struct LexError: Error {}

    private struct Lexer {
        let scalars: [Unicode.Scalar]
        let escape: Unicode.Scalar
        let skipQuotes: Bool
        let lookup: (String) -> VarLookup
        var pos = 0
        var rawEscapes = false
        var lookups: [(name: String, result: VarLookup)] = []

        init(scalars: [Unicode.Scalar], escape: Unicode.Scalar, skipQuotes: Bool, lookup: @escaping (String) -> VarLookup) {
            self.scalars = scalars
            self.escape = escape
            self.skipQuotes = skipQuotes
            self.lookup = lookup
        }

        func peek() -> Unicode.Scalar? { pos < scalars.count ? scalars[pos] : nil }

        mutating func next() -> Unicode.Scalar? {
            guard pos < scalars.count else { return nil }
            defer { pos += 1 }
            return scalars[pos]
        }

        /// Splits into words the way BuildKit's `wordsStruct` does.
        struct Words {
            var buf = ""
            var words: [String] = []
            var inWord = false

            mutating func addChar(_ ch: Unicode.Scalar) {
                if ch.properties.isWhitespace {
                    if inWord, !buf.isEmpty {
                        words.append(buf)
                        buf = ""
                        inWord = false
                    }
                } else {
                    addRawChar(ch)
                }
            }

            mutating func addRawChar(_ ch: Unicode.Scalar) {
                buf.unicodeScalars.append(ch)
                inWord = true
            }

            mutating func addString(_ s: String) { for ch in s.unicodeScalars { addChar(ch) } }

            mutating func addRawString(_ s: String) {
                buf += s
                inWord = true
            }

            mutating func finish() -> [String] {
                if !buf.isEmpty { words.append(buf) }
                return words
            }
        }

        mutating func processStopOn(_ stop: Unicode.Scalar?, rawEscapes raw: Bool) throws(LexError) -> (String, [String]) {
            var result = ""
            var words = Words()
            let saved = rawEscapes
            rawEscapes = raw
            defer { rawEscapes = saved }
            while let ch = peek() {
                if let stop, ch == stop {
                    pos += 1
                    return (result, words.finish())
                }
                if ch == "$" {
                    let tmp = try processDollar()
                    result += tmp
                    words.addString(tmp)
                } else if ch == "<" {
                    let tmp = processPossibleHeredoc()
                    result += tmp
                    words.addRawString(tmp)
                } else if !skipQuotes && ch == "'" {
                    let tmp = try processSingleQuote()
                    result += tmp
                    words.addRawString(tmp)
                } else if !skipQuotes && ch == "\"" {
                    let tmp = try processDoubleQuote()
                    result += tmp
                    words.addRawString(tmp)
                } else {
                    pos += 1
                    var c = ch
                    if c == escape {
                        if rawEscapes {
                            words.addRawChar(c)
                            result.unicodeScalars.append(c)
                        }
                        guard let n = next() else { break }
                        c = n
                        words.addRawChar(c)
                    } else {
                        words.addChar(c)
                    }
                    result.unicodeScalars.append(c)
                }
            }
            if stop != nil { throw LexError() }
            return (result, words.finish())
        }

        mutating func processPossibleHeredoc() -> String {
            pos += 1
            guard peek() == "<" else { return "<" }
            pos += 1
            var out = "<<"
            while let c = peek(), c == " " || c == "\t" {
                out.unicodeScalars.append(c)
                pos += 1
            }
            return out
        }

        mutating func processSingleQuote() throws(LexError) -> String {
            pos += 1
            var out = ""
            while true {
                guard let c = next() else { throw LexError() }
                if c == "'" { return out }
                out.unicodeScalars.append(c)
            }
        }

        mutating func processDoubleQuote() throws(LexError) -> String {
            pos += 1
            var out = ""
            while true {
                guard let c = peek() else { throw LexError() }
                if c == "\"" {
                    pos += 1
                    return out
                }
                if c == "$" {
                    out += try processDollar()
                    continue
                }
                pos += 1
                if c == escape {
                    if rawEscapes { out.unicodeScalars.append(c) }
                    guard let n = peek() else { continue }
                    if n == "\"" || n == "$" || n == escape {
                        pos += 1
                        out.unicodeScalars.append(n)
                    } else {
                        out.unicodeScalars.append(c)
                    }
                    continue
                }
                out.unicodeScalars.append(c)
            }
        }

        mutating func get(_ name: String) -> VarLookup {
            let r = lookup(name)
            lookups.append((name, r))
            return r
        }

        static func text(_ r: VarLookup) -> (String, set: Bool) {
            switch r {
            case .value(let v): (v, true)
            case .unknownValue: ("", true)
            case .possiblyUnset, .unset: ("", false)
            }
        }

        mutating func processDollar() throws(LexError) -> String {
            pos += 1
            if peek() != "{" {
                let name = processName()
                if name.isEmpty { return "$" }
                return Self.text(get(name)).0
            }
            pos += 1
            guard let first = peek() else { throw LexError() }
            if first == "{" || first == "}" || first == ":" { throw LexError() }
            let name = processName()
            guard var ch = next() else { throw LexError() }
            var nullIsUnset = false
            switch ch {
            case "}":
                return Self.text(get(name)).0
            case ":", "+", "-", "?", "#", "%":
                if ch == ":" {
                    nullIsUnset = true
                    guard let n = next() else { throw LexError() }
                    ch = n
                }
                let rawMode = ch == "#" || ch == "%"
                if nullIsUnset && rawMode { throw LexError() }
                let (word, _) = try processStopOn("}", rawEscapes: rawMode)
                let (value, set) = Self.text(get(name))
                switch ch {
                case "-":
                    return (!set || (nullIsUnset && value.isEmpty)) ? word : value
                case "+":
                    return (!set || (nullIsUnset && value.isEmpty)) ? "" : word
                case "?":
                    if !set || (nullIsUnset && value.isEmpty) { throw LexError() }
                    return value
                case "%", "#":
                    var pattern = Array(word.unicodeScalars)
                    var greedy = false
                    if let f = pattern.first, f == ch {
                        greedy = true
                        pattern.removeFirst()
                    }
                    return ch == "%" ? Glob.trimSuffix(pattern, value, greedy: greedy)
                        : Glob.trimPrefix(pattern, value, greedy: greedy)
                default:
                    throw LexError()
                }
            case "/":
                let all = peek() == "/"
                if all { pos += 1 }
                let (pattern, _) = try processStopOn("/", rawEscapes: true)
                let (replacement, _) = try processStopOn("}", rawEscapes: true)
                let (value, _) = Self.text(get(name))
                return Glob.replace(Array(pattern.unicodeScalars), in: value, with: replacement, all: all)
            default:
                throw LexError()
            }
        }

        mutating func processName() -> String {
            var name = ""
            while let ch = peek() {
                if name.isEmpty, ch.properties.numericType == .decimal {
                    while let d = peek(), d.properties.numericType == .decimal {
                        name.unicodeScalars.append(d)
                        pos += 1
                    }
                    return name
                }
                if name.isEmpty, "@*#?-$!0".unicodeScalars.contains(ch) {
                    pos += 1
                    return String(ch)
                }
                guard ch.properties.isAlphabetic || ch.properties.numericType == .decimal || ch == "_" else { break }
                name.unicodeScalars.append(ch)
                pos += 1
            }
            return name
        }
    }

    /// Shell patterns (`*`, `?`, escapes) for `${v#p}`, `${v%p}` and `${v/p/r}`.
    enum Glob {
        static func matches(_ p: ArraySlice<Unicode.Scalar>, _ s: ArraySlice<Unicode.Scalar>) -> Bool {
            guard let first = p.first else { return s.isEmpty }
            switch first {
            case "*":
                let rest = p.dropFirst()
                var i = s.startIndex
                while true {
                    if matches(rest, s[i...]) { return true }
                    if i == s.endIndex { return false }
                    i += 1
                }
            case "?":
                return !s.isEmpty && matches(p.dropFirst(), s.dropFirst())
            case "\\" where p.count > 1:
                let lit = p[p.startIndex + 1]
                return s.first == lit && matches(p.dropFirst(2), s.dropFirst())
            default:
                return s.first == first && matches(p.dropFirst(), s.dropFirst())
            }
        }

        static func trimPrefix(_ p: [Unicode.Scalar], _ value: String, greedy: Bool) -> String {
            let s = Array(value.unicodeScalars)
            let lengths = greedy ? Array((0...s.count).reversed()) : Array(0...s.count)
            for n in lengths where matches(p[...], s[..<n]) { return string(s[n...]) }
            return value
        }

        static func trimSuffix(_ p: [Unicode.Scalar], _ value: String, greedy: Bool) -> String {
            let s = Array(value.unicodeScalars)
            let starts = greedy ? Array(0...s.count) : Array((0...s.count).reversed())
            for n in starts where matches(p[...], s[n...]) { return string(s[..<n]) }
            return value
        }

        static func replace(_ p: [Unicode.Scalar], in value: String, with r: String, all: Bool) -> String {
            let s = Array(value.unicodeScalars)
            var out = ""
            var i = 0
            var replaced = false
            while i <= s.count {
                if !replaced || all, let end = (i...s.count).reversed().first(where: { matches(p[...], s[i..<$0]) }) {
                    out += r
                    replaced = true
                    if end == i {
                        if i < s.count { out.unicodeScalars.append(s[i]) }
                        i += 1
                    } else {
                        i = end
                    }
                    continue
                }
                if i < s.count { out.unicodeScalars.append(s[i]) }
                i += 1
            }
            return out
        }

        static func string(_ s: ArraySlice<Unicode.Scalar>) -> String {
            var out = ""
            out.unicodeScalars.append(contentsOf: s)
            return out
        }
    }

    // MARK: - Suggestions

    /// BuildKit's `suggest.Search`: the option closest to `value` by Levenshtein distance, when
    /// under 3 edits and not an exact match (the first of equally close options wins).
    static func suggest(_ value: String, among options: [String], caseSensitive: Bool = true) -> String? {
        let v = caseSensitive ? value : value.lowercased()
        var match: String?
        var best = 3
        for option in options {
            let o = caseSensitive ? option : option.lowercased()
            if o == v { return nil }
            let d = levenshtein(Array(v.unicodeScalars), Array(o.unicodeScalars))
            if d < best {
                best = d
                match = option
            }
        }
        return match
    }

    static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    // MARK: - Go formatting

    /// Go's `%q` for the strings BuildKit quotes in messages (see ``goQuote(_:controls:)``; BEL,
    /// BS, FF and VT come out as `\xNN`, as these messages have always written them).
    static func goQuote(_ s: String) -> String { BulkheadCore.goQuote(s, controls: .hex) }

    // MARK: - Image references (distribution/reference ParseNormalizedNamed)

    /// Whether `s` parses as BuildKit's base image name (`reference.ParseNormalizedNamed`).
    static func isValidImageReference(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        if scalars.count == 64, scalars.allSatisfy(isLowerHex) { return false }
        // splitDockerDomain
        var domain = "docker.io"
        var remainder = s
        if let slash = s.firstIndex(of: "/") {
            let first = String(s[..<slash])
            let rest = String(s[s.index(after: slash)...])
            if first == "index.docker.io" {
                remainder = rest
            } else if first == "localhost" || first.contains(".") || first.contains(":") || first.lowercased() != first {
                domain = first
                remainder = rest
            }
        } else {
            remainder = "library/" + s
        }
        let remote = remainder.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? remainder
        guard remote.lowercased() == remote else { return false }
        return parseReference(domain + "/" + remainder)
    }

    /// `reference.Parse`: `name[:tag][@digest]`, the path at most 255 characters, digests of a
    /// known algorithm with the right length.
    private static func parseReference(_ s: String) -> Bool {
        var rest = Substring(s)
        if let at = rest.firstIndex(of: "@") {
            let digest = rest[rest.index(after: at)...]
            guard isValidDigest(digest) else { return false }
            rest = rest[..<at]
        }
        // A tag follows the last ':' after the last '/'.
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            let tag = rest[rest.index(after: colon)...]
            if isValidTag(tag) {
                let name = rest[..<colon]
                if isValidName(name) { return true }
            }
            // `host:port/...` without tag is handled below (the colon is before a slash then).
        }
        return isValidName(rest)
    }

    private static func isValidName(_ s: Substring) -> Bool {
        // [domain/]remote where remote = path-component(/path-component)*
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return false }
        // Try "domain/remote" first when there are at least two parts, then "remote".
        if parts.count >= 2, isValidDomain(parts[0]), parts.dropFirst().allSatisfy(isPathComponent) {
            return parts.dropFirst().joined(separator: "/").count <= 255
        }
        if parts.allSatisfy(isPathComponent) { return s.count <= 255 }
        return false
    }

    private static func isPathComponent(_ s: Substring) -> Bool {
        // [a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*
        let c = Array(s.unicodeScalars)
        guard let f = c.first, isLowerAlnum(f), let l = c.last, isLowerAlnum(l) else { return false }
        var i = 0
        while i < c.count {
            if isLowerAlnum(c[i]) {
                i += 1
                continue
            }
            // A separator run.
            var j = i
            while j < c.count, !isLowerAlnum(c[j]) { j += 1 }
            let sep = String(String.UnicodeScalarView(c[i..<j]))
            guard sep == "." || sep == "_" || sep == "__" || (!sep.isEmpty && sep.allSatisfy { $0 == "-" }) else { return false }
            i = j
        }
        return true
    }

    private static func isValidDomain(_ s: Substring) -> Bool {
        var host = s
        if let colon = s.lastIndex(of: ":"), !s.hasPrefix("[") || s[..<colon].hasSuffix("]") {
            let port = s[s.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            host = s[..<colon]
        }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { return false }
            return host.dropFirst().dropLast().allSatisfy { $0 == ":" || $0.isHexDigit }
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard let f = label.first, let l = label.last else { return false }
            return f.isASCII && (f.isLetter || f.isNumber) && l.isASCII && (l.isLetter || l.isNumber)
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    private static func isValidTag(_ s: Substring) -> Bool {
        // [\w][\w.-]{0,127}
        guard let f = s.first, isWordChar(f), s.count <= 128 else { return false }
        return s.allSatisfy { isWordChar($0) || $0 == "." || $0 == "-" }
    }

    private static func isValidDigest(_ s: Substring) -> Bool {
        guard let colon = s.firstIndex(of: ":") else { return false }
        let algorithm = s[..<colon]
        let encoded = s[s.index(after: colon)...]
        let lengths: [Substring: Int] = ["sha256": 64, "sha384": 96, "sha512": 128]
        guard let n = lengths[algorithm] else { return false }
        return encoded.count == n && encoded.unicodeScalars.allSatisfy(isLowerHex)
    }

    private static func isWordChar(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_")
    }

    private static func isLowerAlnum(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "0" && c <= "9")
    }

    private static func isLowerHex(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "f") || (c >= "0" && c <= "9")
    }

    // MARK: - Platforms (containerd platforms.Parse)

    /// The OS and architecture of a platform specifier as containerd normalizes them; `nil` when
    /// BuildKit could not parse it. A bare OS takes BuildKit's host architecture, assumed amd64.
    static func parsePlatform(_ specifier: String) -> (os: String, arch: String)? {
        guard !specifier.contains("*") else { return nil }
        let parts = specifier.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3, let first = parts.first else { return nil }
        // OS, optionally with `(version+features)`.
        var osName = first
        if let paren = first.firstIndex(of: "(") {
            guard first.hasSuffix(")") else { return nil }
            osName = String(first[..<paren])
        }
        func isOSChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") }
        func isSpecChar(_ c: Character) -> Bool { isOSChar(c) || c == "." }
        guard !osName.isEmpty, osName.allSatisfy(isOSChar) else { return nil }
        for p in parts.dropFirst() where p.isEmpty || !p.allSatisfy(isSpecChar) { return nil }
        let os = osName.lowercased() == "macos" ? "darwin" : osName.lowercased()
        switch parts.count {
        case 1:
            if knownOS.contains(os) { return (os, "amd64") }
            let arch = normalizeArch(first)
            return knownArch.contains(arch) ? ("linux", arch) : nil
        default:
            return (os, normalizeArch(parts[1]))
        }
    }

    static func normalizeArch(_ arch: String) -> String {
        switch arch.lowercased() {
        case "i386": "386"
        case "x86_64", "x86-64", "amd64": "amd64"
        case "aarch64", "arm64": "arm64"
        case "armhf", "armel", "arm": "arm"
        case let other: other
        }
    }

    static let knownOS: Set<String> = [
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
        "netbsd", "openbsd", "plan9", "solaris", "windows", "zos",
    ]

    static let knownArch: Set<String> = [
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips",
        "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x",
        "sparc", "sparc64", "wasm",
    ]

    // MARK: - Global (meta) ARGs

    /// BuildKit's predefined platform ARGs, with the values of a linux/amd64 build.
    static func predefinedArgs(targetStage: String) -> [(String, String)] {
        [
            ("BUILDPLATFORM", "linux/amd64"), ("BUILDOS", "linux"), ("BUILDOSVERSION", ""), ("BUILDARCH", "amd64"),
            ("BUILDVARIANT", ""), ("TARGETPLATFORM", "linux/amd64"), ("TARGETOS", "linux"),
            ("TARGETOSVERSION", ""), ("TARGETARCH", "amd64"), ("TARGETVARIANT", ""), ("TARGETSTAGE", targetStage),
        ]
    }

    /// The ARGs visible to FROM: the predefined ones and the ARGs before the first FROM, with their
    /// default values (no `--build-arg`), as BuildKit's `buildMetaArgs` computes them.
    struct GlobalArgs: Sendable {
        /// Names with a value, in order (predefined first).
        var keys: [String] = []
        var values: [String: String] = [:]
        /// Every ARG declared before the first FROM (with or without a default).
        var declared: [String] = []

        init(file: Dockerfile) {
            let target = file.stages.last?.name ?? ""
            for (k, v) in BuildKitCheck.predefinedArgs(targetStage: target.isEmpty ? "default" : target) { set(k, v) }
            for ins in file.globalInstructions where ins.name == .arg {
                for (name, raw) in BuildKitCheck.argDeclarations(ins) {
                    if !declared.contains(name) { declared.append(name) }
                    if let raw {
                        let current = self
                        let word = BuildKitCheck.process(raw, escape: file.escape) { current.lookup($0) }
                        set(name, word.value)
                    }
                }
            }
        }

        mutating func set(_ k: String, _ v: String) {
            if values[k] == nil { keys.append(k) }
            values[k] = v
        }

        func lookup(_ name: String) -> VarLookup { values[name].map(VarLookup.value) ?? .unset }
    }

    /// The `name[=raw default]` pairs of an ARG, defaults as written (quotes kept), as BuildKit
    /// reads them before expansion.
    static func argDeclarations(_ instruction: Instruction) -> [(name: String, raw: String?)] {
        instruction.rawArguments.map { word in
            guard let eq = word.firstIndex(of: "=") else { return (word, nil) }
            return (String(word[..<eq]), String(word[word.index(after: eq)...]))
        }
    }

    // MARK: - Base image environments

    /// The `ENV` names of images Bulkhead knows, by Docker Hub short name; `[]` means the image
    /// sets none (BuildKit adds `PATH`). Taken from the images' official Dockerfiles (current and
    /// older tags), including the variants based on Alpine and Debian.
    static let knownImageEnv: [String: [String]] = [
        "scratch": [],
        "alpine": [], "busybox": [], "debian": [], "ubuntu": [], "centos": [], "rockylinux": [], "almalinux": [],
        "fedora": ["DISTTAG", "FGC", "FBR"],
        "node": ["NODE_VERSION", "YARN_VERSION"],
        "python": ["PATH", "LANG", "GPG_KEY", "PYTHON_VERSION", "PYTHON_SHA256", "PYTHONIOENCODING",
                   "PYTHON_PIP_VERSION", "PYTHON_SETUPTOOLS_VERSION", "PYTHON_GET_PIP_URL", "PYTHON_GET_PIP_SHA256"],
        "golang": ["PATH", "GOLANG_VERSION", "GOTOOLCHAIN", "GOPATH", "GIT_VERSION", "GIT_TAG", "GIT_DOWNLOAD_URL",
                   "GIT_DOWNLOAD_SHA256", "GOLANG_COMMIT"],
        "ruby": ["PATH", "LANG", "RUBY_VERSION", "RUBY_DOWNLOAD_URL", "RUBY_DOWNLOAD_SHA256", "GEM_HOME",
                 "BUNDLE_SILENCE_ROOT_WARNING", "BUNDLE_APP_CONFIG", "RUBY_MAJOR", "RUBYGEMS_VERSION",
                 "BUNDLER_VERSION", "BUNDLE_PATH", "BUNDLE_BIN"],
        "php": ["PHPIZE_DEPS", "PHP_INI_DIR", "APACHE_CONFDIR", "APACHE_ENVVARS", "PHP_CFLAGS", "PHP_CPPFLAGS",
                "PHP_LDFLAGS", "GPG_KEYS", "PHP_VERSION", "PHP_URL", "PHP_ASC_URL", "PHP_SHA256",
                "PHP_EXTRA_CONFIGURE_ARGS", "PHP_EXTRA_BUILD_DEPS", "PHP_MD5"],
        "openjdk": ["PATH", "LANG", "JAVA_HOME", "JAVA_VERSION", "JAVA_URL", "JAVA_SHA256", "JAVA_BASE_URL",
                    "JAVA_URL_VERSION", "JAVA_DEBIAN_VERSION", "CA_CERTIFICATES_JAVA_VERSION"],
        "eclipse-temurin": ["PATH", "JAVA_HOME", "LANG", "LANGUAGE", "LC_ALL", "JAVA_VERSION"],
        "postgres": ["PATH", "LANG", "GOSU_VERSION", "PG_MAJOR", "PG_VERSION", "PG_SHA256", "DOCKER_PG_LLVM_DEPS",
                     "PGDATA"],
        "redis": ["GOSU_VERSION", "REDIS_VERSION", "REDIS_DOWNLOAD_URL", "REDIS_DOWNLOAD_SHA"],
        "nginx": ["NGINX_VERSION", "NJS_VERSION", "NJS_RELEASE", "PKG_RELEASE", "DYNPKG_RELEASE", "OTEL_VERSION"],
        "httpd": ["PATH", "HTTPD_PREFIX", "HTTPD_VERSION", "HTTPD_SHA256", "HTTPD_PATCHES"],
        "rust": ["PATH", "RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"],
    ]

    /// The ENV names of `reference` when Bulkhead knows the image (Docker Hub official images).
    static func knownEnv(of reference: String) -> [String]? {
        let ref = ImageReference(parsing: reference)
        if let registry = ref.registry, !["docker.io", "index.docker.io", "registry-1.docker.io"].contains(registry) {
            return nil
        }
        return knownImageEnv[ref.shortName]
    }

    // MARK: - Stage scopes

    /// The variables one instruction sees, as BuildKit's dispatcher builds them: the base image's
    /// `ENV` (plus `PATH`), then ARG/ENV of the stage and of the stages it is built `FROM`.
    struct Scope: Sendable {
        /// Environment names in BuildKit's `env.Keys()` order.
        private(set) var keys: [String] = []
        /// Values; `nil` for a value Bulkhead cannot know (from the base image).
        private var values: [String: String?] = [:]
        /// ARG names declared in the stage (and its base stages), with or without a value.
        private(set) var declaredArgs: Set<String> = []
        /// Whether the root image's ENV is known (scratch, a known image).
        var imageEnvKnown: Bool
        /// A SHELL instruction ran in this stage or a base stage.
        var shellSet = false
        /// A WORKDIR ran in this stage or a base stage.
        var workdirSet = false

        init(imageEnv: [String]?) {
            imageEnvKnown = imageEnv != nil
            for key in imageEnv ?? [] { set(key, nil) }
            if values["PATH"] == nil {
                set("PATH", imageEnv == nil ? nil : BuildKitCheck.defaultPath)
            }
        }

        mutating func set(_ key: String, _ value: String?) {
            if values[key] == nil { keys.append(key) }
            values[key] = .some(value)
        }

        mutating func declare(_ arg: String) { declaredArgs.insert(arg) }

        func lookup(_ name: String) -> VarLookup {
            if let v = values[name] { return v.map(VarLookup.value) ?? .unknownValue }
            return imageEnvKnown ? .unset : .possiblyUnset
        }

        /// Whether BuildKit counts `name` as defined (in the environment, or a declared ARG).
        func isDefined(_ name: String) -> Bool {
            values[name] != nil || declaredArgs.contains(name) || BuildKitCheck.nonEnvArgs.contains(name)
        }
    }

    /// Walks the stages in order, calling `visit` with each stage instruction and the scope just
    /// before it, and `argDefault` with each stage ARG default as it is expanded (in the scope of
    /// the ARGs before it on the same line).
    static func walkScopes(_ file: Dockerfile,
                           visit: (Instruction, Scope) -> Void,
                           argDefault: (Instruction, Word, Scope) -> Void = { _, _, _ in }) {
        let globals = GlobalArgs(file: file)
        var ends: [Int: Scope] = [:]
        var scope = Scope(imageEnv: [])
        for ins in file.instructions {
            guard let stageIndex = ins.stageIndex else { continue }
            if ins.name == .from, case .from(let from) = ins.arguments {
                if stageIndex > 0 { ends[stageIndex - 1] = scope }
                scope = baseScope(from, stageIndex: stageIndex, file: file, globals: globals, ends: ends)
            }
            visit(ins, scope)
            switch ins.arguments {
            case .args where ins.name == .arg:
                for (name, raw) in argDeclarations(ins) {
                    var value: String??
                    if let raw {
                        let word = process(raw, escape: file.escape) { scope.lookup($0) }
                        argDefault(ins, word, scope)
                        value = .some(word.isUncertain ? nil : word.value)
                    } else if let g = globals.values[name] {
                        value = .some(g)
                    }
                    scope.declare(name)
                    if let value, !nonEnvArgs.contains(name) { scope.set(name, value) }
                }
            case .pairs(let pairs) where ins.name == .env:
                let before = scope
                for pair in pairs {
                    let word = process(pair.rawValue, escape: file.escape) { before.lookup($0) }
                    scope.set(pair.key, word.isUncertain ? nil : word.value)
                }
            default:
                if ins.name == .shell { scope.shellSet = true }
                if ins.name == .workdir { scope.workdirSet = true }
            }
        }
    }

    /// The scope a stage starts with: a copy of an earlier stage's (FROM <stage>), or a fresh one
    /// for an image (known ENV for scratch and known images, unknown otherwise).
    static func baseScope(_ from: FromArguments, stageIndex: Int, file: Dockerfile, globals: GlobalArgs,
                          ends: [Int: Scope]) -> Scope {
        let base = process(from.imageWord.raw, escape: file.escape) { globals.lookup($0) }
        guard !base.failed else { return Scope(imageEnv: nil) }
        if let stage = file.stages.last(where: { $0.index < stageIndex && $0.name == base.value }),
           let end = ends[stage.index] {
            return end
        }
        if base.value.lowercased() == "scratch" { return Scope(imageEnv: []) }
        return Scope(imageEnv: knownEnv(of: base.value))
    }
}

extension BuildKitCheck {
    // MARK: - EXPOSE

    /// One EXPOSE port after expansion, split as BuildKit's `portSpecs.parsePort` does
    /// (`[ip:]hostPort:containerPort[/proto]`); only ports BuildKit gets far enough to lint.
    struct PortSpec: Sendable, Hashable {
        var raw: String
        var ip: String
        var hostPort: String
        var proto: String
    }

    /// The port specs of an EXPOSE, each word expanded in `scope`; words whose value depends on
    /// something unknown are skipped, and so are ports BuildKit rejects before linting (no port,
    /// unknown protocol).
    static func exposePorts(_ instruction: Instruction, scope: Scope, escape: Character) -> [PortSpec] {
        guard instruction.name == .expose, case .words(let words) = instruction.arguments else { return [] }
        var out: [PortSpec] = []
        for word in words {
            let processed = process(word.raw, escape: escape) { scope.lookup($0) }
            guard !processed.isUncertain else { continue }
            for raw in processed.words {
                let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                var ip = ""
                var host = ""
                let container: String
                switch parts.count {
                case 1: container = parts[0]
                case 2: (host, container) = (parts[0], parts[1])
                default:
                    ip = parts.dropLast(2).joined(separator: ":")
                    (host, container) = (parts[parts.count - 2], parts[parts.count - 1])
                }
                let portProto = container.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                let port = portProto.first.map(String.init) ?? ""
                let proto = portProto.count > 1 ? String(portProto[1]) : ""
                guard !port.isEmpty, ["", "tcp", "udp", "sctp"].contains(proto.lowercased()) else { continue }
                out.append(PortSpec(raw: raw, ip: ip, hostPort: host, proto: proto))
            }
        }
        return out
    }

    // MARK: - RUN --mount

    /// The values of the `key=value` fields of every `--mount` flag (BuildKit expands those).
    static func mountValues(_ instruction: Instruction) -> [String] {
        instruction.flags.filter { $0.name.lowercased() == "mount" }.flatMap { flag -> [String] in
            csvFields(flag.value ?? "").compactMap { field in
                field.firstIndex(of: "=").map { String(field[field.index(after: $0)...]) }
            }
        }
    }

    /// Comma-separated fields with double-quoted fields (`"a,b"`, `""` for a quote), as Go's CSV.
    static func csvFields(_ s: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var atFieldStart = true
        var chars = Array(s)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars = chars.dropFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(c)
                }
                continue
            }
            if c == "," {
                fields.append(field)
                field = ""
                atFieldStart = true
                continue
            }
            if c == "\"" && atFieldStart {
                inQuotes = true
                atFieldStart = false
                continue
            }
            atFieldStart = false
            field.append(c)
        }
        fields.append(field)
        return fields
    }

    // MARK: - Paths

    /// Whether a WORKDIR path is absolute: `/…`, or a Windows path (`C:\…`, `\…`) since the
    /// stage's OS is not known statically.
    static func isAbsolutePath(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("\\") { return true }
        let c = Array(path)
        return c.count >= 3 && c[0].isASCII && c[0].isLetter && c[1] == ":" && (c[2] == "\\" || c[2] == "/")
    }
}
