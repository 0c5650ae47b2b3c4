import ArgumentParser
import BulkheadCore
import BulkheadReport
import Foundation

extension ReportFormat: ExpressibleByArgument {}

/// `--format`, `--output`, `--quiet`, `--no-color`: the same for every command.
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .long],
            help: ArgumentHelp("Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "format"))
    var format: ReportFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to FILE instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: [.short, .long], help: "Print nothing; only the exit code tells.")
    var quiet = false

    @Flag(name: .long, help: "Never color the table (also honoured: NO_COLOR).")
    var noColor = false

    @Flag(name: .long, help: "Also list suppressed findings in the table.")
    var showSuppressed = false

    /// Colors only for a table on a terminal, without NO_COLOR or --no-color.
    func useColor(environment: [String: String]) -> Bool {
        guard format == .table, output == nil, !noColor else { return false }
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        if environment["CLICOLOR_FORCE"] == "1" { return true }
        return isatty(STDOUT_FILENO) == 1
    }

    /// Writes the report where asked.
    func emit(_ report: Report, environment: [String: String]) throws {
        guard !quiet else { return }
        let writer = format.makeWriter(options: WriterOptions(color: useColor(environment: environment),
                                                              showSuppressed: showSuppressed))
        let text = try writer.render(report)
        if let output {
            do {
                try OutputFile.write(text, to: output)
            } catch {
                throw OperationalError("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

extension OutputOptions {
    /// Writes the report, then exits the way every linting command does: 3 when an input could
    /// not be evaluated (its errors repeated on stderr unless the table already showed them),
    /// 1 when findings reach the gate, otherwise normally.
    func finish(_ report: Report, threshold: Severity?, environment: [String: String]) throws {
        do {
            try emit(report, environment: environment)
        } catch {
            FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
            throw BulkheadExit.operational
        }
        if report.summary.errors > 0 {
            if format != .table || output != nil || quiet {
                for t in report.targets {
                    for d in t.diagnostics where d.level == .error {
                        FileHandle.standardError.write(Data("bulkhead: \(d.location.map { "\($0): " } ?? "")\(d.message)\n".utf8))
                    }
                }
            }
            throw BulkheadExit.operational
        }
        if let threshold, report.summary.count(atLeast: threshold) > 0 { throw BulkheadExit.findings }
    }
}

/// An operational failure: exit code 3 with a message on stderr.
struct OperationalError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
