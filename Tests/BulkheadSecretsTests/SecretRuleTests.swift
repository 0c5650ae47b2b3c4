import BulkheadCore
import BulkheadSecrets
import BulkheadTesting
import Foundation
import Testing

@Suite("Secret rules")
struct SecretRuleTests {
    static let scanner = try! SecretScanner()

    @Test("the registry is sorted by id, ids are unique and well formed, every rule documents itself")
    func registry() {
        let ids = SecretRules.all.map(\.id.rawValue)
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        for r in SecretRules.all {
            #expect(r.id.rawValue.hasPrefix("SE") && r.id.rawValue.count == 5, "\(r.id)")
            #expect(!r.metadata.rationale.isEmpty && !r.metadata.fix.isEmpty, "\(r.id)")
            #expect(!r.metadata.examples.triggering.isEmpty && !r.metadata.examples.passing.isEmpty, "\(r.id)")
            #expect(!r.keywords.isEmpty, "\(r.id)")
            #expect(r.metadata.category == .secrets)
        }
    }

    @Test("each triggering example yields exactly one match of its rule, at the marker", arguments: SecretRules.all.map(\.id.rawValue))
    func triggering(_ id: String) throws {
        let rule = try #require(SecretRules.rule(id))
        for example in rule.metadata.examples.triggering + rule.metadata.examples.hiddenTriggering {
            let marked = MarkedExample(example)
            let found = Self.scanner.scan(Array(marked.text.utf8), path: rule.examplePath).filter { $0.ruleID == rule.id }
            #expect(found.count == 1, "\(id): \(example) → \(found)")
            if let m = found.first, let want = marked.markers.first {
                #expect(m.line == want.line && m.column == want.column, "\(id): \(example) → \(m.line):\(m.column)")
                #expect(!marked.text.contains(m.redacted) || m.redacted.count < 12, "redaction must hide the value")
            }
        }
    }

    @Test("passing examples yield no match of their rule", arguments: SecretRules.all.map(\.id.rawValue))
    func passing(_ id: String) throws {
        let rule = try #require(SecretRules.rule(id))
        for example in rule.metadata.examples.passing + rule.metadata.examples.hiddenPassing {
            let found = Self.scanner.scan(Array(example.utf8), path: rule.examplePath).filter { $0.ruleID == rule.id }
            #expect(found.isEmpty, "\(id): \(example) → \(found)")
        }
    }

    @Test("redaction keeps only the ends")
    func redaction() {
        #expect(SecretRedaction.redact("AKIAZREP52A4IDFX465H") == "AKIA…5H")
        #expect(SecretRedaction.redact("ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9") == "ghp_…GpF9")
        #expect(SecretRedaction.redact("short") == "*****")
        #expect(SecretRedaction.redact("mediumvalue1") == "me…****")
    }

    @Test("allow-lists: paths, values, rules and inline markers")
    func allowLists() throws {
        let text = "GITHUB_TOKEN=ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9\nDB_PASSWORD=Xk29fPq7Lm3w!\n"
        let plain = Self.scanner.scan(Array(text.utf8), path: "app/.env")
        #expect(plain.map(\.ruleID.rawValue) == ["SE003", "SE030"])
        let byPath = try SecretScanner(allow: SecretAllowList(paths: ["app/**"]))
        #expect(byPath.scan(Array(text.utf8), path: "app/.env").isEmpty)
        #expect(byPath.scan(Array(text.utf8), path: "/app/.env").isEmpty)
        #expect(byPath.scan(Array(text.utf8), path: "other/.env").count == 2)
        let byValue = try SecretScanner(allow: SecretAllowList(values: ["^ghp_x8E8"]))
        #expect(byValue.scan(Array(text.utf8), path: "app/.env").map(\.ruleID.rawValue) == ["SE030"])
        let byRule = try SecretScanner(allow: SecretAllowList(rules: ["generic-credential"]))
        #expect(byRule.scan(Array(text.utf8), path: "app/.env").map(\.ruleID.rawValue) == ["SE003"])
        let inline = "TOKEN=ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9 # gitleaks:allow\n"
        #expect(Self.scanner.scan(Array(inline.utf8), path: "a.sh").isEmpty)
        #expect(throws: SecretConfigError.self) { try SecretAllowList(values: ["(unclosed"]) }
    }

    @Test("a specific rule wins over the generic one on the same value; line and column are exact")
    func overlap() {
        let text = "# config\n  AWS_ACCESS_KEY_ID = \"AKIAZREP52A4IDFX465H\"\n"
        let found = Self.scanner.scan(Array(text.utf8), path: "settings.py")
        #expect(found.count == 1)
        #expect(found.first?.ruleID.rawValue == "SE001")
        #expect(found.first?.line == 2 && found.first?.column == 24)
    }

    @Test("streaming in small pieces finds the same secrets as one buffer, across piece boundaries")
    func streaming() throws {
        var text = ""
        var rng = SeededRandom(seed: 7)
        for i in 0..<4000 {
            if i % 500 == 250 { text += "token_\(i) = \"ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF\(i % 10)\"\n" }
            else if i == 3100 { text += "-----BEGIN RSA PRIVATE KEY-----\n" + String(repeating: "MIICXQIBAAKBgQDzAWQ0U8S8wlziVGR6HdRoopCZZS8OcYIN4YEHPmq4TeUR/nwv\n", count: 12) + "-----END RSA PRIVATE KEY-----\n" }
            else { text += "line \(i) \(rng.next() % 1_000_000) lorem ipsum dolor sit amet\n" }
        }
        let bytes = Array(text.utf8)
        let whole = Self.scanner.scan(bytes, path: "big.txt")
        #expect(whole.count == 9)
        var offset = 0
        let streamed = Self.scanner.scanStream(path: "big.txt", chunkSize: 4096) { buf in
            let n = min(buf.count, bytes.count - offset)
            bytes.withUnsafeBytes { src in buf.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<(offset + n)])) }
            offset += n
            return n
        }
        #expect(streamed == whole)
    }

    @Test("a file of nothing but credentials is capped, quickly (overlap removal is not quadratic)")
    func cap() {
        let text = String(repeating: "db_password=Xk29fPq7Lm3w!\nAWS_ACCESS_KEY_ID=AKIAZREP52A4IDFX465H\n", count: 20_000)
        let found = Self.scanner.scan(Array(text.utf8), path: "many.env")
        #expect(found.count == SecretScanner.maxMatchesPerFile)
        #expect(found.first?.ruleID.rawValue == "SE030" && found[1].ruleID.rawValue == "SE001")
        #expect(zip(found, found.dropFirst()).allSatisfy { $0.offset < $1.offset })
    }

    @Test("keyword index finds overlapping keywords case-insensitively")
    func keywordIndex() {
        let index = KeywordIndex(["he", "she", "his", "hers", "AKIA"])
        var hits: [String] = []
        Array("uShers akia".utf8).withUnsafeBytes { raw in
            index.scan(raw) { k, start in hits.append("\(index.keywords[k])@\(start)") }
        }
        #expect(hits == ["she@1", "he@2", "hers@2", "akia@7"])
    }
}
