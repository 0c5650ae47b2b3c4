import BulkheadTesting
import Foundation
import Testing
import Yams
@testable import BulkheadFalco

/// One fixture per stable rule (Fixtures/stable-rules/*.yaml): events written from the rule's
/// intent and Falco's e2e action specs that must fire it, and near-misses that must not.
struct StableRuleFixture: CustomTestStringConvertible, Sendable {
    var file: String
    var rule: String
    var enable: Bool
    var overrides: String?
    var fires: [(String, String)]
    var misses: [(String, String)]
    var testDescription: String { rule }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/stable-rules")

    static func all() -> [StableRuleFixture] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        return files.compactMap { f in
            guard let text = try? String(contentsOf: directory.appendingPathComponent(f), encoding: .utf8),
                  let y = try? Yams.load(yaml: text) as? [String: Any], let rule = y["rule"] as? String else { return nil }
            func events(_ key: String) -> [(String, String)] {
                ((y[key] as? [[String: Any]]) ?? []).compactMap { e in
                    guard let ev = e["event"], let data = try? JSONSerialization.data(withJSONObject: ev) else { return nil }
                    return ("\(e["name"] ?? "?")", String(decoding: data, as: UTF8.self))
                }
            }
            var overrides: String?
            if let o = y["overrides"] { overrides = try? Yams.dump(object: o) }
            return StableRuleFixture(file: f, rule: rule, enable: (y["enable"] as? Bool) ?? false, overrides: overrides,
                                     fires: events("fires"), misses: events("misses"))
        }
    }
}

@Suite("Stable rules replay")
struct StableRuleReplayTests {
    static let fixtures = StableRuleFixture.all()

    @Test("every stable rule has a fixture with a firing event and a near-miss")
    func everyRuleCovered() throws {
        var loader = RuleLoader(sources: FalcoSources.all)
        loader.load(file: "falco_rules.yaml", content: try String(contentsOf: Corpus.url("falco/rules/falco_rules.yaml"), encoding: .utf8))
        let names = Set(loader.finish().map(\.name))
        let covered = Set(Self.fixtures.filter { !$0.fires.isEmpty && !$0.misses.isEmpty }.map(\.rule))
        #expect(names.count == 25)
        #expect(names.subtracting(covered).isEmpty, "no fixture for: \(names.subtracting(covered).sorted())")
    }

    @Test("fixture events fire the rule, near-misses do not", arguments: fixtures)
    func replay(_ fixture: StableRuleFixture) throws {
        var loader = RuleLoader(sources: FalcoSources.all)
        loader.load(file: "falco_rules.yaml", content: try String(contentsOf: Corpus.url("falco/rules/falco_rules.yaml"), encoding: .utf8))
        if let o = fixture.overrides { loader.load(file: fixture.file + "#overrides", content: o) }
        let rules = loader.finish()
        #expect(loader.result.errors.isEmpty, "\(loader.result.errors)")
        let ruleset = Ruleset(source: SyscallFields(), rules: rules) { $0.enabled || ($0.name == fixture.rule && fixture.enable) }
        #expect(ruleset.entries.contains { $0.rule.name == fixture.rule }, "rule \(fixture.rule) not active")
        var decoder = ReplayDecoder()
        for (name, line) in fixture.fires {
            let event = try #require(try decoder.decode(line: Array(line.utf8)))
            var hits: [String] = []
            ruleset.evaluate(event, matching: .all) { hits.append($0.rule.name) }
            #expect(hits.contains(fixture.rule), "\(fixture.file): '\(name)' should fire; fired \(hits)")
        }
        for (name, line) in fixture.misses {
            let event = try #require(try decoder.decode(line: Array(line.utf8)))
            var hits: [String] = []
            ruleset.evaluate(event, matching: .all) { hits.append($0.rule.name) }
            #expect(!hits.contains(fixture.rule), "\(fixture.file): near-miss '\(name)' must not fire")
        }
    }
}
