/// A condition specialised to one event type: every `evt.type` comparison (and `evt.dir`, which
/// is always `<` for completed calls) becomes a constant, and `and`/`or`/`not` fold around the
/// constants. The ruleset compiles one specialised predicate per (rule, event type), so an event
/// never compares its own type again, and a rule whose condition folds to false for a type is
/// not a candidate for it at all.
///
/// Folding keeps Falco's semantics: these fields always have a value on syscall events, so a
/// comparison on them is plainly true or false (no `<NA>` case), and conditions have no side
/// effects, so dropping a branch whose value is known changes nothing but the work done.
public enum FoldedCondition: Sendable, Hashable {
    case constant(Bool)
    case node(ConditionNode)

    /// `node` with `evt.type` fixed to `eventType` and `evt.dir` to `<`.
    public static func fold(_ node: ConditionNode, eventType: String) -> FoldedCondition {
        switch node {
        case .and(let children):
            return junction(children, absorbing: false, eventType) { .and($0) }
        case .or(let children):
            return junction(children, absorbing: true, eventType) { .or($0) }
        case .not(let inner):
            switch fold(inner, eventType: eventType) {
            case .constant(let b): return .constant(!b)
            case .node(let n): return .node(.not(n))
            }
        case .macro:
            return .node(node)
        case .check(let c):
            if let value = constantValue(c, eventType: eventType) { return .constant(value) }
            return .node(node)
        }
    }

    /// `and` (absorbing false) or `or` (absorbing true): a child folding to the absorbing value
    /// decides the whole, children folding to the other value drop out.
    private static func junction(_ children: [ConditionNode], absorbing: Bool, _ eventType: String,
                                 _ make: ([ConditionNode]) -> ConditionNode) -> FoldedCondition {
        var kept: [ConditionNode] = []
        for child in children {
            switch fold(child, eventType: eventType) {
            case .constant(let b): if b == absorbing { return .constant(absorbing) }
            case .node(let n): kept.append(n)
            }
        }
        return kept.isEmpty ? .constant(!absorbing) : .node(kept.count == 1 ? kept[0] : make(kept))
    }

    /// The value of a check on `evt.type`/`evt.dir` for this event type, nil for any other check
    /// (or an operator whose meaning on these fields is left to the compiled form).
    static func constantValue(_ c: ConditionCheck, eventType: String) -> Bool? {
        guard c.lhs.transformers.isEmpty, c.lhs.argument == nil, let rhs = c.rhs else { return nil }
        let actual: String
        switch c.lhs.field {
        case "evt.type": actual = eventType
        case "evt.dir": actual = "<"
        default: return nil
        }
        // Bytes, as the compiled comparison does (no Unicode equivalence).
        let same = { (v: String) in v.utf8.elementsEqual(actual.utf8) }
        switch (c.op, rhs) {
        case (.eq, .value(let v)): return same(v)
        case (.ne, .value(let v)): return !same(v)
        case (.in, .list(let l)), (.intersects, .list(let l)): return l.contains(where: same)
        case (.in, .value(let v)), (.intersects, .value(let v)): return same(v)
        default: return nil
        }
    }
}
