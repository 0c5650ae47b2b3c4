import BulkheadCore

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
public struct GitHubWriter: ReportWriter {
    public static let format = ReportFormat.github
    public init() {}

    public func write(_ report: Report, to output: inout some TextOutputStream) throws(ReportError) {
        for target in report.targets {
            for f in target.findings {
                let level = switch f.severity {
                case .critical, .high: "error"
                case .medium: "warning"
                default: "notice"
                }
                var props = ["file=\(property(f.location.file))"]
                if let r = f.location.range {
                    props.append("line=\(r.start.line)")
                    props.append("col=\(r.start.column)")
                }
                props.append("title=\(property("\(f.ruleID) \(f.title)"))")
                output.write("::\(level) \(props.joined(separator: ","))::\(data(f.message))\n")
            }
            for d in target.diagnostics where d.level == .error {
                let file = d.location?.file ?? target.name
                var props = ["file=\(property(file))"]
                if let r = d.location?.range { props.append("line=\(r.start.line)") }
                output.write("::error \(props.joined(separator: ","))::\(data(d.message))\n")
            }
        }
    }

    /// Escaping rules of the workflow-command protocol.
    func data(_ s: String) -> String {
        s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }

    func property(_ s: String) -> String {
        data(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
