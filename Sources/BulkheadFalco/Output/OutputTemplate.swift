/// A rule's `output:` compiled against a source: literal text and `%field` references
/// (`%proc.aname[2]`, `%evt.arg.flags`, `%tolower(proc.name)`), rendered per alert with `<NA>`
/// for fields without a value, as Falco does.
public struct OutputTemplate<Event: AnyObject>: Sendable {
    public enum Part: Sendable {
        case text(String)
        case field(key: String, render: @Sendable (Event) -> String?, typed: @Sendable (Event) -> OutputValue)
    }

    public let parts: [Part]

    public func render(_ event: Event) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .field(_, let render, _): out += render(event) ?? "<NA>"
            }
        }
        return out
    }

    /// `output_fields` of Falco's JSON alert: each referenced field with its typed value.
    public func fields(_ event: Event) -> [(String, OutputValue)] {
        var out: [(String, OutputValue)] = []
        var seen = Set<String>()
        for case .field(let key, _, let typed) in parts where seen.insert(key).inserted {
            out.append((key, typed(event)))
        }
        return out
    }
}

/// A field value in an alert's `output_fields`.
public enum OutputValue: Sendable, Hashable {
    case null
    case string(String)
    case number(Int64)
    case bool(Bool)
    /// List fields are JSON arrays in Falco's `output_fields`.
    case list([String])
}

enum OutputTemplateCheck {
    enum Result { case ok([String]), unknown(String), invalid(String) }

    /// Validates every `%field` of an output against a source; unavailable fields are listed.
    static func check<S: FalcoFieldSource>(_ output: String, source: S) -> Result {
        let format: OutputFormat
        do {
            format = try parse(output, source: source)
        } catch {
            // Name the token as Falco does: the text after % up to the next blank.
            let after = output.utf8.count > error.position.offset ? String(decoding: Array(output.utf8)[error.position.offset...], as: UTF8.self) : ""
            let token = after.prefix { !$0.isWhitespace }
            let unknown = error.message.contains("nonexistent field") || error.message.hasPrefix("unknown filter")
            return unknown ? .unknown(String(token.drop { $0 == "%" })) : .invalid(error.message)
        }
        var missing: [String] = []
        for f in format.fields {
            do {
                _ = try PredicateCompiler(source: source).accessor(for: f)
            } catch {
                switch error.kind {
                case .unknownField: return .unknown(f.field)
                case .unavailableField: missing.append(f.field)
                case .invalid: return .invalid(error.message)
                }
            }
        }
        return .ok(missing)
    }

    static func parse<S: FalcoFieldSource>(_ output: String, source: S) throws(ConditionSyntaxError) -> OutputFormat {
        try OutputFormat.parse(output) { name in
            if case .unknown = source.resolve(field: name, argument: nil) {
                // Fields that need an argument still exist without one.
                if case .unknown = source.resolve(field: name, argument: "0") { return false }
            }
            return true
        }
    }

    static func compile<S: FalcoFieldSource>(_ output: String, source: S) -> OutputTemplate<S.Event> {
        var parts: [OutputTemplate<S.Event>.Part] = []
        guard let format = try? parse(output, source: source) else { return OutputTemplate(parts: [.text(output)]) }
        for segment in format.segments {
            switch segment {
            case .text(let t): parts.append(.text(t))
            case .field(let expr):
                // A transformed field is listed under its inner field with the raw value, as
                // Falco does; the text shows the transformed value.
                var inner = expr
                inner.transformers = []
                let key = inner.render()
                let compiler = PredicateCompiler(source: source)
                guard let acc = try? compiler.accessor(for: expr), let raw = try? compiler.accessor(for: inner) else {
                    parts.append(.field(key: key, render: { _ in nil }, typed: { _ in .null }))
                    continue
                }
                let typed: @Sendable (S.Event) -> OutputValue
                switch raw {
                case .number(let f): typed = { e in f(e).map(OutputValue.number) ?? .null }
                case .bool(let f): typed = { e in f(e).map(OutputValue.bool) ?? .null }
                case .list(let f): typed = { e in f(e).map(OutputValue.list) ?? .null }
                default:
                    let r = raw.render
                    typed = { e in r(e).map(OutputValue.string) ?? .null }
                }
                parts.append(.field(key: key, render: acc.render, typed: typed))
            }
        }
        return OutputTemplate(parts: parts)
    }
}

extension OutputTemplate {
    /// Compiles an output template (`%field` references) against a source, as rule outputs are.
    public static func compile<S: FalcoFieldSource>(_ text: String, source: S) -> OutputTemplate<S.Event> where S.Event == Event {
        OutputTemplateCheck.compile(text, source: source)
    }
}

extension Alert {
    /// Falco's `append_output`: extra text after the rule's output and its fields added to
    /// `output_fields` (fields the rule already lists keep their place).
    public mutating func append<E>(_ extra: OutputTemplate<E>, event: E) {
        let text = extra.render(event)
        if !text.isEmpty { message += " " + text }
        let present = Set(outputFields.map(\.0))
        for (k, v) in extra.fields(event) where !present.contains(k) { outputFields.append((k, v)) }
    }
}
