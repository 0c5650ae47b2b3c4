import BulkheadCore

/// Turns a ``Report`` into bytes in one format. Writers are pure and deterministic: no
/// re-sorting, re-counting or clocks.
public protocol ReportWriter: Sendable {
    static var format: ReportFormat { get }
    func write(_ report: Report, to output: inout some TextOutputStream) throws(ReportError)
}

extension ReportWriter {
    /// The whole output as a string.
    public func render(_ report: Report) throws(ReportError) -> String {
        var out = ""
        try write(report, to: &out)
        return out
    }
}

/// Why a report could not be written.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}

/// Options every writer may read; each writer takes only what it needs.
public struct WriterOptions: Sendable, Hashable {
    /// ANSI colors in the table writer.
    public var color: Bool
    /// Show suppressed findings in the table writer.
    public var showSuppressed: Bool

    public init(color: Bool = false, showSuppressed: Bool = false) {
        self.color = color
        self.showSuppressed = showSuppressed
    }
}

extension ReportFormat {
    /// The writer for this format: the one exhaustive switch over formats.
    public func makeWriter(options: WriterOptions = .init()) -> any ReportWriter {
        switch self {
        case .table: TableWriter(options: .init(color: options.color, showSuppressed: options.showSuppressed))
        case .json: JSONWriter()
        case .sarif: SARIFWriter()
        case .junit: JUnitWriter()
        case .github: GitHubWriter()
        case .checkstyle: CheckstyleWriter()
        }
    }

    /// What the format is for, for `--help`.
    public var summary: String {
        switch self {
        case .table: "aligned, colored table for people (default)"
        case .json: "Bulkhead JSON, schema in docs/report.schema.json"
        case .sarif: "SARIF 2.1.0 for GitHub code scanning and other SAST dashboards"
        case .junit: "JUnit XML: one test case per finding, for CI test reports"
        case .github: "GitHub Actions workflow annotations (::error file=…)"
        case .checkstyle: "Checkstyle XML for Jenkins and reviewdog"
        }
    }
}
