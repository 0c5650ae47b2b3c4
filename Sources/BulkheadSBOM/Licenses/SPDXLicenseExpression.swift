/// Classifies declared license strings: a known SPDX license identifier, a valid SPDX license
/// expression (normalized to canonical casing), or free text that is neither.
enum SPDXLicenseExpression {
    enum Kind: Hashable, Sendable {
        /// One known license identifier, in canonical casing (`MIT`).
        case identifier(String)
        /// A valid compound expression, normalized (`(MIT OR Apache-2.0) AND BSD-3-Clause`).
        case expression(String)
        /// Anything else, trimmed (`GPL-2+`, `Custom license`).
        case freeText(String)
    }

    static let licenses: [String: String] = index(SPDXLicenseList.licenseIdentifiers)
    static let exceptions: [String: String] = index(SPDXLicenseList.exceptionIdentifiers)

    private static func index(_ list: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in list.split(separator: "\n") {
            let id = line.trimmingCharacters(in: " ")
            if !id.isEmpty { out[id.lowercased()] = id }
        }
        return out
    }

    static func classify(_ raw: String) -> Kind {
        let text = raw.trimmingCharacters(in: " \t\r\n")
        if let id = licenses[text.lowercased()] { return .identifier(id) }
        guard let tokens = tokenize(text), let normalized = parse(tokens) else { return .freeText(text) }
        return .expression(normalized)
    }

    /// The distinct, non-empty classified licenses of a package, in declaration order.
    static func classifyAll(_ licenses: [String]) -> [Kind] {
        var seen = Set<Kind>()
        return licenses.compactMap { raw -> Kind? in
            let kind = classify(raw)
            if case .freeText(let t) = kind, t.isEmpty { return nil }
            return seen.insert(kind).inserted ? kind : nil
        }
    }

    /// Wraps a compound expression in parentheses so it can be joined with `AND`.
    static func parenthesized(_ expression: String) -> String {
        expression.contains(" ") ? "(\(expression))" : expression
    }

    private static func tokenize(_ text: String) -> [String]? {
        var tokens: [String] = []
        var current = ""
        for ch in text {
            switch ch {
            case "(", ")":
                if !current.isEmpty { tokens.append(current); current = "" }
                tokens.append(String(ch))
            case " ", "\t", "\n", "\r":
                if !current.isEmpty { tokens.append(current); current = "" }
            default:
                current.append(ch)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens.isEmpty ? nil : tokens
    }

    /// Recursive descent over `expr := term ((AND|OR) term)*`,
    /// `term := "(" expr ")" | id["+"] [WITH exception]`. Returns the normalized text or nil.
    private static func parse(_ tokens: [String]) -> String? {
        var position = 0
        func peek() -> String? { position < tokens.count ? tokens[position] : nil }
        func op(_ t: String?) -> String? {
            guard let u = t?.uppercased(), u == "AND" || u == "OR" || u == "WITH" else { return nil }
            return u
        }
        func term(_ depth: Int) -> String? {
            guard depth < 32, let t = peek() else { return nil }
            if t == "(" {
                position += 1
                guard let inner = expr(depth + 1), peek() == ")" else { return nil }
                position += 1
                return "(\(inner))"
            }
            guard op(t) == nil, t != ")" else { return nil }
            position += 1
            var id: String
            if let known = licenses[t.lowercased()] {
                id = known
            } else if t.hasSuffix("+"), let known = licenses[String(t.dropLast()).lowercased()] {
                id = known + "+"
            } else {
                return nil
            }
            if op(peek()) == "WITH" {
                position += 1
                guard let e = peek(), let exception = exceptions[e.lowercased()] else { return nil }
                position += 1
                id += " WITH " + exception
            }
            return id
        }
        func expr(_ depth: Int) -> String? {
            guard var out = term(depth) else { return nil }
            while let o = op(peek()), o != "WITH" {
                position += 1
                guard let next = term(depth) else { return nil }
                out += " \(o) \(next)"
            }
            return out
        }
        guard let result = expr(0), position == tokens.count else { return nil }
        return result
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String { self[...].trimmingCharacters(in: set) }
}
