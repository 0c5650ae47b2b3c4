import BulkheadCore

/// Checkstyle XML (as Hadolint writes it), for Jenkins' warnings plugin and reviewdog.
public struct CheckstyleWriter: ReportWriter {
    public static let format = ReportFormat.checkstyle
    public init() {}

    public func write(_ report: Report, to output: inout some TextOutputStream) throws(ReportError) {
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n")
        for target in report.targets {
            output.write("  <file name=\"\(xmlEscape(target.name))\">\n")
            for f in target.findings {
                let line = f.location.range?.start.line ?? 0
                let column = f.location.range?.start.column ?? 0
                let severity = switch f.severity {
                case .critical, .high: "error"
                case .medium: "warning"
                default: "info"
                }
                output.write("    <error line=\"\(line)\" column=\"\(column)\" severity=\"\(severity)\" message=\"\(xmlEscape(f.message))\" source=\"\(xmlEscape(f.ruleID.rawValue))\"/>\n")
            }
            for d in target.diagnostics where d.level == .error {
                let line = d.location?.range?.start.line ?? 0
                output.write("    <error line=\"\(line)\" column=\"0\" severity=\"error\" message=\"\(xmlEscape(d.message))\" source=\"bulkhead.\(xmlEscape(d.code))\"/>\n")
            }
            output.write("  </file>\n")
        }
        output.write("</checkstyle>\n")
    }
}
