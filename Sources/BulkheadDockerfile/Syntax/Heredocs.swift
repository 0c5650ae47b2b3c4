/// Finds heredoc openers (`<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF`) in an instruction line, as
/// BuildKit does: split into shell words with quotes kept, then match `^(\d*)<<(-?)([^<]*)$`.
enum Heredocs {
    static func find(in text: [UInt8]) -> [Heredoc]? {
        var docs: [Heredoc] = []
        for word in rawWords(text) {
            guard let doc = parse(word) else { continue }
            docs.append(doc)
        }
        return docs.isEmpty ? nil : docs
    }

    static func parse(_ word: String) -> Heredoc? {
        let scalars = Array(word.unicodeScalars)
        var i = 0
        var fd = 0
        var sawDigit = false
        while i < scalars.count, let d = Int(String(scalars[i])), scalars[i].isASCII {
            fd = fd &* 10 &+ d
            sawDigit = true
            i += 1
        }
        guard i + 1 < scalars.count, scalars[i] == "<", scalars[i + 1] == "<" else { return nil }
        i += 2
        var chomp = false
        if i < scalars.count, scalars[i] == "-" {
            chomp = true
            i += 1
        }
        let rest = String(String.UnicodeScalarView(scalars[i...]))
        guard !rest.contains("<") else { return nil }
        let quoted = rest.contains("\"") || rest.contains("'")
        let name = WordSplitter.unquote(rest)
        guard !name.isEmpty else { return nil }
        return Heredoc(name: name, content: "", expand: !quoted, chomp: chomp,
                       fileDescriptor: sawDigit ? fd : 0, bodyLine: 0)
    }

    /// Whitespace-separated words; quotes group and are kept; `\` escapes the next byte.
    static func rawWords(_ s: [UInt8]) -> [String] {
        var words: [String] = []
        var cur: [UInt8] = []
        var quote: UInt8 = 0
        var i = 0
        while i < s.count {
            let c = s[i]
            if quote != 0 {
                cur.append(c)
                if c == quote { quote = 0 } else if c == 0x5C, quote == 0x22, i + 1 < s.count {
                    i += 1
                    cur.append(s[i])
                }
            } else if WordSplitter.isSpace(c) {
                if !cur.isEmpty { words.append(String(decoding: cur, as: UTF8.self)); cur = [] }
            } else if c == 0x22 || c == 0x27 {
                quote = c
                cur.append(c)
            } else if c == 0x5C, i + 1 < s.count {
                cur.append(c)
                i += 1
                cur.append(s[i])
            } else {
                cur.append(c)
            }
            i += 1
        }
        if !cur.isEmpty { words.append(String(decoding: cur, as: UTF8.self)) }
        return words
    }
}
