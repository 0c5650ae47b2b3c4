import BulkheadTesting
import Foundation
import Testing
@testable import BulkheadFalco

/// `--record` writes what `replay` reads: every stable-rule fixture event survives
/// encode → decode unchanged (a fixed point of the encoder) and meets the same rules.
@Suite("Replay encoder and shipped rules")
struct ReplayEncoderTests {
    @Test("fixture events round-trip through the replay encoder and keep their rule matches")
    func roundTrip() throws {
        var loader = RuleLoader(sources: FalcoSources.all)
        loader.load(file: "falco_rules.yaml", content: try String(contentsOf: Corpus.url("falco/rules/falco_rules.yaml"), encoding: .utf8))
        let ruleset = Ruleset(source: SyscallFields(), rules: loader.finish()) { _ in true }
        var checked = 0
        for fixture in StableRuleFixture.all() {
            for (name, json) in fixture.fires + fixture.misses {
                var decoder = ReplayDecoder()
                let original = try #require(try decoder.decode(line: Array(json.utf8)), "\(fixture.file): \(name)")
                let once = ReplayEncoder.line(original)
                var again = ReplayDecoder()
                let decoded = try #require(try again.decode(line: Array(once.utf8)), "\(once)")
                #expect(ReplayEncoder.line(decoded) == once, "\(fixture.file): \(name)")
                var a: [String] = [], b: [String] = []
                ruleset.evaluate(original, matching: .all) { a.append($0.rule.name) }
                ruleset.evaluate(decoded, matching: .all) { b.append($0.rule.name) }
                #expect(a == b, "\(fixture.file): \(name)")
                // Outputs render the same text (every field the rule prints survived).
                for entry in ruleset.candidates(for: original) where a.contains(entry.rule.name) {
                    #expect(entry.output.render(original) == entry.output.render(decoded), "\(entry.rule.name)")
                }
                checked += 1
            }
        }
        #expect(checked >= 140)
    }

    @Test("the recorder's per-process cache writes exactly the uncached lines, across hits and evictions")
    func recorderCache() throws {
        var events: [SyscallEvent] = []
        for fixture in StableRuleFixture.all() {
            for (name, json) in fixture.fires + fixture.misses {
                var decoder = ReplayDecoder()
                events.append(try #require(try decoder.decode(line: Array(json.utf8)), "\(fixture.file): \(name)"))
            }
        }
        try #require(events.count >= 140)
        // Small capacities force evictions; each event is written twice in a row (a hit), and the
        // whole list twice (hits on the parents' objects when they are cached, misses otherwise).
        for capacity in [1, 3, 4096] {
            let recorder = ReplayEncoder.Recorder(capacity: capacity)
            for _ in 0..<2 {
                for e in events {
                    let expected = ReplayEncoder.line(e)
                    #expect(recorder.line(e) == expected)
                    #expect(recorder.line(e) == expected)
                }
            }
        }
        // A process that is somebody's parent: its fragment cached as an event's own process is
        // not mistaken for the fragment of a child (which carries the ancestors).
        let parent = SyscallProcess(pid: 10, name: "sh", exe: "/bin/sh", exePath: "/bin/sh", args: ["-c", "x"])
        let child = SyscallProcess(pid: 11, ppid: 10, name: "cat", exe: "cat", exePath: "/bin/cat", args: [], parent: parent)
        let recorder = ReplayEncoder.Recorder()
        for p in [parent, child, parent, child] {
            let e = Self.event(p)
            #expect(recorder.line(e) == ReplayEncoder.line(e))
        }
        #expect(recorder.line(Self.event(child)).contains(#""ancestors":[{"pid":10"#))
    }

    private static func event(_ p: SyscallProcess) -> SyscallEvent {
        SyscallEvent(type: "openat", timestamp: 1, number: 1, result: 3, args: [], hostname: nil, process: p, user: nil,
                     group: nil, fd: nil, fsPath: nil, container: nil, k8s: nil)
    }

    @Test("shipped rules load without errors or warnings, all evaluable, alone and after the upstream files")
    func defaultRules() throws {
        var alone = RuleLoader(sources: FalcoSources.all)
        alone.load(file: DefaultRules.fileName, content: DefaultRules.syscall)
        let rules = alone.finish()
        #expect(alone.result.messages.isEmpty, "\(alone.result.messages.map(\.description))")
        #expect(rules.count >= 14)
        let unevaluable = rules.filter { !$0.isEvaluable }.map(\.name)
        #expect(unevaluable.isEmpty, "\(unevaluable)")

        var combined = RuleLoader(sources: FalcoSources.all)
        for f in ["falco_rules.yaml", "falco-sandbox_rules.yaml"] {
            combined.load(file: f, content: try String(contentsOf: Corpus.url("falco/rules/\(f)"), encoding: .utf8))
        }
        let before = combined.result.messages.count
        combined.load(file: DefaultRules.fileName, content: DefaultRules.syscall)
        let all = combined.finish()
        #expect(!combined.result.hasErrors)
        let added = combined.result.messages.dropFirst(before).map(\.description)
        #expect(added.isEmpty, "\(added)")
        // Upstream macros keep their definitions: Bulkhead's names never collide.
        let upstreamNames = Set(all.map(\.name)).subtracting(rules.map(\.name))
        #expect(upstreamNames.contains("Terminal shell in container"))
    }
}
