import BulkheadTesting
import Foundation
import Testing
@testable import BulkheadFalco

@Suite("Per-event-type folding and byte sets")
struct FoldingTests {
    static func parse(_ text: String) throws -> ConditionNode {
        try ConditionParser.parse(text)
    }

    @Test("evt.type and evt.dir comparisons fold to constants for one event type")
    func foldsTypeChecks() throws {
        func folded(_ text: String, _ type: String) throws -> String {
            switch FoldedCondition.fold(try Self.parse(text), eventType: type) {
            case .constant(let b): return "\(b)"
            case .node(let n): return n.render()
            }
        }
        let c = "evt.type in (open, openat) and evt.dir = < and fd.name = /etc/shadow"
        #expect(try folded(c, "open") == "fd.name = /etc/shadow")
        #expect(try folded(c, "openat") == "fd.name = /etc/shadow")
        #expect(try folded(c, "execve") == "false")
        let n = "not evt.type = open or proc.name = sh"
        #expect(try folded(n, "execve") == "true")
        #expect(try folded(n, "open") == "proc.name = sh")
        #expect(try folded("evt.dir = > and proc.name = sh", "open") == "false")
        #expect(try folded("evt.type != open", "openat") == "true")
        #expect(try folded("(evt.type = open or proc.name = a) and (evt.type = connect or proc.name = b)", "open") == "proc.name = b")
        // A transformer is left to the compiled form.
        #expect(try folded("toupper(evt.type) = OPEN", "open") == "toupper(evt.type) = OPEN")
    }

    /// The per-type predicates must give exactly the answers of the whole condition evaluated on
    /// every event of a type the rule is indexed under: every upstream rule (stable, incubating,
    /// sandbox, enabled or not) against every fixture event re-typed to every event type any
    /// rule names.
    @Test("specialised predicates agree with the full conditions on every upstream rule")
    func specialisedAgreeWithFull() throws {
        var loader = RuleLoader(sources: FalcoSources.all)
        for f in ["falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"] {
            loader.load(file: f, content: try String(contentsOf: Corpus.url("falco/rules/\(f)"), encoding: .utf8))
        }
        let rules = loader.finish()
        let ruleset = Ruleset(source: SyscallFields(), rules: rules) { _ in true }
        #expect(ruleset.entries.count > 80)
        var types = Set<String>()
        for e in ruleset.entries {
            if case .only(let s) = e.rule.eventTypes { types.formUnion(s) }
        }
        var decoder = ReplayDecoder()
        var base: [SyscallEvent] = []
        for fixture in StableRuleFixture.all() {
            for (_, line) in fixture.fires + fixture.misses {
                base.append(try #require(try decoder.decode(line: Array(line.utf8))))
            }
        }
        #expect(base.count > 50)
        var compared = 0, fired = 0
        for original in base {
            for type in types.sorted() + [original.type] {
                let e = SyscallEvent(type: type, timestamp: original.timestamp, number: original.number, result: original.result,
                                     args: original.args, hostname: original.hostname, process: original.process, user: original.user,
                                     group: original.group, fd: original.fd, fsPath: original.fsPath, container: original.container,
                                     k8s: original.k8s)
                var got: [Int] = []
                ruleset.evaluate(e, matching: .all) { got.append($0.order) }
                let want = ruleset.entries.filter { $0.rule.eventTypes.contains(type) && $0.predicate(e) }.map(\.order)
                #expect(got == want, "\(type) event from \(original.type): specialised \(got), full \(want)")
                compared += 1
                fired += want.count
            }
        }
        #expect(fired > 0 && compared > 1000)
    }

    /// More candidates than one chain segment (64): every match is reported in load order,
    /// across segment ends, and `.first` stops at the first.
    @Test("candidate chains span segments: all matches in load order, first stops early")
    func chainsAcrossSegments() throws {
        var yaml = ""
        for i in 0..<150 {
            // Rules 3, 63, 64, 127, 128 and 149 match the event below; the rest do not.
            let name = [3, 63, 64, 127, 128, 149].contains(i) ? "/x/hit" : "/x/\(i)"
            yaml += "- rule: r\(i)\n  desc: d\n  condition: evt.type = open and fd.name = \(name)\n  output: o\n  priority: WARNING\n"
        }
        var loader = RuleLoader(sources: FalcoSources.all)
        loader.load(file: "many.yaml", content: yaml)
        let ruleset = Ruleset(source: SyscallFields(), rules: loader.finish())
        #expect(ruleset.entries.count == 150)
        var decoder = ReplayDecoder()
        let line = #"{"type":"open","proc":{"pid":1,"name":"a","exe":"a","args":[]},"res":3,"args":{"name":"/x/hit","flags":"O_RDONLY"},"fd":{"num":3,"type":"file","name":"/x/hit"}}"#
        let event = try #require(try decoder.decode(line: Array(line.utf8)))
        var all: [String] = []
        #expect(ruleset.evaluate(event, matching: .all) { all.append($0.rule.name) } == 6)
        #expect(all == ["r3", "r63", "r64", "r127", "r128", "r149"])
        var first: [String] = []
        ruleset.evaluate(event, matching: .first) { first.append($0.rule.name) }
        #expect(first == ["r3"])
        let miss = try #require(try decoder.decode(line: Array(line.replacingOccurrences(of: "/x/hit", with: "/y").utf8)))
        #expect(ruleset.evaluate(miss, matching: .all) { _ in } == 0)
    }

    @Test("byte sets agree with a set of byte arrays")
    func byteSetOracle() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ab/._-é\u{301}xyz0".unicodeScalars)
        func random() -> String {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...40, using: &rng) { s.append(alphabet.randomElement(using: &rng)!) }
            return String(s)
        }
        for size in [0, 1, 2, 7, 8, 9, 100, 1000] {
            let members = (0..<size).map { _ in random() }
            let set = ByteStringSet(members)
            let oracle = Set(members.map { Array($0.utf8) })
            #expect(set.count == oracle.count)
            for m in members { #expect(set.contains(m)) }
            for _ in 0..<2000 {
                let probe = random()
                #expect(set.contains(probe) == oracle.contains(Array(probe.utf8)), "\(probe)")
            }
        }
        // Falco compares bytes: canonically equivalent spellings are different members.
        let composed = ByteStringSet(["caf\u{e9}"])
        #expect(composed.contains("caf\u{e9}"))
        #expect(!composed.contains("cafe\u{301}"))
        #expect(ByteStringSet([""]).contains(""))
        #expect(!ByteStringSet(["a"]).contains(""))
    }
}
