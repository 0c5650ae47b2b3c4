import BulkheadTesting
import Foundation
import Testing
@testable import BulkheadFalco

/// Truncated and mutated rules files and events: loading and decoding end in a value or in
/// located errors, never a crash or a hang.
@Suite("Malformed rules and events")
struct MalformedInputTests {
    static let stable: String = (try? String(contentsOf: Corpus.url("falco/rules/falco_rules.yaml"), encoding: .utf8)) ?? ""

    static func mutate(_ text: String, _ rng: inout SeededRandom) -> String {
        var bytes = Array(text.utf8)
        switch rng.next() % 5 {
        case 0: // truncate
            bytes = Array(bytes.prefix(Int(rng.next() % UInt64(max(bytes.count, 1)))))
        case 1: // flip a handful of bytes to YAML/condition punctuation
            let punct = Array("():,[]{}'\"%-&*!|>#\n\t ".utf8)
            for _ in 0..<8 where !bytes.isEmpty {
                bytes[Int(rng.next() % UInt64(bytes.count))] = punct[Int(rng.next() % UInt64(punct.count))]
            }
        case 2: // delete a range of lines
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let start = Int(rng.next() % UInt64(max(lines.count, 1)))
            lines.removeSubrange(start..<min(lines.count, start + 1 + Int(rng.next() % 20)))
            bytes = Array(lines.joined(separator: "\n").utf8)
        case 3: // duplicate a chunk (redefinitions, appends to unknown items)
            if bytes.count > 10 {
                let a = Int(rng.next() % UInt64(bytes.count)), n = Int(rng.next() % 2000)
                bytes.insert(contentsOf: bytes[a..<min(bytes.count, a + n)], at: Int(rng.next() % UInt64(bytes.count)))
            }
        default: // change indentation of a line
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if !lines.isEmpty {
                let i = Int(rng.next() % UInt64(lines.count))
                lines[i] = String(repeating: " ", count: Int(rng.next() % 6)) + lines[i].trimmingCharacters(in: .whitespaces)
            }
            bytes = Array(lines.joined(separator: "\n").utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("mutated copies of the stable rules load or report located errors")
    func mutatedRulesFiles() throws {
        #expect(!Self.stable.isEmpty)
        var rng = SeededRandom(seed: 0xFA1C0)
        var withErrors = 0
        for i in 0..<60 {
            let text = Self.mutate(Self.stable, &rng)
            var loader = RuleLoader(sources: FalcoSources.all)
            loader.load(file: "mutant-\(i).yaml", content: text)
            _ = loader.finish()
            if loader.result.hasErrors { withErrors += 1 }
            for m in loader.result.errors {
                #expect(m.location?.file == "mutant-\(i).yaml", "error without its file: \(m)")
                #expect((m.location?.range?.start.line ?? 0) >= 1, "error without a line: \(m)")
            }
        }
        #expect(withErrors > 10, "mutations should break some files (\(withErrors) had errors)")
    }

    @Test("malformed rule items each get an error naming the item", arguments: [
        ("- rule: r\n  condition: evt.type=open and (\n  output: x\n  desc: d\n  priority: WARNING\n", "rule", "r", LoadMessage.Code.compileCondition),
        ("- rule: r\n  condition: evt.type=open\n  output: x\n  desc: d\n  priority: LOUD\n", "rule", "r", .yamlValidate),
        ("- macro: m\n  condition: proc.name in (\n", "macro", "m", .compileCondition),
        ("- list: l\n  items: {a: b}\n", "list", "l", .yamlValidate),
        ("- rule: r\n  condition: evt.type=open and proc.nobody=1\n  output: x\n  desc: d\n  priority: INFO\n", "rule", "r", .compileCondition),
        ("- rule: r\n  condition: evt.type=open\n  output: \"%proc.nobody\"\n  desc: d\n  priority: INFO\n", "rule", "r", .compileOutput),
        ("- rule: r\n  condition: evt.type=open\n  output: x\n  desc: d\n  priority: INFO\n  exceptions:\n    - name: e\n      fields: [proc.name, fd.name]\n      comps: [=]\n", "exception", "e", .validate),
        ("- rule: r\n  condition: evt.type = bogus_call\n  output: x\n  desc: d\n  priority: INFO\n", "rule", "r", .compileCondition),
        ("- required_engine_version: 99.0.0\n", "required_engine_version", "", .validate),
        ("[unclosed\n", "rules content", "", .yamlParse),
    ])
    func itemErrors(_ text: String, _ type: String, _ name: String, _ code: LoadMessage.Code) {
        var loader = RuleLoader(sources: FalcoSources.all)
        loader.load(file: "bad.yaml", content: text)
        _ = loader.finish()
        let hit = loader.result.errors.first { $0.code == code && $0.itemType == type && $0.itemName == name }
        #expect(hit != nil, "\(loader.result.messages)")
        #expect(hit?.location?.file == "bad.yaml")
    }

    @Test("several bad items in one file are all reported, good ones still load")
    func allErrorsCollected() {
        let text = """
            - macro: bad1
              condition: (((
            - rule: good
              condition: evt.type=open
              output: ok
              desc: d
              priority: INFO
            - rule: bad2
              condition: evt.type=open and nope.field=1
              output: x
              desc: d
              priority: INFO
            - list: bad3
            """
        var loader = RuleLoader(sources: FalcoSources.all)
        loader.load(file: "many.yaml", content: text)
        let rules = loader.finish()
        #expect(Set(loader.result.errors.map(\.itemName)) == ["bad1", "bad2", "bad3"])
        #expect(rules.map(\.name) == ["good"])
    }

    @Test("mutated event lines decode or fail with their line number")
    func mutatedEvents() throws {
        let line = SemanticsCase.openShadow.replacingOccurrences(of: "\n", with: " ")
        var rng = SeededRandom(seed: 77)
        var decoder = ReplayDecoder()
        var failures = 0
        for i in 1...2000 {
            let mutant = Self.mutate(line, &rng)
            do {
                _ = try decoder.decode(line: Array(mutant.utf8), lineNumber: i)
            } catch {
                failures += 1
                #expect(error.line == i)
                #expect(!error.message.isEmpty)
            }
        }
        #expect(failures > 100)
    }

    @Test("an over-long line is refused, not buffered")
    func longLine() {
        var decoder = ReplayDecoder()
        decoder.maxLineBytes = 1024
        let long = "{\"type\":\"open\",\"x\":\"" + String(repeating: "a", count: 5000) + "\"}"
        #expect(throws: ReplayDecoder.LineError.self) { try decoder.decode(line: Array(long.utf8)) }
    }
}
