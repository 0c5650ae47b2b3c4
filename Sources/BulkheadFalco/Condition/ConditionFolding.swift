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
            var kept: [ConditionNode] = []
            for child in children {
                switch fold(child, eventType: eventType) {
                case .constant(false): return .constant(false)
                case .constant(true): continue
                case .node(let n): kept.append(n)
                }
            }
            return kept.isEmpty ? .constant(true) : .node(kept.count == 1 ? kept[0] : .and(kept))
        case .or(let children):
            var kept: [ConditionNode] = []
            for child in children {
                switch fold(child, eventType: eventType) {
                case .constant(true): return .constant(true)
                case .constant(false): continue
                case .node(let n): kept.append(n)
                }
            }
            return kept.isEmpty ? .constant(false) : .node(kept.count == 1 ? kept[0] : .or(kept))
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
