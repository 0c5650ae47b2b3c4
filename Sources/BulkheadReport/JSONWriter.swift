import BulkheadCore
import Foundation

/// Bulkhead's own JSON, versioned (``schemaVersion``) and documented in `docs/report.schema.json`.
/// Keys are sorted and nothing depends on time, so the same input gives the same bytes.
public struct JSONWriter: ReportWriter {
    public static let format = ReportFormat.json
    /// Bumped on any incompatible change; additions bump the minor version.
    public static let schemaVersion = "1.1.0"

    public init() {}

    public func write(_ report: Report, to output: inout some TextOutputStream) throws(ReportError) {
        let dto = JSONReport(report)
        do {
            // JSONEncoder's exact bytes ([.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), faster.
            output.write(try SortedJSONEncoder(pretty: true).encode(dto))
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
        var vulnerabilities: Int?
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
        var layer: String?
        var suppression: Suppression?

        init(_ f: BulkheadCore.Finding) {
            ruleId = f.ruleID.rawValue
            aliases = f.aliases
            severity = f.severity.rawValue
            title = f.title
            message = f.message
            location = Location(f.location)
            fix = f.fix
            fingerprint = f.fingerprint
            layer = f.layer
            suppression = f.suppression.map(Suppression.init)
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
        var vulnerabilities: [Vulnerability]?
        var suppressedVulnerabilities: [Vulnerability]?
    }
    struct CVSS: Encodable { var version: String; var vector: String; var score: Double }
    struct PackageLocation: Encodable { var path: String; var layer: String? }
    struct Suppression: Encodable {
        var kind: String; var reason: String; var source: String
        init(_ s: VulnerabilityFinding.Suppression) { kind = s.kind.rawValue; reason = s.reason; source = s.source }
    }
    struct Vulnerability: Encodable {
        var id: String
        var aliases: [String]
        var matchedRecords: [String]
        var package: String
        var sourcePackage: String?
        var installedVersion: String
        var comparedVersion: String
        var ecosystem: String
        var purl: String
        var fixState: String
        var fixedVersions: [String]
        var severity: String
        var severitySource: String
        var cvss: [CVSS]
        var vendorSeverity: [String: String]?
        var knownExploited: Bool
        var kevDateAdded: String?
        var epss: Double?
        var epssPercentile: Double?
        var title: String?
        var description: String?
        var published: String?
        var references: [String]
        var locations: [PackageLocation]
        var suppression: Suppression?

        init(_ v: VulnerabilityFinding) {
            id = v.id
            aliases = v.aliases
            matchedRecords = v.matchedRecords
            package = v.packageName
            sourcePackage = v.sourceName
            installedVersion = v.packageVersion
            comparedVersion = v.comparedVersion
            ecosystem = v.ecosystem
            purl = v.purl
            fixState = v.fixState.rawValue
            fixedVersions = v.fixedVersions
            severity = v.severity.rawValue
            severitySource = v.severitySource
            cvss = v.cvss.map { CVSS(version: $0.version, vector: $0.vector, score: $0.score) }
            vendorSeverity = v.vendorSeverities.isEmpty ? nil : v.vendorSeverities
            knownExploited = v.knownExploited
            kevDateAdded = v.kevDateAdded
            epss = v.epss
            epssPercentile = v.epssPercentile
            title = v.title
            description = v.details
            published = v.published
            references = v.references
            locations = v.locations.map { PackageLocation(path: $0.path, layer: $0.layer) }
            suppression = v.suppression.map(Suppression.init)
        }
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
                          suppressed: r.summary.suppressed, errors: r.summary.errors,
                          vulnerabilities: r.targets.contains(where: \.scansPackages) ? r.summary.vulnerabilities : nil,
                          bySeverity: counts)
        targets = r.targets.map { t in
            Target(name: t.name, kind: t.kind.rawValue, findings: t.findings.map(Finding.init),
                   suppressed: t.suppressed.map(Finding.init),
                   diagnostics: t.diagnostics.map {
                       Diagnostic(code: $0.code, level: $0.level.rawValue, message: $0.message,
                                  location: $0.location.map(Location.init))
                   },
                   vulnerabilities: t.scansPackages ? t.vulnerabilities.map(Vulnerability.init) : nil,
                   suppressedVulnerabilities: t.scansPackages ? t.suppressedVulnerabilities.map(Vulnerability.init) : nil)
        }
    }
}
