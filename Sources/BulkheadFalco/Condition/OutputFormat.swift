/// One piece of a rule `output:`.
public enum OutputSegment: Sendable, Hashable {
    /// Literal text (never contains `%`).
    case text(String)
    /// `%field`, `%field[arg]`, `%transformer(field)`.
    case field(FieldExpr)
}

/// A rule `output:` split the way libsinsp's event formatter splits it
/// (`sinsp_evt_formatter::set_format`): a leading `*` means "print even when some fields
/// have no value"; each `%` starts a token, optionally with a width (`%20proc.name`), then a
/// field or a transformer read by the condition parser's field grammar (`val(…)` and
/// `%(field)` are not accepted by libsinsp, and neither are they here). The token ends where
/// the field expression ends; everything else is text.
public struct OutputFormat: Sendable, Hashable, CustomStringConvertible {
    public var segments: [OutputSegment]
    /// `false` when the format starts with `*`.
    public var requireAllValues: Bool
    /// Widths given as `%<digits>field`, keyed by index into `segments`.
    public var widths: [Int: Int]

    public init(segments: [OutputSegment], requireAllValues: Bool = true, widths: [Int: Int] = [:]) {
        self.segments = segments
        self.requireAllValues = requireAllValues
        self.widths = widths
    }

    /// The fields in order of appearance.
    public var fields: [FieldExpr] {
        segments.compactMap { if case .field(let f) = $0 { f } else { nil } }
    }

    /// Parses an output string. `isKnownField`, when given, plays the part of libsinsp's
    /// field table: a token whose field is unknown is shortened until a known field remains
    /// (`%proc.namex` reads as `%proc.name` then `x`), and fails when none does.
    public static func parse(_ text: String,
                             isKnownField: ((String) -> Bool)? = nil) throws(ConditionSyntaxError) -> OutputFormat {
        let bytes = Array(text.utf8)
        var tracker = PositionTracker(bytes: bytes)
        if bytes.isEmpty { throw ConditionSyntaxError(message: "empty formatting token", position: .start) }
        var result = OutputFormat(segments: [])
        var j = 0
        if bytes[0] == UInt8(ascii: "*") {
            result.requireAllValues = false
            j = 1
        }
        var textStart = j
        let n = bytes.count
        while j < n {
            guard bytes[j] == UInt8(ascii: "%") else {
                j += 1
                continue
            }
            if textStart != j {
                result.segments.append(.text(String(decoding: bytes[textStart..<j], as: UTF8.self)))
            }
            if j == n - 1 {
                throw ConditionSyntaxError(message: "invalid formatting syntax: formatting cannot end with a %",
                                           position: tracker.position(at: j))
            }
            var width: Int?
            if ConditionLexer.isDigit(bytes[j + 1]) {
                var w = 0
                while j + 1 < n, ConditionLexer.isDigit(bytes[j + 1]) {
                    w = min(w * 10 + Int(bytes[j + 1] - 0x30), Int(Int32.max))
                    j += 1
                }
                if j == n - 1 {
                    throw ConditionSyntaxError(message: "invalid formatting syntax: formatting cannot end with a number",
                                               position: tracker.position(at: j))
                }
                width = w
            }
            let start = tracker.position(at: j + 1)
            let (field, end) = try parseToken(bytes, start: start, isKnownField: isKnownField)
            if let width { result.widths[result.segments.count] = width }
            result.segments.append(.field(field))
            j = end
            textStart = end
        }
        if textStart < n {
            result.segments.append(.text(String(decoding: bytes[textStart..<n], as: UTF8.self)))
        }
        return result
    }

    /// The field expression at `start` as libsinsp picks it: it tries ever shorter windows of
    /// the text until one parses (and, with `isKnownField`, names a known field). Only a plain
    /// field can succeed on a shorter window than the whole text: without its broken `[arg]`,
    /// or cut to a known prefix of its name.
    static func parseToken(_ bytes: [UInt8], start: ConditionPosition,
                           isKnownField: ((String) -> Bool)?) throws(ConditionSyntaxError) -> (FieldExpr, Int) {
        var failure: ConditionSyntaxError
        do {
            let (field, end) = try ConditionParser.parseFieldExpression(bytes, start: start)
            if isKnownField?(field.field) ?? true { return (field, end.offset) }
            failure = ConditionSyntaxError(message: "filter_check called with nonexistent field \(field.field)",
                                           position: start)
        } catch {
            failure = error
        }
        var lexer = ConditionLexer(bytes, start: start)
        if lexer.lexFieldName(), lexer.offset - start.offset <= 1024 {
            var limit = lexer.offset
            while limit > start.offset {
                if let found = try? ConditionParser.parseFieldExpression(bytes, start: start, end: limit),
                   isKnownField?(found.0.field) ?? true {
                    return (found.0, found.1.offset)
                }
                if isKnownField == nil { break }
                limit -= 1
            }
        }
        throw ConditionSyntaxError(message: "unknown filter: " + failure.message, position: start)
    }

    /// Prints the format back (`*` prefix, `%width` and fields rendered).
    public func render() -> String {
        var out = requireAllValues ? "" : "*"
        for (i, segment) in segments.enumerated() {
            switch segment {
            case .text(let t): out += t
            case .field(let f): out += "%" + (widths[i].map(String.init) ?? "") + f.render()
            }
        }
        return out
    }

    public var description: String { render() }
}

/// Line/column for increasing byte offsets, counted as the condition lexer counts them.
struct PositionTracker {
    let bytes: [UInt8]
    var current = ConditionPosition.start

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func position(at offset: Int) -> ConditionPosition {
        if offset < current.offset { current = .start }
        while current.offset < offset, current.offset < bytes.count {
            let b = bytes[current.offset]
            current.column += 1
            if b == 0x0A || b == 0x0D {
                current.line += 1
                current.column = 1
            }
            current.offset += 1
        }
        return current
    }
}
