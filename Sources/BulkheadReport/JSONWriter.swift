import BulkheadCore
import Foundation

/// Bulkhead's own JSON, versioned (``schemaVersion``) and documented in `docs/report.schema.json`.
/// Keys are sorted and nothing depends on time, so the same input gives the same bytes.
public struct JSONWriter: ReportWriter {
    public static let format = ReportFormat.json
    /// Bumped on any incompatible change; additions bump the minor version.
    public static let schemaVersion = "1.0.0"

    public init() {}

    public func write(_ report: Report, to output: inout some TextOutputStream) throws(ReportError) {
        let dto = JSONReport(report)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(dto)
            output.write(String(decoding: data, as: UTF8.self))
            output.write("\n")
        } catch {
            throw ReportError(code: "encode", message: "could not encode JSON report: \(error)")
        }
    }
}

private struct JSONReport: Encodable {
    struct Tool: Encodable { var name: String; var version: String }
    struct Summary: Encodable {
        var targets: Int
        var findings: Int
        var suppressed: Int
        var errors: Int
        var bySeverity: [String: Int]
    }
    struct Location: Encodable {
        var file: String
        var line: Int?
        var column: Int?
        var endLine: Int?
        var endColumn: Int?
        var fieldPath: String?

        init(_ l: SourceLocation) {
            file = l.file
            line = l.range?.start.line
            column = l.range?.start.column
            endLine = l.range?.end.line
            endColumn = l.range?.end.column
            fieldPath = l.fieldPath
        }
    }
    struct Finding: Encodable {
        var ruleId: String
        var aliases: [String]
        var severity: String
        var title: String
        var message: String
        var location: Location
        var fix: String?
        var fingerprint: String

        init(_ f: BulkheadCore.Finding) {
            ruleId = f.ruleID.rawValue
            aliases = f.aliases
            severity = f.severity.rawValue
            title = f.title
            message = f.message
            location = Location(f.location)
            fix = f.fix
            fingerprint = f.fingerprint
        }
    }
    struct Diagnostic: Encodable {
        var code: String
        var level: String
        var message: String
        var location: Location?
    }
    struct Target: Encodable {
        var name: String
        var kind: String
        var findings: [Finding]
        var suppressed: [Finding]
        var diagnostics: [Diagnostic]
    }

    var schemaVersion = JSONWriter.schemaVersion
    var tool: Tool
    var summary: Summary
    var targets: [Target]

    init(_ r: Report) {
        tool = Tool(name: r.tool.name, version: r.tool.version)
        var counts: [String: Int] = [:]
        for (sev, n) in r.summary.orderedCounts { counts[sev.rawValue] = n }
        summary = Summary(targets: r.summary.targets, findings: r.summary.findings,
                          suppressed: r.summary.suppressed, errors: r.summary.errors, bySeverity: counts)
        targets = r.targets.map { t in
            Target(name: t.name, kind: t.kind.rawValue, findings: t.findings.map(Finding.init),
                   suppressed: t.suppressed.map(Finding.init),
                   diagnostics: t.diagnostics.map {
                       Diagnostic(code: $0.code, level: $0.level.rawValue, message: $0.message,
                                  location: $0.location.map(Location.init))
                   })
        }
    }
}
