import BulkheadCore

/// Renders rule documentation from ``RuleMetadata``: the `bulkhead rules` views and `docs/rules.md`.
public enum RuleDocs {
    /// Examples with the `↓` markers removed, as users would write them.
    static func clean(_ example: String) -> String {
        example.replacingAll(String(RuleExamples.marker), "")
    }

    /// One line per rule: id, severity, peer id, title.
    public static func table(_ rules: [RuleMetadata]) -> String {
        let idWidth = rules.map(\.id.rawValue.count).max() ?? 5
        var out = ""
        for r in rules {
            let peer = r.references.compactMap { $0.aliasID?.rawValue }.first ?? ""
            out += r.id.rawValue.padding(idWidth) + "  " + r.severity.rawValue.padding(8) + "  "
                + peer.padding(28) + "  " + r.title + "\n"
        }
        out += "\(rules.count) rules. `bulkhead rules ID` explains one.\n"
        return out
    }

    /// A rule explained for a terminal.
    public static func text(_ r: RuleMetadata) -> String {
        var out = "\(r.id) \(r.slug): \(r.title)\n"
        out += "severity: \(r.severity.rawValue)   category: \(r.category.rawValue)\n"
        if !r.references.isEmpty { out += "references: " + r.references.map(\.label).joined(separator: ", ") + "\n" }
        out += "\n\(r.rationale)\n\nFix: \(r.fix)\n"
        if !r.examples.triggering.isEmpty {
            out += "\nFlagged:\n" + r.examples.triggering.map { indent(clean($0)) }.joined(separator: "\n\n") + "\n"
        }
        if !r.examples.passing.isEmpty {
            out += "\nAccepted:\n" + r.examples.passing.map { indent(clean($0)) }.joined(separator: "\n\n") + "\n"
        }
        return out
    }

    static func indent(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    /// One rule as a Markdown section.
    public static func markdownSection(_ r: RuleMetadata) -> String {
        var out = "## \(r.id) — \(r.title)\n\n"
        out += "`\(r.slug)` · severity **\(r.severity.rawValue)** · \(r.category.rawValue)"
        let refs = r.references.map { ref in ref.url.map { "[\(ref.label)](\($0))" } ?? ref.label }
        if !refs.isEmpty { out += " · " + refs.joined(separator: ", ") }
        out += "\n\n\(r.rationale)\n\n**Fix:** \(r.fix)\n"
        if !r.examples.triggering.isEmpty {
            out += "\nFlagged:\n\n" + r.examples.triggering.map { "```dockerfile\n\(clean($0))\n```\n" }.joined(separator: "\n")
        }
        if !r.examples.passing.isEmpty {
            out += "\nAccepted:\n\n" + r.examples.passing.map { "```dockerfile\n\(clean($0))\n```\n" }.joined(separator: "\n")
        }
        return out
    }

    /// The whole rules page.
    public static func markdown(_ rules: [RuleMetadata]) -> String {
        var out = "# Bulkhead rules\n\nGenerated from rule metadata by `bulkhead rules --markdown`; do not edit by hand.\n\n"
        out += "| id | severity | mirrors | title |\n|---|---|---|---|\n"
        for r in rules {
            let peer = r.references.compactMap { $0.aliasID?.rawValue }.joined(separator: ", ")
            out += "| [\(r.id)](#\(r.id.rawValue.lowercased())--\(anchor(r.title))) | \(r.severity.rawValue) | \(peer) | \(r.title.replacingAll("|", "\\|")) |\n"
        }
        out += "\n" + rules.map(markdownSection).joined(separator: "\n")
        return out
    }

    static func anchor(_ title: String) -> String {
        String(title.lowercased().compactMap { c -> Character? in
            if c.isLetter || c.isNumber || c == "-" || c == "_" { return c }
            if c == " " { return "-" }
            return nil
        })
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
