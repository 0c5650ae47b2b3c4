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
    /// Per event type, the (entry index, predicate) pairs in load order and the same as chains
    /// of closures (see `chain`): the hot loop touches only these, not the whole entry (whose
    /// strings would be retained per candidate), and one object per list means an event costs
    /// one reference count, not one per array and closure it touches.
    private let byType: [Chains]
    /// For events of a type the table does not know (and sources without event types).
    private let anyType: Chains

    /// Links per chain segment: a chain is one nested call per candidate, so segments bound the
    /// stack depth whatever the number of rules.
    static var segment: Int { 64 }

    final class Chains: Sendable {
        let list: ContiguousArray<Candidate>
        /// `starts[k]` runs candidates k up to the end of k's segment; `head` is `starts[0]`, or a
        /// constant -1.
        let starts: [Chain]
        let head: Chain

        init(_ list: ContiguousArray<Candidate>) {
            self.list = list
            starts = Ruleset.chain(list)
            head = starts.first ?? { _ in -1 }
        }

        /// Where the segment holding candidate `k` ends.
        func segmentEnd(_ k: Int) -> Int { min(list.count, (k / Ruleset.segment + 1) * Ruleset.segment) }
    }

    /// Runs candidates `k...` of a segment on an event and returns the position of the first
    /// whose predicate holds, or -1. Each link holds its predicate and the next link: calling
    /// through captured closures costs no reference counting, where loading each predicate out
    /// of an array retains and releases its context.
    typealias Chain = @Sendable (Event) -> Int

    struct Candidate {
        let index: Int
        let predicate: EventPredicate<Event>
    }

    /// Compiles the evaluable rules of `source` for which `include` holds (default: enabled ones).
    @_specialize(exported: true, where Source == SyscallFields)
    @_specialize(exported: true, where Source == K8sAuditFields)
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
        let all = ContiguousArray(entries.enumerated().map { Candidate(index: $0.offset, predicate: $0.element.predicate) })
        if source.eventTypes != nil {
            // One predicate per (rule, event type), with the type's own comparisons folded away
            // (`FoldedCondition`); a rule that folds to false for a type is not its candidate.
            // Identical folded conditions share one compiled predicate.
            var table = Array(repeating: ContiguousArray<Candidate>(), count: SyscallEventTypes.count)
            // Keyed by the folded condition's text as bytes: `ConditionNode`'s own equality
            // compares strings by Unicode equivalence, the compiled checks compare bytes.
            var compiled: [[UInt8]: Candidate] = [:]
            for (t, name) in SyscallEventTypes.all.enumerated() {
                for (i, entry) in entries.enumerated() where entry.rule.eventTypes.contains(name) {
                    switch FoldedCondition.fold(entry.rule.condition, eventType: name) {
                    case .constant(false):
                        continue
                    case .constant(true):
                        table[t].append(Candidate(index: i, predicate: { _ in true }))
                    case .node(let node):
                        // (Stored in a struct, not as a bare closure: a dictionary's opaque value
                        // type would wrap it in a reabstraction thunk.)
                        let key = Array(node.render().utf8)
                        if let c = compiled[key] {
                            table[t].append(Candidate(index: i, predicate: c.predicate))
                        } else if let p = try? compiler.compile(node) {
                            compiled[key] = Candidate(index: i, predicate: p)
                            table[t].append(Candidate(index: i, predicate: p))
                        } else {
                            table[t].append(all[i])
                        }
                    }
                }
            }
            byType = table.map(Chains.init)
            anyType = Chains(all.filter { if case .allExcept = entries[$0.index].rule.eventTypes { return true } else { return false } })
        } else {
            byType = []
            anyType = Chains(all)
        }
    }

    fileprivate static func chain(_ list: ContiguousArray<Candidate>) -> [Chain] {
        var starts: [Chain] = []
        var next: Chain = { _ in -1 }
        for (position, c) in list.enumerated().reversed() {
            let predicate = c.predicate
            // The last link of a segment ends the chain; `evaluate` goes on with the next one.
            let end: Chain = { _ in -1 }
            let rest = (position + 1) % segment == 0 ? end : next
            next = { event in predicate(event) ? position : rest(event) }
            starts.append(next)
        }
        return starts.reversed()
    }

    /// The rules that can match an event, in load order.
    public func candidates(for event: Event) -> [Entry] {
        chains(source.eventTypeIndex(event) ?? -1).list.map { entries[$0.index] }
    }

    /// The candidates for a `SyscallEventTypes` index (-1 or out of range: the types-unknown list).
    @inline(__always)
    private func chains(_ typeIndex: Int) -> Chains {
        typeIndex >= 0 && typeIndex < byType.count ? byType[typeIndex] : anyType
    }

    /// Whether any active rule can match events of this type (`SyscallEventTypes` index; -1 =
    /// a type the table does not know): a live source skips building events nobody reads.
    public func mayMatch(typeIndex: Int) -> Bool {
        !chains(typeIndex).list.isEmpty
    }

    /// Calls `hit` for each matching rule (only the first with `.first`). Returns the number of hits.
    @discardableResult
    @_specialize(exported: true, where Source == SyscallFields)
    public func evaluate(_ event: Event, matching: Matching = .first, _ hit: (Entry) -> Void) -> Int {
        let chains = self.chains(source.eventTypeIndex(event) ?? -1)
        var hits = 0
        var start = 0
        var position = chains.head(event)
        while true {
            if position < 0 {
                // Nothing in this segment: the next one, if any.
                start = chains.segmentEnd(start)
                if start >= chains.starts.count { break }
                position = chains.starts[start](event)
                continue
            }
            hit(entries[chains.list[position].index])
            hits += 1
            start = position + 1
            if matching == .first || start >= chains.starts.count { break }
            position = chains.starts[start](event)
        }
        return hits
    }
}
