import Foundation

/// Golden-file comparison: a missing or different file fails; `BULKHEAD_UPDATE_GOLDEN=1`
/// rewrites them so the diff can be reviewed like code.
public enum Golden {
    public enum Outcome: Equatable {
        case match
        case updated
        case mismatch(expected: String)
        case missing
    }

    public static func compare(_ actual: String, to url: URL) -> Outcome {
        if ProcessInfo.processInfo.environment["BULKHEAD_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return .updated
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else { return .missing }
        return expected == actual ? .match : .mismatch(expected: expected)
    }
}
