/// The result of evaluating one check against one target.
///
/// Five outcomes, as Kyverno's: "could not evaluate" is `error`, never `pass`.
public enum Outcome: Sendable, Hashable {
    case pass
    case fail([Finding])
    case warn([Finding])
    case error(Diagnostic)
    case skip(reason: String)

    public var name: String {
        switch self {
        case .pass: "pass"
        case .fail: "fail"
        case .warn: "warn"
        case .error: "error"
        case .skip: "skip"
        }
    }
}
