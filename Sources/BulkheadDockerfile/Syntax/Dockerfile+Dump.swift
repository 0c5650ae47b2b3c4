extension Instruction {
    /// BuildKit's AST dump of this instruction (`(copy ["--from=a"] "src" "dst")`), used to check
    /// parser conformance against BuildKit's own test cases.
    public var buildKitDump: String {
        var s = name.rawValue
        if !flags.isEmpty {
            s += " [" + flags.map { goQuote($0.raw) }.joined(separator: " ") + "]"
        }
        if case .onbuild(let inner) = arguments {
            s += " (" + inner.value.buildKitDump + ")"
        } else {
            for arg in rawArguments { s += " " + goQuote(arg) }
        }
        return s
    }
}

extension Dockerfile {
    /// BuildKit's `AST.Dump()` of the whole file, one `(instruction …)` per line.
    public var buildKitDump: String {
        instructions.map { "(" + $0.buildKitDump + ")" }.joined(separator: "\n")
    }
}

/// Go's `strconv.Quote` for the characters Dockerfiles contain.
func goQuote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\u{0B}": out += "\\v"
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
