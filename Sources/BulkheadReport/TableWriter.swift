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
            guard !target.findings.isEmpty || !target.diagnostics.isEmpty else { continue }
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
            for d in target.diagnostics {
                let where_ = d.location.map { "\($0)" } ?? target.name
                output.write("  " + paint(d.level.rawValue.uppercased(), d.level == .error ? "31" : "33")
                             + "  \(where_): \(d.message)\n")
            }
            if options.showSuppressed {
                for f in target.suppressed {
                    let pos = f.location.range.map { "\($0.start.line):\($0.start.column)" } ?? "-"
                    output.write(paint("  \(pos)  suppressed  \(f.ruleID)  \(f.message)", "2") + "\n")
                }
            }
            output.write("\n")
        }
        let s = report.summary
        let counts = s.orderedCounts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.rawValue)" }
        var line = "\(s.findings) finding\(s.findings == 1 ? "" : "s") in \(s.targets) target\(s.targets == 1 ? "" : "s")"
        if !counts.isEmpty { line += " (" + counts.joined(separator: ", ") + ")" }
        if s.suppressed > 0 { line += ", \(s.suppressed) suppressed" }
        if s.errors > 0 { line += ", \(s.errors) error\(s.errors == 1 ? "" : "s")" }
        output.write(line + "\n")
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
