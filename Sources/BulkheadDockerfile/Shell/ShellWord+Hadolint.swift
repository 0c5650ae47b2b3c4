/// Hadolint's rendering of shell words (ShellCheck's AST simplified to text), so rules that
/// mirror Hadolint compare the same argument texts Hadolint compares.
extension ShellWord {

    /// A shell word as Hadolint's simplified rendering of ShellCheck's AST: quotes removed,
    /// escapes resolved, `$v` → `${v}`, `$(cmd a b)` → `${cmdab}` (`${}` unless the
    /// substitution is a list of plain simple commands), backticks and `$((…))` → `${VAR}`,
    /// `$'…'` → its raw content, `$"…"` and brace expansions `{a,b}` → nothing.
    static func hadolintText(_ raw: String) -> String {
        let bytes = Array(raw.utf8)
        // Fast path: nothing to render unless one of $ ` ' " \ { occurs.
        if !bytes.contains(where: { $0 == 0x24 || $0 == 0x60 || $0 == 0x27 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7B }) {
            return raw
        }
        var renderer = WordRenderer(bytes: bytes)
        renderer.render()
        return String(decoding: renderer.out, as: UTF8.self)
    }

    private struct WordRenderer {
        let bytes: [UInt8]
        var i = 0
        var out: [UInt8] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        func peek(_ k: Int) -> UInt8? { i + k < bytes.count ? bytes[i + k] : nil }

        mutating func render() {
            while i < bytes.count {
                let c = bytes[i]
                switch c {
                case 0x5C: // backslash
                    if let n = peek(1) {
                        if n != 0x0A { out.append(n) }
                        i += 2
                    } else {
                        i += 1
                    }
                case 0x27: // '
                    i += 1
                    while i < bytes.count, bytes[i] != 0x27 { out.append(bytes[i]); i += 1 }
                    i += 1
                case 0x22: // "
                    i += 1
                    doubleQuoted()
                case 0x24: // $
                    dollar(quoted: false)
                case 0x60: // `
                    skipBackticks()
                    out += Array("${VAR}".utf8)
                case 0x7B: // {
                    if let end = braceExpansionEnd() {
                        i = end + 1
                    } else {
                        out.append(c)
                        i += 1
                    }
                default:
                    out.append(c)
                    i += 1
                }
            }
        }

        mutating func doubleQuoted() {
            while i < bytes.count, bytes[i] != 0x22 {
                let c = bytes[i]
                if c == 0x5C, let n = peek(1) {
                    if n == 0x22 || n == 0x5C || n == 0x24 || n == 0x60 {
                        out.append(n)
                        i += 2
                        continue
                    }
                    if n == 0x0A { i += 2; continue }
                    out.append(c)
                    i += 1
                    continue
                }
                if c == 0x24 { dollar(quoted: true); continue }
                if c == 0x60 {
                    skipBackticks()
                    out += Array("${VAR}".utf8)
                    continue
                }
                out.append(c)
                i += 1
            }
            i += 1
        }

        static func isNameStart(_ c: UInt8) -> Bool {
            c == 0x5F || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        }

        static func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 0x30 && c <= 0x39) }

        mutating func dollar(quoted: Bool) {
            guard let n = peek(1) else {
                out.append(0x24)
                i += 1
                return
            }
            switch n {
            case 0x28: // (
                if peek(2) == 0x28 {
                    i += 1
                    i = matchingParen(from: i) + 1
                    out += Array("${VAR}".utf8)
                } else {
                    let open = i + 1
                    let close = matchingParen(from: open)
                    let inner = Array(bytes[min(open + 1, bytes.count)..<min(close, bytes.count)])
                    i = close + 1
                    out += Array(ShellWord.substitutionText(inner).utf8)
                }
            case 0x7B: // {
                let start = i
                var depth = 0
                var j = i + 1
                while j < bytes.count {
                    if bytes[j] == 0x7B { depth += 1 } else if bytes[j] == 0x7D {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    j += 1
                }
                let end = min(j + 1, bytes.count)
                out += bytes[start..<end]
                i = end
            case 0x27 where !quoted: // $'…'
                i += 2
                while i < bytes.count, bytes[i] != 0x27 {
                    if bytes[i] == 0x5C, i + 1 < bytes.count { out.append(bytes[i]); i += 1 }
                    out.append(bytes[i])
                    i += 1
                }
                i += 1
            case 0x22 where !quoted: // $"…": dropped
                i += 2
                while i < bytes.count, bytes[i] != 0x22 {
                    if bytes[i] == 0x5C { i += 1 }
                    i += 1
                }
                i += 1
            default:
                if Self.isNameStart(n) {
                    var j = i + 1
                    while j < bytes.count, Self.isNameChar(bytes[j]) { j += 1 }
                    out += [0x24, 0x7B]
                    out += bytes[(i + 1)..<j]
                    out.append(0x7D)
                    i = j
                } else if (n >= 0x30 && n <= 0x39) || "@*#?-$!".utf8.contains(n) {
                    out += [0x24, 0x7B, n, 0x7D]
                    i += 2
                } else {
                    out.append(0x24)
                    i += 1
                }
            }
        }

        /// Index of the `)` matching the `(` at `open` (quotes and nesting respected), or the end.
        func matchingParen(from open: Int) -> Int {
            var depth = 0
            var j = open
            while j < bytes.count {
                let c = bytes[j]
                switch c {
                case 0x5C: j += 1
                case 0x27:
                    j += 1
                    while j < bytes.count, bytes[j] != 0x27 { j += 1 }
                case 0x22:
                    j += 1
                    while j < bytes.count, bytes[j] != 0x22 {
                        if bytes[j] == 0x5C { j += 1 }
                        j += 1
                    }
                case 0x60:
                    j += 1
                    while j < bytes.count, bytes[j] != 0x60 {
                        if bytes[j] == 0x5C { j += 1 }
                        j += 1
                    }
                case 0x28: depth += 1
                case 0x29:
                    depth -= 1
                    if depth == 0 { return j }
                default: break
                }
                j += 1
            }
            return bytes.count
        }

        mutating func skipBackticks() {
            i += 1
            while i < bytes.count, bytes[i] != 0x60 {
                if bytes[i] == 0x5C { i += 1 }
                i += 1
            }
            i += 1
        }

        /// The index of the `}` closing a brace expansion (`{a,b}`, `{1..3}`) starting at `i`.
        func braceExpansionEnd() -> Int? {
            var depth = 0
            var j = i
            var expands = false
            while j < bytes.count {
                let c = bytes[j]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x27 || c == 0x22 { return nil }
                if c == 0x5C { j += 2; continue }
                if c == 0x7B { depth += 1 } else if c == 0x7D {
                    depth -= 1
                    if depth == 0 { return expands ? j : nil }
                } else if depth == 1, c == 0x2C {
                    expands = true
                } else if depth == 1, c == 0x2E, j + 1 < bytes.count, bytes[j + 1] == 0x2E {
                    expands = true
                }
                j += 1
            }
            return nil
        }
    }

    /// `$(…)` as Hadolint renders it: `${` + the words of its commands + `}` when the body is a
    /// `;`/`&`/newline-separated list of plain simple commands, else `${}`.
    static func substitutionText(_ inner: [UInt8]) -> String {
        var statements: [[UInt8]] = []
        var current: [UInt8] = []
        var j = 0
        var depth = 0
        func skipQuoted(_ quote: UInt8) {
            current.append(inner[j])
            j += 1
            while j < inner.count, inner[j] != quote {
                if inner[j] == 0x5C, quote != 0x27, j + 1 < inner.count { current.append(inner[j]); j += 1 }
                current.append(inner[j])
                j += 1
            }
            if j < inner.count { current.append(inner[j]) }
        }
        while j < inner.count {
            let c = inner[j]
            switch c {
            case 0x5C:
                current.append(c)
                if j + 1 < inner.count { j += 1; current.append(inner[j]) }
            case 0x27, 0x22, 0x60:
                skipQuoted(c)
            case 0x28:
                depth += 1
                current.append(c)
            case 0x29:
                depth -= 1
                current.append(c)
            case 0x3B where depth == 0, 0x0A where depth == 0: // ; newline
                statements.append(current)
                current = []
            case 0x26 where depth == 0: // &
                let prev = current.last
                let next = j + 1 < inner.count ? inner[j + 1] : nil
                if next == 0x26 {
                    current += [0x26, 0x26]
                    j += 1
                } else if prev == 0x3E || prev == 0x3C || next == 0x3E {
                    current.append(c)
                } else {
                    statements.append(current)
                    current = []
                }
            default:
                current.append(c)
            }
            j += 1
        }
        statements.append(current)
        var words = ""
        var count = 0
        for statement in statements {
            let text = String(decoding: statement, as: UTF8.self)
            let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            if trimmed.isEmpty { continue }
            let first = trimmed.prefix { !($0 == " " || $0 == "\t") }
            if let c = trimmed.first, c == "!" || c == "{" || c == "(" { return "${}" }
            if ["if", "while", "until", "for", "case", "select", "function", "[[", "time"].contains(String(first)) {
                return "${}"
            }
            let outer = ShellScript.parse(text).commands.filter { !$0.isSubstitution }
            guard outer.count == 1, let command = outer.first else { return "${}" }
            count += 1
            for w in command.words { words += hadolintText(w.raw) }
        }
        return count == 0 ? "${}" : "${" + words + "}"
    }
}

extension ShellCommand {
    /// This command with every word's value replaced by its Hadolint rendering.
    var hadolintRendered: ShellCommand {
        var c = self
        c.words = words.map { word in
            var w = word
            w.value = ShellWord.hadolintText(word.raw)
            return w
        }
        return c
    }
}
