import BulkheadCore
import Foundation

/// One rule hit, shaped like Falco's alert so its consumers (Falcosidekick and friends) work
/// unchanged: `time`, `rule`, `priority`, `output`, `output_fields`, `tags`, `hostname`, `source`.
public struct Alert: Sendable {
    public var time: Int64
    public var rule: String
    public var priority: FalcoPriority
    /// The rendered rule output, without Falco's time/priority prefix.
    public var message: String
    public var outputFields: [(String, OutputValue)]
    public var tags: [String]
    public var hostname: String
    public var source: String

    public init(time: Int64, rule: String, priority: FalcoPriority, message: String, outputFields: [(String, OutputValue)],
                tags: [String], hostname: String, source: String) {
        self.time = time
        self.rule = rule
        self.priority = priority
        self.message = message
        self.outputFields = outputFields
        self.tags = tags
        self.hostname = hostname
        self.source = source
    }

    /// Builds the alert for an entry that matched `event`.
    public static func make<S: FalcoFieldSource>(_ entry: Ruleset<S>.Entry, _ event: S.Event, time: Int64, hostname: String) -> Alert {
        Alert(time: time, rule: entry.rule.name, priority: entry.rule.priority, message: entry.output.render(event),
              outputFields: entry.output.fields(event), tags: entry.rule.tags, hostname: hostname, source: entry.rule.source)
    }

    /// `HH:MM:SS.nnnnnnnnn: Priority message` — Falco's text line.
    public var textLine: String {
        "\(TimeFormat.render(time, style: "evt.time")): \(priority) \(message)"
    }

    /// The text line with quotes, backslashes and control characters escaped as in JSON (Falco
    /// does the same), so a file name holding a newline cannot forge a second alert line.
    public var escapedTextLine: String {
        let q = jsonQuote(textLine)
        return String(q.dropFirst().dropLast())
    }

    /// One JSON object, keys in Falco's order, no trailing newline.
    public var jsonLine: String {
        var s = "{\"hostname\":\(jsonQuote(hostname)),\"output\":\(jsonQuote(textLine)),\"output_fields\":{"
        // Falco lists the time of its output prefix first, in nanoseconds.
        s += "\"evt.time\":\(time)"
        for (k, v) in outputFields where k != "evt.time" {
            s += ","
            s += jsonQuote(k) + ":"
            switch v {
            case .null: s += "null"
            case .string(let t): s += jsonQuote(t)
            case .number(let n): s += String(n)
            case .bool(let b): s += b ? "true" : "false"
            case .list(let items): s += "[" + items.map(jsonQuote).joined(separator: ",") + "]"
            }
        }
        s += "},\"priority\":\(jsonQuote(priority.description)),\"rule\":\(jsonQuote(rule)),"
        s += "\"source\":\(jsonQuote(source)),\"tags\":[" + tags.map(jsonQuote).joined(separator: ",") + "],"
        s += "\"time\":\(jsonQuote(TimeFormat.render(time, style: "evt.time.iso8601")))}"
        return s
    }
}
