import BulkheadCore

/// JUnit XML: a test suite per target, a failed test case per finding (a clean target gets one
/// passing case so CI dashboards show it was checked).
public struct JUnitWriter: ReportWriter {
    public static let format = ReportFormat.junit
    public init() {}

    public func write(_ report: Report, to output: inout some TextOutputStream) throws(ReportError) {
        let s = report.summary
        let total = report.targets.reduce(0) { $0 + max($1.findings.count, 1) + $1.diagnostics.filter { $0.level == .error }.count }
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        output.write("<testsuites name=\"bulkhead\" tests=\"\(total)\" failures=\"\(s.findings)\" errors=\"\(s.errors)\">\n")
        for target in report.targets {
            let errors = target.diagnostics.filter { $0.level == .error }
            let tests = max(target.findings.count, 1) + errors.count
            output.write("  <testsuite name=\"\(xmlEscape(target.name))\" tests=\"\(tests)\" failures=\"\(target.findings.count)\" errors=\"\(errors.count)\">\n")
            if target.findings.isEmpty {
                output.write("    <testcase classname=\"\(xmlEscape(target.name))\" name=\"no findings\"/>\n")
            }
            for f in target.findings {
                let pos = f.location.range.map { ":\($0.start.line):\($0.start.column)" } ?? ""
                output.write("    <testcase classname=\"\(xmlEscape(target.name))\" name=\"\(xmlEscape("\(f.ruleID) \(f.title)\(pos)"))\">\n")
                output.write("      <failure type=\"\(f.severity.rawValue)\" message=\"\(xmlEscape(f.message))\">\(xmlEscape("\(f.location): \(f.message)"))</failure>\n")
                output.write("    </testcase>\n")
            }
            for d in errors {
                output.write("    <testcase classname=\"\(xmlEscape(target.name))\" name=\"\(xmlEscape(d.code))\">\n")
                output.write("      <error message=\"\(xmlEscape(d.message))\"/>\n")
                output.write("    </testcase>\n")
            }
            output.write("  </testsuite>\n")
        }
        output.write("</testsuites>\n")
    }
}
