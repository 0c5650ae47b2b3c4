import BulkheadCore

/// The fields of an installed gem's specification that cataloging needs.
public struct GemspecEntry: Sendable, Hashable {
    public var name: String
    public var version: String
    /// `s.licenses = [...]` or `s.license = "..."`.
    public var licenses: [String]
    /// `s.platform`, when not `ruby`.
    public var platform: String?
}

/// Pure, tolerant parser for the Ruby gemspecs RubyGems writes into `specifications/`
/// (`Gem::Specification#to_ruby`): reads `s.name = "x".freeze`-style assignment lines and the
/// `# stub: name version platform` header. Ruby is never executed; anything computed is ignored.
enum ParseGemspec {
    static func parse(_ text: String, path: String) -> (spec: GemspecEntry?, diagnostics: [Diagnostic]) {
        var receiver: Substring?
        var fields: [Substring: [String]] = [:]
        var stub: [Substring] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("# stub: "), stub.isEmpty {
                stub = line.dropFirst(8).split(separator: " ")
                continue
            }
            if receiver == nil, line.contains("Gem::Specification.new"), let name = blockParameter(line) {
                receiver = name
                continue
            }
            guard let assigned = assignment(line, receiver: receiver), fields[assigned.attribute] == nil else { continue }
            let values = stringLiterals(in: assigned.expression)
            if !values.isEmpty { fields[assigned.attribute] = values }
        }
        let name = fields["name"]?.first ?? stub.first.map(String.init)
        let version = fields["version"]?.first ?? (stub.count > 1 ? String(stub[1]) : nil)
        guard let name, !name.isEmpty else {
            return (nil, [.catalog(.missingField, "gemspec has no literal name; skipped", file: path)])
        }
        guard let version, !version.isEmpty else {
            return (nil, [.catalog(.missingField, "gemspec of '\(name)' has no literal version; skipped", file: path)])
        }
        let platform = fields["platform"]?.first ?? (stub.count > 2 ? String(stub[2]) : nil)
        let licenses = (fields["licenses"] ?? fields["license"] ?? []).filter { !$0.isEmpty }
        return (GemspecEntry(name: name, version: version, licenses: licenses,
                             platform: platform == "ruby" ? nil : platform), [])
    }

    /// `s` from `Gem::Specification.new do |s|`.
    private static func blockParameter(_ line: Substring) -> Substring? {
        guard let open = line.firstIndex(of: "|") else { return nil }
        let rest = line[line.index(after: open)...]
        guard let close = rest.firstIndex(of: "|") else { return nil }
        let name = rest[..<close].trimmingWhitespace()
        return name.isEmpty ? nil : Substring(name)
    }

    /// (`name`, `"rack".freeze`) from `s.name = "rack".freeze`; only plain assignments to the
    /// spec's receiver (any identifier when the `|s|` line was not seen).
    private static func assignment(_ line: Substring, receiver: Substring?) -> (attribute: Substring, expression: Substring)? {
        guard let dot = line.firstIndex(of: ".") else { return nil }
        let owner = line[..<dot]
        if let receiver { guard owner == receiver else { return nil } }
        guard !owner.isEmpty, owner.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        let rest = line[line.index(after: dot)...]
        let attribute = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        var after = rest.dropFirst(attribute.count).drop { $0 == " " }
        guard !attribute.isEmpty, after.first == "=" else { return nil }
        after = after.dropFirst()
        guard after.first != "=", after.first != "~" else { return nil }
        return (attribute, after)
    }

    /// Every quoted string literal in a Ruby expression, in order (`["MIT".freeze, "Ruby"]`).
    /// Interpolated strings (`"#{...}"`) are skipped.
    static func stringLiterals(in expression: Substring) -> [String] {
        var out: [String] = []
        var index = expression.startIndex
        while index < expression.endIndex, out.count < 64 {
            let ch = expression[index]
            guard ch == "\"" || ch == "'" else {
                index = expression.index(after: index)
                continue
            }
            guard let found = literal(expression, from: index) else { break }
            if !(ch == "\"" && found.value.contains("#{")) { out.append(found.value) }
            index = found.end
        }
        return out
    }

    /// The string literal opening at `start` and the index after its closing quote.
    private static func literal(_ text: Substring, from start: Substring.Index) -> (value: String, end: Substring.Index)? {
        let quote = text[start]
        var out = ""
        var index = text.index(after: start)
        while index < text.endIndex {
            let ch = text[index]
            if ch == quote { return (out, text.index(after: index)) }
            if ch == "\\", text.index(after: index) < text.endIndex {
                let escaped = text.index(after: index)
                if quote == "\"", text[escaped] == "u", let decoded = unicodeEscape(text, after: escaped) {
                    out.unicodeScalars.append(decoded.scalar)
                    index = decoded.end
                    continue
                }
                if quote == "'", text[escaped] != "'", text[escaped] != "\\" { out.append("\\") }
                out.append(text[escaped])
                index = text.index(after: escaped)
                continue
            }
            out.append(ch)
            index = text.index(after: index)
        }
        return nil
    }

    /// `\u00E9` or `\u{e9}` after the `u` at `u`.
    private static func unicodeEscape(_ text: Substring, after u: Substring.Index) -> (scalar: Unicode.Scalar, end: Substring.Index)? {
        var index = text.index(after: u)
        var digits = ""
        if index < text.endIndex, text[index] == "{" {
            index = text.index(after: index)
            while index < text.endIndex, text[index] != "}", digits.count < 6 {
                digits.append(text[index])
                index = text.index(after: index)
            }
            guard index < text.endIndex, text[index] == "}" else { return nil }
            index = text.index(after: index)
        } else {
            while index < text.endIndex, digits.count < 4, text[index].isHexDigit {
                digits.append(text[index])
                index = text.index(after: index)
            }
            guard digits.count == 4 else { return nil }
        }
        guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, index)
    }
}
