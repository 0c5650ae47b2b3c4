/// How a source reads one field from its events, typed so conditions compile to direct
/// comparisons (no boxing per event). `nil` means the field has no value for this event
/// (Falco's `<NA>`): every comparison on it is false, `exists` is false.
public enum FieldAccessor<Event: AnyObject>: Sendable {
    case string(@Sendable (Event) -> String?)
    case number(@Sendable (Event) -> Int64?)
    case bool(@Sendable (Event) -> Bool?)
    /// A list field: `in` means every element is in the set, `intersects` any element; other
    /// operators hold when any element satisfies them.
    case list(@Sendable (Event) -> [String]?)
    /// Several candidate values where any may match (`proc.aname` without an index, `fd.port`):
    /// the accessor calls the visitor on each value until it returns true, and returns whether
    /// one did (nil when the field has no value). No array is built per event.
    /// `allEndsForNotEqual`: `!=` holds only when every value differs (Falco's socket ends:
    /// `fd.port != 80` means neither end is port 80), not when any does (ancestors).
    case anyOf(@Sendable (Event, (String) -> Bool) -> Bool?, allEndsForNotEqual: Bool = false)
    /// IP addresses (`fd.sip`, `fd.ip` = either end); the right side is an address or a CIDR.
    case address(@Sendable (Event) -> [IPAddress]?)

    /// The field rendered as text for outputs and `val()` comparisons.
    public var render: @Sendable (Event) -> String? {
        switch self {
        case .string(let f): return f
        case .number(let f): return { e in f(e).map(String.init) }
        case .bool(let f): return { e in f(e).map { $0 ? "true" : "false" } }
        case .list(let f):
            return { e in f(e).map { "(" + $0.joined(separator: ",") + ")" } }
        case .anyOf(let f, _):
            // Falco prints the ancestors of proc.aname (and friends) separated by spaces.
            return { e in
                var all: [String] = []
                guard f(e, { all.append($0); return false }) != nil else { return nil }
                return all.joined(separator: " ")
            }
        case .address(let f):
            return { e in f(e).map { $0.map(\.description).joined(separator: ",") } }
        }
    }
}

/// The result of looking a field reference up in a source.
public enum FieldResolution<Event: AnyObject>: Sendable {
    case field(FieldAccessor<Event>)
    /// Falco defines this field but this source cannot provide it.
    case unavailable
    /// No such field (Falco: "filter_check called with nonexistent field").
    case unknown
    /// The field exists but the argument is wrong (missing, not a number, …).
    case invalid(String)
}

/// An event source as the rules engine sees it: a name (`syscall`, `k8s_audit`) and a field table.
public protocol FalcoFieldSource<Event>: Sendable {
    /// A class: compiled predicates then take the event as one pointer in generic and
    /// specialised code alike, so no reabstraction thunk sits between nested closures.
    associatedtype Event: AnyObject
    /// The `source:` name rules use.
    var name: String { get }
    /// Names accepted by `source:` for this source (aliases such as `k8s_audit` for `k8saudit`).
    var aliases: [String] { get }
    /// Valid `evt.type` values when the source checks them (syscall), nil otherwise.
    var eventTypes: Set<String>? { get }
    func resolve(field: String, argument: String?) -> FieldResolution<Event>
    /// The event's type index into `SyscallEventTypes` (rules are indexed by it), or nil for
    /// sources without event types.
    func eventTypeIndex(_ event: Event) -> Int?
}
