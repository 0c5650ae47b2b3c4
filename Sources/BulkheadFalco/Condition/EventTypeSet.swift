/// The event types a condition can match, computed from its `evt.type` comparisons the way
/// Falco indexes rules: `and` intersects, `or` unites, `not` complements (De Morgan), and any
/// other comparison allows every type.
public enum EventTypeSet: Sendable, Hashable {
    case only(Set<String>)
    case allExcept(Set<String>)

    public static let all = EventTypeSet.allExcept([])

    public func union(_ o: EventTypeSet) -> EventTypeSet {
        switch (self, o) {
        case (.only(let a), .only(let b)): return .only(a.union(b))
        case (.only(let a), .allExcept(let b)), (.allExcept(let b), .only(let a)): return .allExcept(b.subtracting(a))
        case (.allExcept(let a), .allExcept(let b)): return .allExcept(a.intersection(b))
        }
    }

    public func intersection(_ o: EventTypeSet) -> EventTypeSet {
        switch (self, o) {
        case (.only(let a), .only(let b)): return .only(a.intersection(b))
        case (.only(let a), .allExcept(let b)), (.allExcept(let b), .only(let a)): return .only(a.subtracting(b))
        case (.allExcept(let a), .allExcept(let b)): return .allExcept(a.union(b))
        }
    }

    public var complement: EventTypeSet {
        switch self {
        case .only(let a): return .allExcept(a)
        case .allExcept(let a): return .only(a)
        }
    }

    /// How many of `universe` the set holds.
    public func count(in universe: Set<String>) -> Int {
        switch self {
        case .only(let a): return a.intersection(universe).count
        case .allExcept(let a): return universe.subtracting(a).count
        }
    }

    public func contains(_ type: String) -> Bool {
        switch self {
        case .only(let a): return a.contains(type)
        case .allExcept(let a): return !a.contains(type)
        }
    }

    /// The set for a macro-free condition.
    public static func of(_ node: ConditionNode) -> EventTypeSet { visit(node, inverted: false) }

    private static func visit(_ node: ConditionNode, inverted: Bool) -> EventTypeSet {
        switch node {
        case .and(let children):
            let sets = children.map { visit($0, inverted: inverted) }
            return sets.dropFirst().reduce(sets[0]) { inverted ? $0.union($1) : $0.intersection($1) }
        case .or(let children):
            let sets = children.map { visit($0, inverted: inverted) }
            return sets.dropFirst().reduce(sets[0]) { inverted ? $0.intersection($1) : $0.union($1) }
        case .not(let inner):
            return visit(inner, inverted: !inverted)
        case .macro:
            return .all
        case .check(let c):
            guard c.lhs.field == "evt.type", c.lhs.transformers.isEmpty, let rhs = c.rhs else { return .all }
            var set: EventTypeSet
            switch (c.op, rhs) {
            case (.eq, .value(let v)): set = .only([v])
            case (.in, .list(let l)), (.intersects, .list(let l)): set = .only(Set(l))
            case (.ne, .value(let v)): set = .allExcept([v])
            default: return .all
            }
            if inverted { set = set.complement }
            return set
        }
    }
}
