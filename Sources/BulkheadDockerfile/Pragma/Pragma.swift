import BulkheadCore

/// Inline suppression comments, Bulkhead's and Hadolint's:
///
/// - `# bulkhead ignore=DF107,DF108 reason…` / `# hadolint ignore=DL3008`: the next instruction.
/// - `# bulkhead stage ignore=DF107`: the rest of the stage the next instruction belongs to.
/// - `# bulkhead global ignore=DF107` / `# hadolint global ignore=DL3008`: the whole file.
/// - `# hadolint shell=powershell`: the shell used for RUN instructions.
public struct Pragma: Sendable, Hashable {
    public enum Scope: Sendable, Hashable { case nextInstruction, stage, global }

    public var scope: Scope
    /// Ids as written (aliases resolved later).
    public var ids: [String]
    public var reason: String?
    public var line: Int

    /// Parses a comment's text (after `#`); `nil` when it is not an ignore pragma.
    public static func parse(_ text: String, line: Int) -> Pragma? {
        var rest = Substring(text).drop { $0 == " " || $0 == "\t" }
        let tool = rest.prefix { $0.isLetter }.lowercased()
        guard tool == "bulkhead" || tool == "hadolint" else { return nil }
        rest = rest.dropFirst(tool.count).drop { $0 == " " || $0 == "\t" }
        var scope = Scope.nextInstruction
        if rest.lowercased().hasPrefix("global") {
            scope = .global
            rest = rest.dropFirst(6).drop { $0 == " " || $0 == "\t" }
        } else if rest.lowercased().hasPrefix("stage"), tool == "bulkhead" {
            scope = .stage
            rest = rest.dropFirst(5).drop { $0 == " " || $0 == "\t" }
        }
        guard rest.lowercased().hasPrefix("ignore") else { return nil }
        rest = rest.dropFirst(6).drop { $0 == " " || $0 == "\t" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        let list = rest.prefix { !($0 == " " || $0 == "\t") }
        let ids = list.split(separator: ",").map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
        guard !ids.isEmpty else { return nil }
        let reason = rest.dropFirst(list.count).trimmingCharacters(in: " \t")
        return Pragma(scope: scope, ids: ids, reason: reason.isEmpty ? nil : reason, line: line)
    }

    /// `# hadolint shell=pwsh` (also `# bulkhead shell=…`): the shell name, if this is one.
    public static func shellPragma(_ text: String) -> String? {
        var rest = Substring(text).drop { $0 == " " || $0 == "\t" }
        let tool = rest.prefix { $0.isLetter }.lowercased()
        guard tool == "bulkhead" || tool == "hadolint" else { return nil }
        rest = rest.dropFirst(tool.count).drop { $0 == " " || $0 == "\t" }
        guard rest.lowercased().hasPrefix("shell") else { return nil }
        rest = rest.dropFirst(5).drop { $0 == " " || $0 == "\t" }
        guard rest.first == "=" else { return nil }
        let value = rest.dropFirst().trimmingCharacters(in: " \t")
        return value.isEmpty ? nil : value
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
