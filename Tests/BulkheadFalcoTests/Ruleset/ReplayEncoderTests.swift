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

    @Test("a recording defines each process once and references it after; reading it back gives the same events")
    func recorderReferences() throws {
        var events: [SyscallEvent] = []
        for fixture in StableRuleFixture.all() {
            for (name, json) in fixture.fires + fixture.misses {
                var decoder = ReplayDecoder()
                events.append(try #require(try decoder.decode(line: Array(json.utf8)), "\(fixture.file): \(name)"))
            }
        }
        try #require(events.count >= 140)
        // Small capacities force evictions and redefinitions; each event is written twice in a
        // row (a reference), and the whole list twice.
        // A small byte budget empties the cache often, and chains larger than it are written in
        // full every time (no proc_id).
        for (capacity, bytes) in [(1, 64 << 20), (3, 64 << 20), (4096, 64 << 20), (4096, 700)] {
            let recorder = ReplayEncoder.Recorder(capacity: capacity, byteCapacity: bytes)
            var reader = ReplayDecoder()
            var refs = 0
            for _ in 0..<2 {
                for e in events {
                    for _ in 0..<2 {
                        let line = recorder.line(e)
                        if line.contains(#""proc_ref":"#) { refs += 1 } else { #expect(line.contains(#""proc_id":"#) || bytes < 64 << 20) }
                        let back = try #require(try reader.decode(line: Array(line.utf8)), "\(line)")
                        #expect(ReplayEncoder.line(back) == ReplayEncoder.line(e), "capacity \(capacity): \(line)")
                    }
                }
            }
            #expect(refs >= (bytes < 64 << 20 ? 1 : events.count * 2), "capacity \(capacity): \(refs) references")
        }
        // Events of one process object share one definition; its children carry it as ancestor.
        let parent = SyscallProcess(pid: 10, name: "sh", exe: "/bin/sh", exePath: "/bin/sh", args: ["-c", "x"])
        let child = SyscallProcess(pid: 11, ppid: 10, name: "cat", exe: "cat", exePath: "/bin/cat", args: [], parent: parent)
        let recorder = ReplayEncoder.Recorder()
        let lines = [parent, child, parent, child].map { recorder.line(Self.event($0)) }
        #expect(lines[0].contains(#""proc_id":1,"proc":{"pid":10"#))
        #expect(lines[1].contains(#""proc_id":2,"proc":{"pid":11"#) && lines[1].contains(#""ancestors":[{"pid":10"#))
        #expect(lines[2].contains(#""proc_ref":1"#) && !lines[2].contains(#""proc":"#))
        #expect(lines[3].contains(#""proc_ref":2"#) && !lines[3].contains("ancestors"))
        var reader = ReplayDecoder()
        let back = try lines.map { try #require(try reader.decode(line: Array($0.utf8))) }
        #expect(back[3].process.parent?.pid == 10 && back[3].process === back[1].process)
    }

    @Test("process references that name nothing, or that left the window, are located errors")
    func referenceErrors() throws {
        let def = #"{"type":"openat","proc_id":7,"proc":{"pid":1,"name":"a","args":[]}}"#
        func error(_ lines: [String], window: Int = ReplayDecoder.defaultProcessWindow) -> String? {
            var d = ReplayDecoder()
            d.processWindow = window
            for (i, l) in lines.enumerated() {
                do { _ = try d.decode(line: Array(l.utf8)) } catch { return "\(i + 1): \(error)" }
            }
            return nil
        }
        #expect(error([#"{"type":"openat","proc_ref":7}"#])?.contains("line 1: \"proc_ref\": 7 is not defined") == true)
        #expect(error([def, #"{"type":"openat","proc_ref":7}"#]) == nil)
        #expect(error([def, #"{"type":"openat","proc_ref":"x"}"#])?.contains("must be an integer") == true)
        #expect(error([def, #"{"type":"openat","proc_ref":7,"proc":{"pid":2}}"#])?.contains("cannot also carry") == true)
        #expect(error([#"{"type":"openat","proc_id":true,"proc":{"pid":1}}"#])?.contains("\"proc_id\" must be an integer") == true)
        // Window 2: definitions 7, 8, 9 leave 8 and 9; 7 is forgotten, unless it was redefined.
        let d8 = def.replacingOccurrences(of: "7", with: "8"), d9 = def.replacingOccurrences(of: "7", with: "9")
        let ref7 = #"{"type":"openat","proc_ref":7}"#, ref8 = #"{"type":"openat","proc_ref":8}"#
        #expect(error([def, d8, d9, ref8], window: 2) == nil)
        #expect(error([def, d8, d9, ref7], window: 2)?.hasPrefix("4: line 4") == true)
        #expect(error([def, d8, def, d9, ref7], window: 2) == nil)
        // A hostile file with a million definitions holds at most the window.
        var d = ReplayDecoder()
        d.processWindow = 100
        for i in 0..<20_000 { _ = try d.decode(line: Array(def.replacingOccurrences(of: "7", with: "\(i)").utf8)) }
        #expect(d.heldDefinitions <= 100)
        // The byte window: definitions of 1 KB names, at most 10 KB held (the newest always).
        var small = ReplayDecoder()
        small.processWindowBytes = 10_000
        let big = String(repeating: "x", count: 1000)
        for i in 0..<200 {
            let line = #"{"type":"openat","proc_id":"# + "\(i)" + #","proc":{"pid":1,"name":"a","args":[""# + big + #""]}}"#
            _ = try small.decode(line: Array(line.utf8))
        }
        #expect(small.heldDefinitionBytes <= 10_000 && small.heldDefinitions >= 5, "\(small.heldDefinitionBytes) bytes in \(small.heldDefinitions)")
        #expect(throws: ReplayDecoder.LineError.self) { try small.decode(line: Array(#"{"type":"openat","proc_ref":0}"#.utf8)) }
        _ = try small.decode(line: Array(#"{"type":"openat","proc_ref":199}"#.utf8))
    }

    @Test("process objects: the first of duplicate keys wins, wrong types read as absent, unknown keys are ignored")
    func processKeys() throws {
        var d = ReplayDecoder()
        let line = #"{"type":"openat","proc":{"pid":7,"pid":8,"name":"a","name":"b","tty":"x","cwd":3,"zzz":1,"args":["-c"],"#
            + #""cap_effective":"CAP_A CAP_B","env":{"K":"V"}},"ancestors":[{"name":"sh","pid":"6"}]}"#
        let e = try #require(try d.decode(line: Array(line.utf8)))
        #expect(e.process.pid == 7 && e.process.name == "a" && e.process.exe == "a")
        #expect(e.process.tty == nil && e.process.cwd == nil)
        #expect(e.process.args == ["-c"] && e.process.capEffective == ["CAP_A", "CAP_B"] && e.process.env == ["K=V"])
        #expect(e.process.parent?.pid == 6 && e.process.parent?.name == "sh")
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
