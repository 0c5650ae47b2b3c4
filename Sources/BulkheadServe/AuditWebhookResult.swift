/// What the rules engine made of one webhook request body.
public enum AuditWebhookResult: Sendable, Equatable {
    /// The body was taken; `N` (usually the number of audit events in the `EventList`) is
    /// reported back as `{"accepted": N}` with status 200.
    case accepted(Int)
    /// The body was refused (for example it is not an `EventList`); the server answers
    /// 400 with `{"error": reason}`.
    case rejected(String)
}
