import BulkheadTesting
import Foundation
import Testing
@testable import BulkheadFalco

/// Upstream rules files must load unmodified with zero errors, and every stable rule must be
/// fully evaluable by Bulkhead's sources.
@Suite("Upstream Falco rules load")
struct UpstreamRulesTests {
    static func load(_ files: [String]) throws -> (LoadResult, [LoadedRule]) {
        var loader = RuleLoader(sources: FalcoSources.all)
        for f in files {
            loader.load(file: f, content: try String(contentsOf: Corpus.url("falco/\(f)"), encoding: .utf8))
        }
        let rules = loader.finish()
        return (loader.result, rules)
    }

    static let stable = "rules/falco_rules.yaml"

    @Test("each upstream rules file loads with zero errors", arguments: [
        [stable],
        [stable, "rules/falco-incubating_rules.yaml"],
        [stable, "rules/falco-sandbox_rules.yaml"],
        [stable, "rules/falco-incubating_rules.yaml", "rules/falco-sandbox_rules.yaml"],
        ["plugin-rules/k8saudit__k8s_audit_rules.yaml"],
    ])
    func loadsWithoutErrors(_ files: [String]) throws {
        let (result, rules) = try Self.load(files)
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description).joined(separator: "\n"))")
        #expect(!rules.isEmpty)
    }

    @Test("all 25 stable rules load and are fully evaluable")
    func stableRulesEvaluable() throws {
        let (_, rules) = try Self.load([Self.stable])
        #expect(rules.count == 25)
        for r in rules {
            #expect(r.isEvaluable, "\(r.name) needs \(r.unavailableFields)")
        }
    }

    @Test("stable rules are indexed by event type: no stable rule matches every event type")
    func stableRulesIndexed() throws {
        let (result, rules) = try Self.load([Self.stable])
        #expect(!result.messages.contains { $0.code == .noEventType })
        for r in rules {
            if case .only(let types) = r.eventTypes { #expect(!types.isEmpty, "\(r.name)") } else {
                Issue.record("\(r.name) matches all event types")
            }
        }
    }

    @Test("k8s audit rules are evaluable by the k8s_audit source")
    func k8sAuditEvaluable() throws {
        let (_, rules) = try Self.load(["plugin-rules/k8saudit__k8s_audit_rules.yaml"])
        let blocked = rules.filter { !$0.isEvaluable }
        #expect(blocked.isEmpty, "\(blocked.map { "\($0.name): \($0.unavailableFields)" })")
    }
}
