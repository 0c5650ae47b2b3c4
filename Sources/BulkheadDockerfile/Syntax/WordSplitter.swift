/// BuildKit's word splitters, on UTF-8 bytes, with byte offsets kept for positions.
///
/// These mirror the semantics of BuildKit's `parseWords` (ENV/LABEL/ARG: quotes and escapes are
/// kept in the word) and `extractBuilderFlags` (leading `--flag` words; `--` ends them).
enum WordSplitter {
    struct RawWord: Equatable {
        var bytes: [UInt8]
        var offset: Int
        var string: String { String(decoding: bytes, as: UTF8.self) }
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0B || b == 0x0C || b == 0x0D || b == 0x85 || b == 0xA0
    }

    /// BuildKit `parseWords`: whitespace-separated words; quotes group but stay in the word.
    static func parseWords(_ s: [UInt8], from start: Int = 0, escape: UInt8) -> [RawWord] {
        var words: [RawWord] = []
        var word: [UInt8] = []
        var wordStart = start
        var inWord = false
        var quote: UInt8 = 0
        var blankOK = false
        var i = start
        let n = s.count
        while i < n {
            let ch = s[i]
            if !inWord && quote == 0 {
                if isSpace(ch) { i += 1; continue }
                inWord = true
                wordStart = i
            }
            if quote == 0 {
                if isSpace(ch) {
                    if blankOK || !word.isEmpty { words.append(RawWord(bytes: word, offset: wordStart)) }
                    word = []
                    blankOK = false
                    inWord = false
                    i += 1
                    continue
                }
                if ch == 0x27 || ch == 0x22 {
                    quote = ch
                    blankOK = true
                }
                if ch == escape {
                    if i + 1 == n { i += 1; continue }
                    word.append(ch)
                    i += 1
                    word.append(s[i])
                    i += 1
                    continue
                }
                word.append(ch)
                i += 1
                continue
            }
            // in quote
            if ch == quote {
                quote = 0
                word.append(ch)
                i += 1
                continue
            }
            if ch == escape && quote != 0x27 {
                if i + 1 == n { quote = 0; i += 1; continue }
                word.append(ch)
                i += 1
                word.append(s[i])
                i += 1
                continue
            }
            word.append(ch)
            i += 1
        }
        if inWord || quote != 0 {
            if blankOK || !word.isEmpty { words.append(RawWord(bytes: word, offset: wordStart)) }
        }
        return words
    }

    /// BuildKit `extractBuilderFlags`: returns the flags and the offset where arguments begin.
    static func extractFlags(_ s: [UInt8], from start: Int) -> (flags: [RawWord], rest: Int) {
        var flags: [RawWord] = []
        var i = start
        let n = s.count
        while true {
            while i < n, isSpace(s[i]) { i += 1 }
            if i >= n { return (flags, n) }
            guard s[i] == 0x2D, i + 1 < n, s[i + 1] == 0x2D else { return (flags, i) }
            let wordStart = i
            var word: [UInt8] = []
            var quote: UInt8 = 0
            var blankOK = false
            while i < n {
                let ch = s[i]
                if quote == 0 {
                    if isSpace(ch) { break }
                    if ch == 0x27 || ch == 0x22 {
                        quote = ch
                        blankOK = true
                        i += 1
                        continue
                    }
                    if ch == 0x5C {
                        if i + 1 == n { i += 1; continue }
                        i += 1
                    }
                    word.append(s[i])
                    i += 1
                } else {
                    if ch == quote { quote = 0; i += 1; continue }
                    if ch == 0x5C {
                        if i + 1 == n { quote = 0; i += 1; continue }
                        i += 1
                    }
                    word.append(s[i])
                    i += 1
                }
            }
            if word == [0x2D, 0x2D] {
                // `--` ends the flags and is dropped.
                return (flags, i)
            }
            if blankOK || !word.isEmpty { flags.append(RawWord(bytes: word, offset: wordStart)) }
            if i >= n { return (flags, n) }
        }
    }

    /// Splits on `[\t\v\f\r ]+` (BuildKit `parseStringsWhitespaceDelimited`).
    static func whitespaceWords(_ s: [UInt8], from start: Int) -> [RawWord] {
        var out: [RawWord] = []
        var i = start
        let n = s.count
        while i < n {
            while i < n, s[i] == 0x20 || s[i] == 0x09 || s[i] == 0x0B || s[i] == 0x0C || s[i] == 0x0D { i += 1 }
            if i >= n { break }
            let st = i
            while i < n, !(s[i] == 0x20 || s[i] == 0x09 || s[i] == 0x0B || s[i] == 0x0C || s[i] == 0x0D) { i += 1 }
            out.append(RawWord(bytes: Array(s[st..<i]), offset: st))
        }
        return out
    }

    /// Removes quotes and resolves escapes the way the BuildKit shell lexer does for ENV/LABEL
    /// values (no variable expansion).
    static func unquote(_ raw: String, escape: Character = "\\") -> String {
        var out = ""
        var quote: Character? = nil
        var it = raw.makeIterator()
        while let ch = it.next() {
            if let q = quote {
                if ch == q { quote = nil; continue }
                if q == "\"" && ch == escape {
                    if let next = it.next() {
                        if next == "\"" || next == escape || next == "$" { out.append(next) } else {
                            out.append(ch)
                            out.append(next)
                        }
                    }
                    continue
                }
                out.append(ch)
                continue
            }
            if ch == "\"" || ch == "'" { quote = ch; continue }
            if ch == escape {
                if let next = it.next() { out.append(next) }
                continue
            }
            out.append(ch)
        }
        return out
    }
}
