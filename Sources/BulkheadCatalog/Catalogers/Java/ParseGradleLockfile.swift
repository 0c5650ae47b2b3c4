import BulkheadCore

/// One `group:artifact:version=configurations` line of a `gradle.lockfile`.
struct GradleLockEntry: Sendable, Hashable {
    var group: String
    var artifact: String
    var version: String
    /// Configurations that resolved this version (`compileClasspath`, `runtimeClasspath`).
    var configurations: [String]
    var line: Int
}

/// Line splitting shared by the Java parsers.
enum JavaText {
    /// The lines of `text`, split at `\n` and `\r\n` (one `Character` in Swift, so splitting
    /// on `"\n"` alone would miss it), without the line ends.
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}

/// Pure parser for Gradle's single-file dependency lock state (Gradle 6+ `gradle.lockfile`).
/// Comments and the `empty=` line are skipped; a line that is not `group:artifact:version=…`
/// is a located diagnostic and the other lines are kept.
enum ParseGradleLockfile {
    static func parse(_ text: String, path: String) -> (entries: [GradleLockEntry], diagnostics: [Diagnostic]) {
        var entries: [GradleLockEntry] = []
        var diagnostics: [Diagnostic] = []
        for (index, rawLine) in JavaText.lines(text).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("empty=") { continue }
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let coordinates = parts[0].split(separator: ":", omittingEmptySubsequences: false)
            guard coordinates.count == 3, coordinates.allSatisfy({ !$0.isEmpty }) else {
                diagnostics.append(.catalog(.corruptEntry, "expected 'group:artifact:version=configurations', found '\(line.prefix(80))'",
                                            file: path, line: index + 1))
                continue
            }
            let configurations = parts.count > 1
                ? parts[1].split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty } : []
            entries.append(GradleLockEntry(group: String(coordinates[0]), artifact: String(coordinates[1]),
                                           version: String(coordinates[2]), configurations: configurations,
                                           line: index + 1))
        }
        return (entries, diagnostics)
    }
}
