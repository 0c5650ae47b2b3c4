import BulkheadCore
import Foundation

/// SARIF 2.1.0 with rules from metadata (help text, default level, security-severity for
/// GitHub), results with physical locations, and `partialFingerprints` so GitHub code scanning
/// keeps alerts stable across pushes.
public struct SARIFWriter: ReportWriter {
    public static let format = ReportFormat.sarif
    public init() {}

    public func write(_ report: Report, to output: inout some TextOutputStream) throws(ReportError) {
        do {
            // JSONEncoder's exact bytes ([.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), faster.
            output.write(try SortedJSONEncoder(pretty: true).encode(SARIFLog(report)))
            output.write("\n")
        } catch {
            throw ReportError(code: "encode", message: "could not encode SARIF: \(error)")
        }
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info, .unknown: "note"
        }
    }

    /// GitHub's `security-severity` scale (CVSS-like, 0–10).
    static func securitySeverity(_ s: Severity) -> String {
        switch s {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        case .info, .unknown: "0.0"
        }
    }
}

private struct SARIFLog: Encodable {
    struct Message: Encodable { var text: String }
    struct Markdown: Encodable { var text: String; var markdown: String }
    struct Configuration: Encodable { var level: String }
    struct RuleProperties: Encodable {
        var tags: [String]
        var precision = "high"
        var securitySeverity: String
        enum CodingKeys: String, CodingKey {
            case tags, precision
            case securitySeverity = "security-severity"
        }
    }
    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Markdown
        var helpUri: String?
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }
    struct Driver: Encodable {
        var name: String
        var version: String
        var semanticVersion: String
        var informationUri: String
        var rules: [Rule]
    }
    struct Tool: Encodable { var driver: Driver }
    struct ArtifactLocation: Encodable { var uri: String }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int?
        var endColumn: Int?
    }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }
    struct Location: Encodable { var physicalLocation: PhysicalLocation }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        /// The image layer (diff ID) of the offending file or package, when inside an image.
        var properties: ResultProperties?
    }
    struct ResultProperties: Encodable { var layer: String }
    struct Notification: Encodable {
        var level: String
        var message: Message
        var locations: [Location]?
    }
    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]
    }
    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var invocations: [Invocation]
        var columnKind = "unicodeCodePoints"
    }

    var version = "2.1.0"
    var schema = "https://json.schemastore.org/sarif-2.1.0.json"
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case version, runs
        case schema = "$schema"
    }

    init(_ report: Report) {
        var ruleIndex: [RuleID: Int] = [:]
        var rules = report.rules.enumerated().map { i, m -> Rule in
            ruleIndex[m.id] = i
            let refs = m.references.map { r in r.url.map { "[\(r.label)](\($0))" } ?? r.label }
            var md = "**\(m.title)**\n\n\(m.rationale)\n\n**Fix:** \(m.fix)"
            if !refs.isEmpty { md += "\n\n**References:** " + refs.joined(separator: ", ") }
            return Rule(
                id: m.id.rawValue, name: m.slug, shortDescription: Message(text: m.title),
                fullDescription: Message(text: m.rationale),
                help: Markdown(text: "\(m.title)\n\n\(m.rationale)\n\nFix: \(m.fix)", markdown: md),
                helpUri: m.references.lazy.compactMap(\.url).first,
                defaultConfiguration: Configuration(level: SARIFWriter.level(m.severity)),
                properties: RuleProperties(tags: ["security", m.category.rawValue] + m.references.compactMap { $0.aliasID?.rawValue },
                                           securitySeverity: SARIFWriter.securitySeverity(m.severity)))
        }
        func location(_ l: SourceLocation) -> Location {
            Location(physicalLocation: PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: SARIFLog.uri(l.file)),
                region: l.range.map { Region(startLine: max($0.start.line, 1), startColumn: max($0.start.column, 1),
                                             endLine: nil, endColumn: nil) }))
        }
        var results: [Result] = []
        var notes: [Notification] = []
        for target in report.targets {
            for f in target.findings {
                results.append(Result(
                    ruleId: f.ruleID.rawValue, ruleIndex: ruleIndex[f.ruleID], level: SARIFWriter.level(f.severity),
                    message: Message(text: f.message), locations: [location(f.location)],
                    partialFingerprints: ["bulkheadFingerprint/v1": f.fingerprint],
                    properties: f.layer.map(ResultProperties.init)))
            }
            for v in target.vulnerabilities {
                // One rule per vulnerability id (what GitHub groups alerts by), one result per package.
                let ruleID = RuleID(rawValue: v.id)
                if ruleIndex[ruleID] == nil {
                    ruleIndex[ruleID] = rules.count
                    // The score behind the decided severity (a distro's "low" is not shown as a 9.8).
                    let decided = v.severitySource.hasPrefix("cvss-v")
                        ? v.cvss.first { "cvss-v" + $0.version == v.severitySource }?.score : nil
                    let score = decided.map { String(format: "%.1f", $0) } ?? SARIFWriter.securitySeverity(v.severity)
                    let title = v.title ?? v.id
                    let refs = v.references.prefix(5).map { "<\($0)>" }.joined(separator: "\n")
                    rules.append(Rule(
                        id: v.id, name: v.id, shortDescription: Message(text: title),
                        fullDescription: Message(text: v.details ?? title),
                        help: Markdown(text: "\(title)\n\n\(v.references.prefix(5).joined(separator: "\n"))",
                                       markdown: "**\(title)**\n\n\(refs)"),
                        helpUri: v.references.first,
                        defaultConfiguration: Configuration(level: SARIFWriter.level(v.severity)),
                        properties: RuleProperties(tags: ["security", "vulnerability"] + v.aliases, securitySeverity: score)))
                }
                var text = "\(v.packageName) \(v.packageVersion) is affected by \(v.id) (\(v.severity.rawValue))"
                switch v.fixState {
                case .fixed: text += "; fixed in \(v.fixedVersions.joined(separator: ", "))"
                case .notFixed: text += "; no fix available yet"
                case .wontFix: text += "; the distribution will not fix it"
                }
                if v.knownExploited { text += "; known exploited (CISA KEV)" }
                let path = v.locations.first?.path ?? target.name
                var fp = FNV1a64()
                fp.combine(v.id + "\u{1F}" + v.purl + "\u{1F}" + path)
                results.append(Result(
                    ruleId: v.id, ruleIndex: ruleIndex[ruleID], level: SARIFWriter.level(v.severity),
                    message: Message(text: text),
                    locations: [Location(physicalLocation: PhysicalLocation(
                        artifactLocation: ArtifactLocation(uri: SARIFLog.uri(path)), region: nil))],
                    partialFingerprints: ["bulkheadFingerprint/v1": fp.hexDigest],
                    properties: v.locations.first?.layer.map(ResultProperties.init)))
            }
            for d in target.diagnostics {
                notes.append(Notification(level: d.level == .note ? "note" : d.level.rawValue,
                                          message: Message(text: d.message),
                                          locations: d.location.map { [location($0)] }))
            }
        }
        runs = [Run(
            tool: Tool(driver: Driver(name: report.tool.name, version: report.tool.version,
                                      semanticVersion: report.tool.version,
                                      informationUri: report.tool.informationURI, rules: rules)),
            results: results,
            invocations: [Invocation(executionSuccessful: report.summary.errors == 0, toolExecutionNotifications: notes)])]
    }

    /// A relative URI reference for a path (spaces and `%` escaped); stdin becomes `stdin`.
    static func uri(_ path: String) -> String {
        if path == "-" { return "stdin" }
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case " ": out += "%20"
            case "%": out += "%25"
            case "#": out += "%23"
            case "?": out += "%3F"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
