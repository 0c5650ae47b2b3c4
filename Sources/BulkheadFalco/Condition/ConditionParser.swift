/// Falco's condition grammar as libsinsp's filter parser reads it (`filter/parser.cpp`):
///
///     Expr      ::= And ('or' (blank | '(') And)*
///     And       ::= Not ('and' (blank | '(') Not)*
///     Not       ::= ('not' space+)* ('not(' Expr ')' | Check)      -- repeated `not`s cancel out
///     Check     ::= '(' Expr ')' | Field Condition | Transformer Condition | Identifier
///     Condition ::= 'exists' | NumOp (Number | FieldRHS) | StrOp (Quoted | Bare | FieldRHS)
///                 | ListOp ('(' [Value (',' Value)*] ')' | FieldRHS | Identifier)
///
/// Word operators need a blank after them (`contains `); `exists`, `in`, `intersects`,
/// `pmatch` and the symbol operators do not. Fields contain at least one dot; an identifier
/// without a dot in boolean position is a macro name. Nesting is limited the way Falco
/// limits it (1,000 parser frames: at most 199 nested parentheses).
public enum ConditionParser {
    /// Falco's `set_max_depth(1000)`.
    public static let maxDepth = 1000

    /// Parses a whole condition.
    public static func parse(_ text: String) throws(ConditionSyntaxError) -> ConditionNode {
        var state = ParserState(bytes: Array(text.utf8), end: nil, maxDepth: maxDepth)
        return try state.parseAll()
    }

    /// Parses a field or transformer expression starting at `start` (as an output `%token`
    /// is read) without requiring the rest of the text to be consumed. Returns the expression
    /// and the offset just after it.
    static func parseFieldExpression(_ bytes: [UInt8], start: ConditionPosition,
                                     end: Int? = nil) throws(ConditionSyntaxError) -> (FieldExpr, ConditionPosition) {
        var state = ParserState(bytes: bytes, end: end, maxDepth: maxDepth, start: start)
        let expr = try state.parseFieldOrTransformer()
        return (expr, state.lx.position)
    }
}

/// The recursive-descent state: one lexer plus libsinsp's depth counter.
struct ParserState {
    var lx: ConditionLexer
    var depth = 0
    let maxDepth: Int

    init(bytes: [UInt8], end: Int?, maxDepth: Int, start: ConditionPosition = .start) {
        lx = ConditionLexer(bytes, start: start, end: end)
        self.maxDepth = maxDepth
    }

    static let numericOperators = ["<=", "<", ">=", ">"]
    static let stringOperators = ["==", "=", "!=", "glob ", "iglob ", "contains ", "icontains ", "bcontains ",
                                  "startswith ", "bstartswith ", "endswith ", "regex "]
    static let modifiers = ["oneof ", "anyof ", "allof "]
    static let listOperators = ["intersects", "in", "pmatch"]
    static let transformerPrefixes = ["tolower(", "toupper(", "b64(", "basename(", "len(", "join(", "concat(", "getopt("]

    static let operatorList = (["exists"] + numericOperators + stringOperators + listOperators)
        .map { "'" + $0.trimmingBlanks() + "'" }.joined(separator: ", ")
    static let transformerList = (["val"] + FieldTransformer.allCases.map(\.rawValue))
        .map { "'" + $0 + "'" }.joined(separator: ", ")

    func error(_ message: String) -> ConditionSyntaxError { lx.error(message) }

    /// libsinsp's depth guard: the counter stays raised when the limit trips.
    mutating func enter() throws(ConditionSyntaxError) {
        depth += 1
        if depth >= maxDepth { throw error("exceeded max depth limit of \(maxDepth)") }
    }

    // MARK: boolean structure

    mutating func parseAll() throws(ConditionSyntaxError) -> ConditionNode {
        if lx.end == 0 { throw error("filter input string is empty") }
        let result = try parseOr()
        if depth > 0 { throw error("parser fatal error: recursion is unbalanced") }
        if !lx.atEnd { throw error("unexpected token after '\(lx.lastToken)', expecting 'or', 'and'") }
        return result
    }

    mutating func parseOr() throws(ConditionSyntaxError) -> ConditionNode {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        var children = [try parseAnd()]
        lx.lexBlank()
        while lx.lexString("or") {
            if lx.lexBlank() {
                children.append(try parseAnd())
            } else if lx.lexString("(") {
                children.append(try parseEmbeddedRemainder())
            } else {
                throw error("expected blank or '(' after 'or'")
            }
            lx.lexBlank()
        }
        return children.count == 1 ? children[0] : .or(children.flatMap { if case .or(let c) = $0 { c } else { [$0] } })
    }

    mutating func parseAnd() throws(ConditionSyntaxError) -> ConditionNode {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        var children = [try parseNot()]
        lx.lexBlank()
        while lx.lexString("and") {
            if lx.lexBlank() {
                children.append(try parseNot())
            } else if lx.lexString("(") {
                children.append(try parseEmbeddedRemainder())
            } else {
                throw error("expected blank or '(' after 'and'")
            }
            lx.lexBlank()
        }
        return children.count == 1 ? children[0] : .and(children.flatMap { if case .and(let c) = $0 { c } else { [$0] } })
    }

    mutating func parseNot() throws(ConditionSyntaxError) -> ConditionNode {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        var negated = false
        while lx.lexNotBlank() { negated.toggle() }
        let child: ConditionNode
        if lx.lexString("not(") {
            negated.toggle()
            child = try parseEmbeddedRemainder()
        } else {
            child = try parseCheck()
        }
        return negated ? .not(child) : child
    }

    /// After a `(`: an expression and its `)`.
    mutating func parseEmbeddedRemainder() throws(ConditionSyntaxError) -> ConditionNode {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        let child = try parseOr()
        lx.lexBlank()
        guard lx.lexString(")") else { throw error("expected a ')' token") }
        return child
    }

    mutating func parseCheck() throws(ConditionSyntaxError) -> ConditionNode {
        try enter(); defer { depth -= 1 }
        let pos = lx.position
        lx.lexBlank()
        if lx.lexString("(") { return try parseEmbeddedRemainder() }
        if lx.lexFieldName() {
            let left = try parseFieldRemainder(lx.lastToken, pos)
            return try parseCondition(left, pos)
        }
        if let transformer = try lexTransformer() {
            lx.lexBlank()
            let left = try parseTransformerRemainder(transformer, pos)
            return try parseCondition(left, pos)
        }
        if lx.lexIdentifier() { return .macro(lx.lastToken, pos) }
        throw error("expected a '(' token, a field check, or an identifier")
    }

    // MARK: fields and transformers

    /// `field[arg]` after the name was read.
    mutating func parseFieldRemainder(_ name: String, _ pos: ConditionPosition) throws(ConditionSyntaxError) -> FieldExpr {
        try enter(); defer { depth -= 1 }
        return FieldExpr(transformers: [], field: name, argument: try parseOptionalFieldArgument(), position: pos)
    }

    mutating func parseOptionalFieldArgument() throws(ConditionSyntaxError) -> String? {
        guard lx.lexString("[") else { return nil }
        guard try lx.lexQuotedString() || lx.lexFieldArgBareString() else {
            throw error("expected a valid field argument: a quoted string or a bare string")
        }
        let argument = lx.lastToken
        guard lx.lexString("]") else { throw error("expected a ']' token") }
        return argument
    }

    /// One of libsinsp's transformer prefixes (`tolower(` …). The multi-argument ones
    /// (`join`, `concat`, `getopt`) have no place in `FieldExpr` and are rejected.
    mutating func lexTransformer() throws(ConditionSyntaxError) -> FieldTransformer? {
        for prefix in Self.transformerPrefixes where lx.startsWith(prefix) {
            let name = String(prefix.dropLast())
            guard let transformer = FieldTransformer(rawValue: name) else {
                throw error("unsupported field transformer '\(name)': only single-field transformers (\(FieldTransformer.allCases.map(\.rawValue).joined(separator: ", "))) are supported")
            }
            _ = lx.lexString(prefix)
            return transformer
        }
        return nil
    }

    /// After `transformer(`: one field or nested transformer, then `)`.
    mutating func parseTransformerRemainder(_ transformer: FieldTransformer,
                                            _ pos: ConditionPosition) throws(ConditionSyntaxError) -> FieldExpr {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        var inner = try parseTransformerArgument(transformer)
        lx.lexBlank()
        if lx.startsWith(",") {
            throw error("field transformer '\(transformer.rawValue)' takes exactly one argument")
        }
        lx.lexBlank()
        guard lx.lexString(")") else { throw error("expected a ')' token closing the transformer") }
        try rejectTransformerArgument()
        inner.transformers.insert(transformer, at: 0)
        inner.position = pos
        return inner
    }

    mutating func parseTransformerArgument(_ transformer: FieldTransformer) throws(ConditionSyntaxError) -> FieldExpr {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        let pos = lx.position
        if lx.startsWith("(") || lx.current == UInt8(ascii: "'") || lx.current == UInt8(ascii: "\"") {
            throw error("field transformer '\(transformer.rawValue)' takes a field or a transformer, not a value or a list")
        }
        var probe = lx
        if probe.lexHexNumber() || probe.lexNumber() {
            throw error("field transformer '\(transformer.rawValue)' takes a field or a transformer, not a value or a list")
        }
        if let nested = try lexTransformer() { return try parseTransformerRemainder(nested, pos) }
        if lx.lexFieldName() { return try parseFieldRemainder(lx.lastToken, pos) }
        throw error("expected field transformer argument: field, transformer, quoted string, number, or transformer list")
    }

    /// libsinsp allows `transformer(field)[arg]`; `FieldExpr` has no place for it.
    func rejectTransformerArgument() throws(ConditionSyntaxError) {
        if lx.startsWith("[") { throw error("arguments after a field transformer are not supported") }
    }

    /// `val(field)` or `transformer(field)` on the right-hand side, or nil.
    mutating func tryParseTransformerOrVal() throws(ConditionSyntaxError) -> FieldExpr? {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        let pos = lx.position
        if lx.lexString("val(") {
            lx.lexBlank()
            let fieldPos = lx.position
            guard lx.lexFieldName() else { throw error("expected a field within 'val' transformer") }
            var field = try parseFieldRemainder(lx.lastToken, fieldPos)
            lx.lexBlank()
            guard lx.lexString(")") else { throw error("expected a ')' token closing the transformer") }
            try rejectTransformerArgument()
            field.position = pos
            return field
        }
        if let transformer = try lexTransformer() {
            lx.lexBlank()
            return try parseTransformerRemainder(transformer, pos)
        }
        return nil
    }

    /// A field or transformer expression alone (libsinsp's `parse_field_or_transformer`).
    mutating func parseFieldOrTransformer() throws(ConditionSyntaxError) -> FieldExpr {
        try enter(); defer { depth -= 1 }
        let pos = lx.position
        if lx.lexFieldName() { return try parseFieldRemainder(lx.lastToken, pos) }
        if let transformer = try lexTransformer() {
            lx.lexBlank()
            return try parseTransformerRemainder(transformer, pos)
        }
        throw error("expected a field or a field transformer")
    }

    // MARK: comparisons

    mutating func lexOperator(_ list: [String]) -> Bool {
        for op in list {
            if op.hasSuffix(" ") {
                if lx.lexWordFollowedByBlank(String(op.dropLast())) { return true }
            } else if lx.lexString(op) {
                return true
            }
        }
        return false
    }

    mutating func parseCondition(_ left: FieldExpr, _ pos: ConditionPosition) throws(ConditionSyntaxError) -> ConditionNode {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        if lx.lexString("exists") {
            return .check(ConditionCheck(lhs: left, op: .exists, rhs: nil, position: pos))
        }
        lx.lexBlank()
        let opText: String
        let rhs: ConditionOperand
        if lexOperator(Self.numericOperators) {
            opText = lx.lastToken
            rhs = try parseNumberValueOrTransformer()
        } else if lexOperator(Self.stringOperators) {
            opText = lx.lastToken
            let hadBlank = ConditionLexer.isAlpha(opText.utf8.first ?? 0) || lx.lexBlank()
            let saved = lx.position
            let savedToken = lx.lastToken
            if hadBlank, lexOperator(Self.modifiers), listValueFollows(), !boolKeywordFollows() {
                let modifier = lx.lastToken
                lx.position = saved
                throw error("comparison operator modifiers (oneof, anyof, allof) are not supported: '\(opText) \(modifier)'")
            }
            lx.position = saved
            lx.lastToken = savedToken
            rhs = try parseStringValueOrTransformer(allowTransformer: true)
        } else if lexOperator(Self.listOperators) {
            opText = lx.lastToken
            rhs = try parseListValueOrTransformer()
        } else {
            throw error("expected a valid check operator: one of \(Self.operatorList)")
        }
        let op: ComparisonOperator = opText == "==" ? .eq : ComparisonOperator(rawValue: opText) ?? .eq
        return .check(ConditionCheck(lhs: left, op: op, rhs: rhs, position: pos))
    }

    func listValueFollows() -> Bool {
        if lx.current == UInt8(ascii: "(") { return true }
        var probe = lx
        return probe.lexIdentifier()
    }

    func boolKeywordFollows() -> Bool {
        for keyword in ["and", "or", "not"] where lx.startsWith(keyword) {
            let next = lx.byte(at: lx.offset + keyword.utf8.count)
            if !(ConditionLexer.isAlpha(next) || ConditionLexer.isDigit(next)) { return true }
        }
        return false
    }

    mutating func parseNumberValueOrTransformer() throws(ConditionSyntaxError) -> ConditionOperand {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        if let field = try tryParseTransformerOrVal() { return .field(field) }
        if lx.lexHexNumber() || lx.lexNumber() { return .value(lx.lastToken) }
        throw error("expected a number value or a field with a valid transformer: \(Self.transformerList)")
    }

    mutating func parseStringValueOrTransformer(allowTransformer: Bool) throws(ConditionSyntaxError) -> ConditionOperand {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        if allowTransformer, let field = try tryParseTransformerOrVal() { return .field(field) }
        if try lx.lexQuotedString() || lx.lexBareString() { return .value(lx.lastToken) }
        if !allowTransformer { throw error("expected a string value") }
        throw error("expected a string value or a field with a valid transformer: \(Self.transformerList)")
    }

    /// `( … )` after a list operator; an unreadable first item (even a bad escape) makes
    /// libsinsp expect an empty list, and so does this.
    mutating func tryParseList() throws(ConditionSyntaxError) -> [String]? {
        guard lx.lexString("(") else { return nil }
        var values: [String] = []
        lx.lexBlank()
        var first: ConditionOperand?
        do {
            first = try parseStringValueOrTransformer(allowTransformer: false)
        } catch {
            first = nil
        }
        if case .value(let v) = first {
            values.append(v)
            lx.lexBlank()
            while lx.lexString(",") {
                if case .value(let v) = try parseStringValueOrTransformer(allowTransformer: false) { values.append(v) }
                lx.lexBlank()
            }
        }
        guard lx.lexString(")") else { throw error("expected a ')' token") }
        return values
    }

    mutating func parseListValueOrTransformer() throws(ConditionSyntaxError) -> ConditionOperand {
        try enter(); defer { depth -= 1 }
        lx.lexBlank()
        if let list = try tryParseList() { return .list(list) }
        if let field = try tryParseTransformerOrVal() { return .field(field) }
        if lx.lexIdentifier() { return .value(lx.lastToken) }
        throw error("expected a list, an identifier, or a field with a valid transformer: \(Self.transformerList)")
    }
}

private extension String {
    /// Drops leading and trailing spaces (operator spellings only).
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
