/// A location in condition or output text, counted the way libsinsp counts it: every byte
/// advances `column`, and each `\r` or `\n` starts a new line (so `\r\n` counts as two lines).
public struct ConditionPosition: Sendable, Hashable, CustomStringConvertible {
    /// UTF-8 byte offset, 0-based.
    public var offset: Int
    /// 1-based.
    public var line: Int
    /// 1-based, in bytes.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// Offset 0, line 1, column 1.
    public static let start = ConditionPosition(offset: 0, line: 1, column: 1)

    /// libsinsp's wording: `index 4, line 1, column 5`.
    public var description: String { "index \(offset), line \(line), column \(column)" }
}

/// A parsed Falco condition. `and`/`or` are flattened and always have two or more children.
public indirect enum ConditionNode: Sendable, Hashable {
    case and([ConditionNode])
    case or([ConditionNode])
    case not(ConditionNode)
    /// A bare identifier in boolean position: a macro reference.
    case macro(String, ConditionPosition)
    case check(ConditionCheck)
}

/// One comparison: `lhs op rhs`, or `lhs exists`.
public struct ConditionCheck: Sendable, Hashable {
    public var lhs: FieldExpr
    public var op: ComparisonOperator
    /// `nil` only for `exists`.
    public var rhs: ConditionOperand?
    /// Where the check (its left-hand side) starts.
    public var position: ConditionPosition

    public init(lhs: FieldExpr, op: ComparisonOperator, rhs: ConditionOperand?, position: ConditionPosition) {
        self.lhs = lhs
        self.op = op
        self.rhs = rhs
        self.position = position
    }
}

/// A field reference, optionally wrapped in transformers: `tolower(proc.aname[2])`.
public struct FieldExpr: Sendable, Hashable {
    /// Outermost first.
    public var transformers: [FieldTransformer]
    /// e.g. `proc.aname`.
    public var field: String
    /// Text inside `[...]` with quotes removed, e.g. `2`, `/proc*`, `HOME`.
    public var argument: String?
    /// Where the expression starts: its outermost transformer or `val(`, else the field.
    public var position: ConditionPosition

    public init(transformers: [FieldTransformer] = [], field: String, argument: String? = nil,
                position: ConditionPosition = .start) {
        self.transformers = transformers
        self.field = field
        self.argument = argument
        self.position = position
    }
}

/// The single-field transformers (libsinsp's `tolower(`, `toupper(`, `b64(`, `basename(`, `len(`).
public enum FieldTransformer: String, Sendable, Hashable, CaseIterable {
    case tolower, toupper, b64, basename, len
}

/// Comparison operators; `==` parses as `eq`. Word operators are case-sensitive.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case contains, icontains, bcontains, startswith, bstartswith, endswith, glob, iglob, pmatch
    case `in`, intersects, exists, regex

    /// `in`, `intersects`, `pmatch`: the right-hand side is a list (or one identifier/field).
    public var isListOperator: Bool { self == .in || self == .intersects || self == .pmatch }
    /// `<`, `<=`, `>`, `>=`: the right-hand side must be a number or a field.
    public var isNumericOperator: Bool { self == .lt || self == .le || self == .gt || self == .ge }
}

/// The right-hand side of a check.
public enum ConditionOperand: Sendable, Hashable {
    /// One literal, quotes removed and escapes processed.
    case value(String)
    /// `(a, b, "c d")`.
    case list([String])
    /// `val(field)` (no transformers) or `transformer(field)`.
    case field(FieldExpr)
}

// MARK: - Rendering

extension ConditionNode: CustomStringConvertible {
    /// Same as `render()`.
    public var description: String { render() }

    /// Prints the node as condition text that parses back to the same node (for nodes the
    /// parser can produce: flattened `and`/`or`, identifiers as macro names).
    public func render() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case .and(let children):
            for (i, child) in children.enumerated() {
                if i > 0 { out += " and " }
                child.renderOperand(into: &out, parenthesize: { if case .or = $0 { return true }; return false })
            }
        case .or(let children):
            for (i, child) in children.enumerated() {
                if i > 0 { out += " or " }
                child.renderOperand(into: &out, parenthesize: { _ in false })
            }
        case .not(let child):
            out += "not "
            child.renderOperand(into: &out, parenthesize: {
                switch $0 {
                case .and, .or, .not: return true
                case .macro, .check: return false
                }
            })
        case .macro(let name, _):
            // `not` followed by a blank would read as the negation keyword.
            if name == "not" { out += "(not)" } else { out += name }
        case .check(let check):
            out += check.render()
        }
    }

    private func renderOperand(into out: inout String, parenthesize: (ConditionNode) -> Bool) {
        if parenthesize(self) {
            out += "("
            render(into: &out)
            out += ")"
        } else {
            render(into: &out)
        }
    }
}

extension ConditionCheck: CustomStringConvertible {
    public var description: String { render() }

    /// `lhs op rhs` with single spaces; values quoted only when a bare string would not
    /// read back the same.
    public func render() -> String {
        var out = lhs.render()
        out += " "
        out += op.rawValue
        guard let rhs else { return out }
        out += " "
        switch rhs {
        case .value(let v):
            if op.isNumericOperator {
                out += v
            } else if op.isListOperator {
                out += ConditionText.isIdentifier(v) ? v : "(" + ConditionText.renderValue(v) + ")"
            } else {
                out += ConditionText.renderValue(v)
            }
        case .list(let items):
            out += "(" + items.map(ConditionText.renderValue).joined(separator: ", ") + ")"
        case .field(let f):
            out += f.transformers.isEmpty ? "val(" + f.render() + ")" : f.render()
        }
        return out
    }
}

extension FieldExpr: CustomStringConvertible {
    public var description: String { render() }

    /// `t1(t2(field[arg]))`; the argument is bare when libsinsp would read it back bare.
    public func render() -> String {
        var out = ""
        for t in transformers { out += t.rawValue + "(" }
        out += field
        if let argument {
            out += "[" + (ConditionText.isBareFieldArgument(argument) ? argument : ConditionText.quote(argument)) + "]"
        }
        out += String(repeating: ")", count: transformers.count)
        return out
    }
}

/// Helpers for printing values the way libsinsp's lexer reads them back.
enum ConditionText {
    /// `[a-zA-Z]+[a-zA-Z0-9_]*`.
    static func isIdentifier(_ s: String) -> Bool {
        var first = true
        for b in s.utf8 {
            if first {
                guard ConditionLexer.isAlpha(b) else { return false }
                first = false
            } else if !(ConditionLexer.isAlpha(b) || ConditionLexer.isDigit(b) || b == UInt8(ascii: "_")) {
                return false
            }
        }
        return !first
    }

    /// Bare only when every byte is visible and outside `()"'=,` (libsinsp's bare string).
    static func isBareValue(_ s: String) -> Bool {
        if s.isEmpty || s == "oneof" || s == "anyof" || s == "allof" { return false }
        for b in s.utf8 where b <= 0x20 || b == 0x7F || ConditionLexer.isBareStringStop(b) {
            return false
        }
        return true
    }

    /// Bare field argument: visible bytes other than `[`, `]`, quotes.
    static func isBareFieldArgument(_ s: String) -> Bool {
        if s.isEmpty { return false }
        for b in s.utf8 where b <= 0x20 || b == 0x7F || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
            || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
            return false
        }
        return true
    }

    static func renderValue(_ s: String) -> String { isBareValue(s) ? s : quote(s) }

    /// Double-quoted with libsinsp escapes. A backslash that would sit right before the
    /// closing quote is written `\x5c`: libsinsp's lexer does not end a string at a quote
    /// preceded by a backslash.
    static func quote(_ s: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        let bytes = Array(s.utf8)
        for (i, b) in bytes.enumerated() {
            switch b {
            case UInt8(ascii: "\\"): out += Array((i == bytes.count - 1 ? "\\x5c" : "\\\\").utf8)
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case 0x08: out += Array("\\b".utf8)
            case 0x0C: out += Array("\\f".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default:
                out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - Structural comparison

extension ConditionNode {
    /// The same tree with every position set to `.start`, for comparing structure only
    /// (e.g. `parse(render(ast))` against `ast`).
    public func withoutPositions() -> ConditionNode {
        switch self {
        case .and(let c): .and(c.map { $0.withoutPositions() })
        case .or(let c): .or(c.map { $0.withoutPositions() })
        case .not(let c): .not(c.withoutPositions())
        case .macro(let name, _): .macro(name, .start)
        case .check(let check): .check(check.withoutPositions())
        }
    }

    /// Macro names referenced, in order of first appearance.
    public var macroReferences: [String] {
        var seen: Set<String> = []
        var out: [String] = []
        visit { node in
            if case .macro(let name, _) = node, seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    /// Every check, depth first.
    public var checks: [ConditionCheck] {
        var out: [ConditionCheck] = []
        visit { node in if case .check(let c) = node { out.append(c) } }
        return out
    }

    /// Calls `body` for this node and every descendant, parents first.
    public func visit(_ body: (ConditionNode) -> Void) {
        body(self)
        switch self {
        case .and(let c), .or(let c): for child in c { child.visit(body) }
        case .not(let c): c.visit(body)
        case .macro, .check: break
        }
    }
}

extension ConditionCheck {
    /// The same check with every position set to `.start`.
    public func withoutPositions() -> ConditionCheck {
        var copy = self
        copy.position = .start
        copy.lhs.position = .start
        if case .field(var f) = rhs {
            f.position = .start
            copy.rhs = .field(f)
        }
        return copy
    }
}
