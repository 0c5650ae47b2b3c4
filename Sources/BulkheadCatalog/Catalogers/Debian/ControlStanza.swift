import BulkheadCore

/// One paragraph of a Debian control file (deb822): fields in order, with the line it starts on.
struct ControlStanza: Sendable, Hashable {
    /// Field names as written, values with continuation lines joined by `\n`.
    var fields: [(name: String, value: String)]
    /// 1-based line of the first field.
    var line: Int

    /// The value of a field; names are case-insensitive (Debian Policy §5.1).
    subscript(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    static func == (lhs: ControlStanza, rhs: ControlStanza) -> Bool {
        lhs.line == rhs.line && lhs.fields.elementsEqual(rhs.fields) { $0 == $1 }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(line)
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

/// Splits deb822 text (dpkg `status`, `status.d/*`) into stanzas.
///
/// A malformed line (no `Name:`, a continuation before any field, a duplicate field) makes its
/// whole stanza corrupt: the stanza is dropped with a located diagnostic, and parsing resumes at
/// the next blank line, so one bad record never hides the others.
enum ControlStanzaParser {
    static func parse(_ text: String, path: String) -> (stanzas: [ControlStanza], diagnostics: [Diagnostic]) {
        var stanzas: [ControlStanza] = []
        var diagnostics: [Diagnostic] = []
        var current: ControlStanza?
        var corrupt = false
        var lineNumber = 0

        func finish() {
            if let stanza = current, !corrupt { stanzas.append(stanza) }
            current = nil
            corrupt = false
        }
        func fail(_ message: String) {
            diagnostics.append(.catalog(.corruptEntry, message + "; entry skipped", file: path, line: lineNumber))
            corrupt = true
            if current == nil { current = ControlStanza(fields: [], line: lineNumber) }
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                finish()
                continue
            }
            if corrupt { continue }
            if line.first == " " || line.first == "\t" {
                guard var stanza = current, let last = stanza.fields.indices.last else {
                    fail("continuation line before any field")
                    continue
                }
                let body = line.trimmingWhitespace()
                stanza.fields[last].value += "\n" + (body == "." ? "" : body)
                current = stanza
                continue
            }
            if line.first == "#" { continue }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                fail("expected 'Field: value', found '\(line.prefix(60))'")
                continue
            }
            let name = String(line[..<colon])
            guard !name.contains(" ") else {
                fail("invalid field name '\(name.prefix(60))'")
                continue
            }
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            var stanza = current ?? ControlStanza(fields: [], line: lineNumber)
            if stanza[name] != nil {
                current = stanza
                fail("duplicate field '\(name)'")
                continue
            }
            stanza.fields.append((name, value))
            current = stanza
        }
        finish()
        return (stanzas, diagnostics)
    }
}
