import BulkheadCore

/// Compiled rules of one source, indexed by event type so an event only meets the rules that
/// can match it. Rules keep their load order (Falco evaluates in that order).
public final class Ruleset<Source: FalcoFieldSource>: Sendable {
    public typealias Event = Source.Event

    public struct Entry: Sendable {
        public let order: Int
        public let rule: LoadedRule
        public let predicate: EventPredicate<Event>
        public let output: OutputTemplate<Event>
    }

    /// Falco's `rule_matching`: stop at the first matching rule (default) or report all.
    public enum Matching: String, Sendable, CaseIterable { case first, all }

    public let source: Source
    public let entries: [Entry]
    private let byType: [[Entry]]
    private let anyType: [Entry]

    /// Compiles the evaluable rules of `source` for which `include` holds (default: enabled ones).
    public init(source: Source, rules: [LoadedRule], include: (LoadedRule) -> Bool = { $0.enabled }) {
        self.source = source
        let compiler = PredicateCompiler(source: source)
        var entries: [Entry] = []
        for (i, rule) in rules.enumerated() where rule.isEvaluable && include(rule)
            && (rule.source == source.name || source.aliases.contains(rule.source)) {
            guard let p = try? compiler.compile(rule.condition) else { continue }
            entries.append(Entry(order: i, rule: rule, predicate: p,
                                 output: OutputTemplateCheck.compile(rule.output, source: source)))
        }
        self.entries = entries
        if source.eventTypes != nil {
            var table = Array(repeating: [Entry](), count: SyscallEventTypes.count)
            for (t, name) in SyscallEventTypes.all.enumerated() {
                table[t] = entries.filter { $0.rule.eventTypes.contains(name) }
            }
            byType = table
            anyType = entries.filter { if case .allExcept = $0.rule.eventTypes { return true } else { return false } }
        } else {
            byType = []
            anyType = entries
        }
    }

    /// The rules that can match an event, in load order.
    @inline(__always)
    public func candidates(for event: Event) -> [Entry] {
        if let t = source.eventTypeIndex(event), t < byType.count { return byType[t] }
        return anyType
    }

    /// Calls `hit` for each matching rule (only the first with `.first`). Returns the number of hits.
    @discardableResult
    public func evaluate(_ event: Event, matching: Matching = .first, _ hit: (Entry) -> Void) -> Int {
        var hits = 0
        for entry in candidates(for: event) where entry.predicate(event) {
            hit(entry)
            hits += 1
            if matching == .first { break }
        }
        return hits
    }
}
