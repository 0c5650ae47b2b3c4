/// Every output format Bulkhead can write.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case table, json, sarif, junit, github, checkstyle
}
