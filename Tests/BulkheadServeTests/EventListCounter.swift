import BulkheadServe
import Foundation

/// Stand-in for the rules engine: accepts an `audit.k8s.io/v1` `EventList` and counts its items.
enum EventListCounter {
    @Sendable static func handle(_ body: [UInt8]) async -> AuditWebhookResult {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return .rejected("body is not a JSON object")
        }
        let kind = object["kind"] as? String ?? ""
        guard kind == "EventList", object["apiVersion"] as? String == "audit.k8s.io/v1" else {
            return .rejected("expected kind \"EventList\" (audit.k8s.io/v1), got \"\(kind)\"")
        }
        return .accepted((object["items"] as? [Any])?.count ?? 0)
    }
}
