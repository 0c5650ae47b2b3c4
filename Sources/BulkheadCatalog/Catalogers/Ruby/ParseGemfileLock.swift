import BulkheadCore

/// One gem pinned by a `Gemfile.lock`.
public struct GemfileLockEntry: Sendable, Hashable {
    public var name: String
    public var version: String
    /// From a `1.13.1-x86_64-linux` version; `nil` for pure-Ruby gems.
    public var platform: String?
    public var line: Int
}

/// Pure parser for Bundler's `Gemfile.lock`: the `specs:` of the `GEM`, `GIT`, `PATH` and
/// `PLUGIN SOURCE` sections, one gem per 4-space-indented `name (version[-platform])` line
/// (6-space lines are that gem's dependencies).
enum ParseGemfileLock {
    static let sources: Set<Substring> = ["GEM", "GIT", "PATH", "PLUGIN SOURCE"]

    static func parse(_ text: String, path: String) -> (entries: [GemfileLockEntry], diagnostics: [Diagnostic]) {
        var entries: [GemfileLockEntry] = []
        var diagnostics: [Diagnostic] = []
        var seen = Set<GemfileLockEntry.Key>()
        var inSource = false
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard let first = line.first else { continue }
            if first != " " {
                inSource = sources.contains(line)
                continue
            }
            let indent = line.prefix { $0 == " " }.count
            guard inSource, indent == 4 else { continue }
            guard let entry = gem(line.dropFirst(4), line: lineNumber) else {
                diagnostics.append(.catalog(.corruptEntry, "expected '    name (version)', found '\(line.prefix(60))'; skipped",
                                            file: path, line: lineNumber))
                continue
            }
            if seen.insert(entry.key).inserted { entries.append(entry) }
        }
        return (entries, diagnostics)
    }

    /// `rack (2.2.4)` or `nokogiri (1.13.1-x86_64-linux)`.
    private static func gem(_ text: Substring, line: Int) -> GemfileLockEntry? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let name = parts.first, !name.isEmpty,
              parts[1].hasPrefix("("), parts[1].hasSuffix(")"), parts[1].count > 2,
              name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else { return nil }
        let (version, platform) = GemPURL.splitPlatform(parts[1].dropFirst().dropLast())
        guard !version.isEmpty else { return nil }
        return GemfileLockEntry(name: String(name), version: version, platform: platform, line: line)
    }
}

extension GemfileLockEntry {
    fileprivate struct Key: Hashable {
        var name: String
        var version: String
        var platform: String?
    }

    fileprivate var key: Key { Key(name: name, version: version, platform: platform) }
}
