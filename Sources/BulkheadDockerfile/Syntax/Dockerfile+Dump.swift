import BulkheadCore
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
