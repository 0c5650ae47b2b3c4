/// Variable expansion as BuildKit does for ARG/ENV/FROM: `$V`, `${V}`, `${V:-x}`, `${V-x}`,
/// `${V:+x}`, `${V+x}`; unknown variables expand to the empty string, `\$` stays literal.
public enum Expansion {
    public static func expand(_ s: String, _ vars: [String: String], escape: Character = "\\") -> String {
        guard s.contains("$") else { return s }
        var out = ""
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == escape, i + 1 < chars.count, chars[i + 1] == "$" {
                out.append("$")
                i += 2
                continue
            }
            guard c == "$", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            if chars[i + 1] == "{" {
                guard let close = chars[(i + 2)...].firstIndex(of: "}") else {
                    out.append(contentsOf: chars[i...])
                    break
                }
                let body = String(chars[(i + 2)..<close])
                out += expandBraced(body, vars)
                i = close + 1
                continue
            }
            var j = i + 1
            while j < chars.count, chars[j] == "_" || (chars[j].isASCII && (chars[j].isLetter || chars[j].isNumber)) { j += 1 }
            if j == i + 1 {
                out.append(c)
                i += 1
                continue
            }
            out += vars[String(chars[(i + 1)..<j])] ?? ""
            i = j
        }
        return out
    }

    static func expandBraced(_ body: String, _ vars: [String: String]) -> String {
        let name = body.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let rest = body.dropFirst(name.count)
        let value = vars[String(name)]
        if rest.hasPrefix(":-") {
            if let v = value, !v.isEmpty { return v }
            return expand(String(rest.dropFirst(2)), vars)
        }
        if rest.hasPrefix("-") { return value ?? expand(String(rest.dropFirst()), vars) }
        if rest.hasPrefix(":+") { return (value?.isEmpty == false) ? expand(String(rest.dropFirst(2)), vars) : "" }
        if rest.hasPrefix("+") { return value != nil ? expand(String(rest.dropFirst()), vars) : "" }
        return value ?? ""
    }
}
