/// A JSON string literal (RFC 8259 §7) for `s`, quotes included: `"` and `\` escaped, `\n`,
/// `\r`, `\t` as such, the other C0 controls as `\u00XX` (lowercase hex), everything else as is.
/// Used where JSON is written by hand: Falco-shaped alerts, the replay format, the audit
/// webhook's error bodies.
public func jsonQuote(_ s: String) -> String {
    var out = "\""
    out.reserveCapacity(s.utf8.count + 2)
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
