/// How ``goQuote(_:controls:)`` writes the control characters that have a letter escape in Go
/// (BEL, BS, FF, VT).
public enum GoControlEscapes: Sendable {
    /// `\a`, `\b`, `\f`, `\v`, as Go's `strconv.Quote` writes them (BuildKit's AST dump).
    case letters
    /// `\x07`, `\x08`, `\x0c`, `\x0b`: how the BuildKit-check messages (`BuildKitCheck.goQuote`)
    /// have always written them, though BuildKit's `%q` writes letters.
    case hex
}

/// Go's `strconv.Quote` (`%q`) for the characters Dockerfiles contain: `"` and `\` escaped,
/// `\n`, `\t`, `\r` as such, the other C0 controls and DEL as `\xNN` (BEL, BS, FF, VT as chosen
/// by `controls`), everything else as is. Used for BuildKit's AST dump, for quoting values in
/// BuildKit-check messages, and for Pod Security messages, the way the Go tools print them.
public func goQuote(_ s: String, controls: GoControlEscapes = .letters) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case "\u{07}" where controls == .letters: out += "\\a"
        case "\u{08}" where controls == .letters: out += "\\b"
        case "\u{0C}" where controls == .letters: out += "\\f"
        case "\u{0B}" where controls == .letters: out += "\\v"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
