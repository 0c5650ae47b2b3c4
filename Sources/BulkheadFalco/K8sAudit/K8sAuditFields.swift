/// The `k8s_audit` source for the rules engine, backed by K8sAuditExtractor.
public struct K8sAuditFields: FalcoFieldSource {
    public typealias Event = K8sAuditEvent
    public var name: String { "k8s_audit" }
    public var aliases: [String] { ["k8saudit"] }
    public var eventTypes: Set<String>? { nil }
    public init() {}
    public func eventTypeIndex(_ event: K8sAuditEvent) -> Int? { nil }

    public func resolve(field: String, argument: String?) -> FieldResolution<K8sAuditEvent> {
        let compiled: K8sCompiledField
        do {
            guard let c = try K8sAuditExtractor.compile(field: field, argument: argument) else { return .unknown }
            compiled = c
        } catch {
            return .invalid(error.message)
        }
        if compiled.field.isList {
            // extract() already maps an empty list to nil (libsinsp: zero values is <NA>).
            return .field(.list { compiled.extract(from: $0)?.strings })
        }
        return .field(.string { compiled.extract(from: $0)?.strings.first })
    }
}
