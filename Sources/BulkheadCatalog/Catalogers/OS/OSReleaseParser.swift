/// Parses os-release files: `KEY=value` lines with shell-style quoting (os-release(5)).
enum OSReleaseParser {
    /// The assignments in `text`; lines that are not assignments are ignored, as os-release(5) asks.
    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingWhitespace()
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            values[key] = unquote(line[line.index(after: eq)...])
        }
        return values
    }

    /// Shell unquoting: `"…"` with `\"`, `\\`, `\$`, `` \` `` escapes; `'…'` literal; bare words
    /// with backslash escapes. Adjacent quoted parts concatenate (`"a"'b'`).
    static func unquote(_ raw: Substring) -> String {
        var out = ""
        var quote: Character?
        var escaped = false
        for c in raw {
            if escaped {
                if quote == "\"", !"\"\\$`".contains(c) { out.append("\\") }
                out.append(c)
                escaped = false
                continue
            }
            switch (quote, c) {
            case (nil, "\""), (nil, "'"):
                quote = c
            case ("\"", "\""), ("'", "'"):
                quote = nil
            case ("'", _):
                out.append(c)
            case (_, "\\"):
                escaped = true
            case (nil, "#") where out.isEmpty:
                return out
            default:
                out.append(c)
            }
        }
        return out
    }
}
