/// The syscall source's event names (Falco's `evt.type` values), numbered for rule indexing.
public enum SyscallEventTypes {
    public static let all: [String] = FalcoCatalog.eventTypes.sorted()
    private static let indexByName: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })

    public static func index(of name: String) -> Int? { indexByName[name] }
    public static var count: Int { all.count }
}
