import Foundation
import BulkheadCore

/// A table for people: one block per target, findings aligned by location, severity and rule,
/// then a summary line. Colors only when asked (the CLI asks on a TTY without `NO_COLOR`).
public struct TableWriter: ReportWriter {
    public struct Options: Sendable, Hashable {
        public var color: Bool
        public var showSuppressed: Bool
        public init(color: Bool = false, showSuppressed: Bool = false) {
            self.color = color
            self.showSuppressed = showSuppressed
        }
    }

    public static let format = ReportFormat.table
    public let options: Options

    public init(options: Options = .init()) { self.options = options }

    public func write(_ report: Report, to output: inout some TextOutputStream) throws(ReportError) {
        for target in report.targets {
            guard !target.findings.isEmpty || !target.diagnostics.isEmpty || target.scansPackages else { continue }
            output.write(paint(target.name, "1") + "\n")
            let rows = target.findings.map { f -> [String] in
                let pos = f.location.range.map { "\($0.start.line):\($0.start.column)" } ?? "-"
                let alias = f.aliases.first.map { " (\($0))" } ?? ""
                return [pos, f.severity.rawValue.uppercased(), f.ruleID.rawValue + alias, f.message]
            }
            let widths = (0..<3).map { col in rows.map { $0[col].count }.max() ?? 0 }
            for (row, f) in zip(rows, target.findings) {
                let sev = pad(row[1], widths[1])
                output.write("  " + pad(row[0], widths[0]) + "  " + paint(sev, Self.code(for: f.severity))
                             + "  " + pad(row[2], widths[2]) + "  " + row[3] + "\n")
            }
            if target.scansPackages { writeVulnerabilities(target, to: &output) }
            for d in target.diagnostics {
                let where_ = d.location.map { "\($0)" } ?? target.name
                output.write("  " + paint(d.level.rawValue.uppercased(), d.level == .error ? "31" : "33")
                             + "  \(where_): \(d.message)\n")
            }
            if options.showSuppressed {
                for f in target.suppressed {
                    let pos = f.location.range.map { "\($0.start.line):\($0.start.column)" } ?? "-"
                    let why = f.suppression.map { "  [\($0.reason) — \($0.source)]" } ?? ""
                    output.write(paint("  \(pos)  suppressed  \(f.ruleID)  \(f.message)\(why)", "2") + "\n")
                }
            }
            output.write("\n")
        }
        let s = report.summary
        let counts = s.orderedCounts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.rawValue)" }
        var line = "\(s.findings) finding\(s.findings == 1 ? "" : "s") in \(s.targets) target\(s.targets == 1 ? "" : "s")"
        if !counts.isEmpty { line += " (" + counts.joined(separator: ", ") + ")" }
        if report.targets.contains(where: \.scansPackages) {
            let vulnCount = s.vulnerabilities
            let suppressedVulns = report.targets.reduce(0) { $0 + $1.suppressedVulnerabilities.count }
            line = "\(vulnCount) vulnerabilit\(vulnCount == 1 ? "y" : "ies")"
                + (s.findings > 0 ? " and \(s.findings) finding\(s.findings == 1 ? "" : "s")" : "")
                + " in \(s.targets) target\(s.targets == 1 ? "" : "s")"
            if !counts.isEmpty { line += " (" + counts.joined(separator: ", ") + ")" }
            if suppressedVulns > 0 { line += ", \(suppressedVulns) suppressed" }
        }
        if s.suppressed > 0 { line += ", \(s.suppressed) suppressed" }
        if s.errors > 0 { line += ", \(s.errors) error\(s.errors == 1 ? "" : "s")" }
        output.write(line + "\n")
    }

    /// Package, installed version, id, severity, fix, exploitation signal, title.
    func writeVulnerabilities(_ target: Report.Target, to output: inout some TextOutputStream) {
        var list = target.vulnerabilities
        if options.showSuppressed { list += target.suppressedVulnerabilities }
        guard !list.isEmpty else {
            output.write("  no vulnerabilities found\n")
            return
        }
        let header = ["PACKAGE", "INSTALLED", "VULNERABILITY", "SEVERITY", "FIXED IN", "EXPLOIT", "TITLE"]
        let rows = list.map { v -> [String] in
            let fix: String = switch v.fixState {
            case .fixed: v.fixedVersions.joined(separator: ", ")
            case .notFixed: "(no fix yet)"
            case .wontFix: "(won't fix)"
            }
            var exploit: [String] = []
            if v.knownExploited { exploit.append("KEV") }
            if let e = v.epss { exploit.append(String(format: "EPSS %.1f%%", e * 100)) }
            let score = v.maxScore.map { String(format: " %.1f", $0) } ?? ""
            // Feed text reaches a terminal: no control characters (ANSI escapes) from advisories.
            var title = String(String.UnicodeScalarView((v.title ?? "").unicodeScalars.filter {
                !($0.value < 0x20 || (0x7F...0x9F).contains($0.value))
            }))
            if title.count > 60 { title = String(title.prefix(59)) + "…" }
            if let sup = v.suppression { title = "[suppressed: \(sup.kind.rawValue)] " + title }
            return [v.packageName, v.packageVersion, v.id, v.severity.rawValue.uppercased() + score, fix,
                    exploit.joined(separator: " "), title]
        }
        let widths = (0..<6).map { col in max(header[col].count, rows.map { $0[col].count }.max() ?? 0) }
        var line = "  "
        for col in 0..<6 { line += pad(header[col], widths[col]) + "  " }
        output.write(paint(line + header[6], "1") + "\n")
        for (row, v) in zip(rows, list) {
            var text = "  "
            for col in 0..<6 {
                let cell = pad(row[col], widths[col])
                text += (col == 3 ? paint(cell, Self.code(for: v.severity)) : (col == 5 && v.knownExploited ? paint(cell, "1;31") : cell)) + "  "
            }
            text += row[6]
            output.write((v.suppression != nil ? paint(text, "2") : text) + "\n")
        }
    }

    func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    func paint(_ s: String, _ code: String) -> String {
        options.color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    static func code(for severity: Severity) -> String {
        switch severity {
        case .critical: "1;31"
        case .high: "31"
        case .medium: "33"
        case .low: "36"
        case .info: "34"
        case .unknown: "2"
        }
    }
}
