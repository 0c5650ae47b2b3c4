import BulkheadCore
import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadDockerfile

/// One rule, for parameterized tests (one case per rule in the test report).
struct RuleCase: CustomTestStringConvertible, Sendable {
    let rule: any DockerfileRule.Type
    var testDescription: String { "\(rule.metadata.id) \(rule.metadata.slug)" }
}

/// Runs one rule alone on an example and returns its findings' positions.
func runRule(_ rule: any DockerfileRule.Type, on text: String, enabled: Bool = true) -> (positions: [SourcePosition], target: Report.Target) {
    var options = rule.exampleOptions
    if enabled { options.enabledRules.insert(rule.metadata.id) }
    let linter = DockerfileLinter(rules: [rule], options: options)
    let target = linter.lint(text: text, path: "Dockerfile")
    return (target.findings.compactMap { $0.location.range?.start }.sorted(), target)
}

@Suite("Rule examples behave as documented")
struct RuleExampleTests {
    static let cases = DockerfileRules.all.map(RuleCase.init)

    @Test("triggering examples give findings exactly at the ↓ markers", arguments: cases)
    func triggering(_ c: RuleCase) {
        let examples = c.rule.metadata.examples
        for example in examples.triggering + examples.hiddenTriggering {
            let marked = MarkedExample(example)
            #expect(!marked.markers.isEmpty, "\(c.rule.metadata.id): triggering example without ↓ marker:\n\(example)")
            let (positions, target) = runRule(c.rule, on: marked.text)
            #expect(target.diagnostics.filter { $0.level == .error }.isEmpty,
                    "\(c.rule.metadata.id): example does not parse: \(target.diagnostics.map(\.message))\n\(marked.text)")
            #expect(positions == marked.markers.sorted(),
                    "\(c.rule.metadata.id): expected findings at \(marked.markers), got \(target.findings.map { "\($0.location): \($0.message)" })\n\(marked.text)")
        }
    }

    @Test("passing examples give no finding", arguments: cases)
    func passing(_ c: RuleCase) {
        let examples = c.rule.metadata.examples
        for example in examples.passing + examples.hiddenPassing {
            let (_, target) = runRule(c.rule, on: example)
            #expect(target.diagnostics.filter { $0.level == .error }.isEmpty,
                    "\(c.rule.metadata.id): example does not parse: \(target.diagnostics.map(\.message))\n\(example)")
            #expect(target.findings.isEmpty,
                    "\(c.rule.metadata.id): unexpected \(target.findings.map { "\($0.location): \($0.message)" })\n\(example)")
        }
    }

    @Test("a global ignore pragma (by id and by every alias) silences triggering examples", arguments: cases)
    func pragmaSilences(_ c: RuleCase) {
        let meta = c.rule.metadata
        for example in meta.examples.triggering {
            let text = MarkedExample(example).text
            for name in meta.aliases.map(\.rawValue).sorted() where !name.contains(" ") {
                for tool in ["bulkhead", "hadolint"] {
                    let (_, target) = runRule(c.rule, on: "# \(tool) global ignore=\(name)\n" + text)
                    #expect(target.findings.isEmpty, "\(meta.id): '# \(tool) global ignore=\(name)' did not silence:\n\(text)")
                    #expect(target.suppressed.count > 0 || text.hasPrefix("#"), "\(meta.id): nothing recorded as suppressed")
                }
            }
        }
    }

    @Test("a non-ASCII line prepended shifts lines by one and keeps columns", arguments: cases)
    func multibyte(_ c: RuleCase) {
        for example in c.rule.metadata.examples.triggering {
            let marked = MarkedExample(example)
            // Directives must stay first, and some rules look at the first line: skip those.
            guard !marked.text.hasPrefix("#"), !marked.markers.contains(where: { $0.line == 1 && $0.column == 1 && c.rule.metadata.category == .syntax }) else { continue }
            let (positions, _) = runRule(c.rule, on: "LABEL note=\"ünïcødé ✓ 🐳\"\n" + marked.text)
            let shifted = marked.markers.map { SourcePosition(line: $0.line + 1, column: $0.column) }.sorted()
            let relevant = positions.filter { $0.line > 1 }
            #expect(relevant == shifted, "\(c.rule.metadata.id): \(relevant) != \(shifted)")
        }
    }
}

@Suite("Rule registry")
struct RuleRegistryTests {
    @Test("ids are unique, well formed, and the list is sorted")
    func ids() {
        let ids = DockerfileRules.all.map { $0.metadata.id }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        for id in ids { #expect(id.isWellFormed && id.family == "DF", "bad id \(id)") }
    }

    @Test("every alias names exactly one rule")
    func aliases() {
        var seen: [String: RuleID] = [:]
        for meta in DockerfileRules.metadata {
            for alias in meta.aliases {
                let key = alias.rawValue.lowercased()
                if let other = seen[key] { Issue.record("alias \(alias) used by \(other) and \(meta.id)") }
                seen[key] = meta.id
            }
        }
    }

    @Test("metadata is complete")
    func complete() {
        for m in DockerfileRules.metadata {
            #expect(!m.title.isEmpty && m.title.count <= 80, "\(m.id) title")
            #expect(!m.slug.isEmpty && m.slug == m.slug.lowercased() && !m.slug.contains(" "), "\(m.id) slug")
            #expect(m.rationale.count >= 30, "\(m.id) rationale too short")
            #expect(m.fix.count >= 10, "\(m.id) fix too short")
            #expect(!m.examples.triggering.isEmpty, "\(m.id) needs a triggering example")
            #expect(!m.examples.passing.isEmpty, "\(m.id) needs a passing example")
        }
    }

    @Test("the registry lists exactly the rule files on disk")
    func matchesDisk() throws {
        let rulesDir = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/BulkheadDockerfile/Rules")
        let walker = try #require(FileManager.default.enumerator(atPath: rulesDir.path))
        var onDisk: Set<String> = []
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasSuffix("Rule.swift") { onDisk.insert(String(name.dropLast(6))) }
        }
        let registered = Set(DockerfileRules.all.map { String(describing: $0) })
        #expect(onDisk == registered, "on disk only: \(onDisk.subtracting(registered)); registered only: \(registered.subtracting(onDisk))")
    }

    @Test("every mirrored Hadolint id is unique and DL-shaped")
    func hadolintIDs() {
        let ids = DockerfileRules.metadata.compactMap(\.hadolintID)
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(id.hasPrefix("DL") && id.count == 6, "\(id)") }
    }
}
