import BulkheadCore
import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadDockerfile

/// Lines of the findings `rule` gives on `text` with a label schema.
private func findingLines(_ rule: any DockerfileRule.Type, _ text: String, schema: [String: LabelKind],
                          strict: Bool = false) -> [Int] {
    let linter = DockerfileLinter(rules: [rule], options: DockerfileLintOptions(labelSchema: schema, strictLabels: strict))
    return linter.lint(text: text, path: "Dockerfile").findings.compactMap { $0.location.range?.start.line }.sorted()
}

/// A one-label Dockerfile with `value` double-quoted (escaped for the Dockerfile).
private func labelled(_ value: String, key: String = "x") -> String {
    let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    return "FROM scratch\nLABEL \(key)=\"\(escaped)\""
}

/// A value and whether Hadolint 2.15.1 accepts it (verdicts taken from the real binary).
struct LabelValueCase: CustomTestStringConvertible, Sendable {
    let kind: LabelKind
    let value: String
    let valid: Bool
    var testDescription: String { "\(kind) \(valid ? "valid" : "invalid") '\(value)'" }
}

private func cases(_ kind: LabelKind, valid: [String], invalid: [String]) -> [LabelValueCase] {
    valid.map { LabelValueCase(kind: kind, value: $0, valid: true) }
        + invalid.map { LabelValueCase(kind: kind, value: $0, valid: false) }
}

@Suite("Label-schema rules (DL3049–DL3058)")
struct LabelSchemaRuleTests {
    static let typedRules: [LabelKind: any DockerfileRule.Type] = [
        .url: LabelNotURLRule.self, .rfc3339: LabelNotRFC3339Rule.self, .spdx: LabelNotSPDXRule.self,
        .hash: LabelNotGitHashRule.self, .semver: LabelNotSemVerRule.self, .email: LabelNotEmailRule.self,
    ]

    static let valueCases: [LabelValueCase] =
        cases(.url, valid: [
            "http://example.com", "x:y", "mailto:a@b", "http://[::1]/", "ftp://x#frag", "http://a/%20", "http:",
            "http://", "http://:80", "http://u:p@a", "http://[v1.x]/", "http://[1:2:3:4:5:6:7:8]/",
            "http://[::1.2.3.4]/", "http://a/b?c?d/e", "h+.-1:x", "urn:isbn:123", "http://a:/b",
            "http://256.1.1.1/", "http://a/#", "http://a/?", "x:",
        ], invalid: [
            "not-url", "/rel/path", "https://exa mple.com", " http://a", "http://a ", "http://a/%zz", "http://a/ü",
            "http://a:b", "http://a:80x", "http://u@a@b", "http://[::g]/", "http://[1:2:3:4:5:6:7:8:9]/",
            "http://a/b?c#d#e", "http://a/{x}", "http://a/|", "1http://a", "http://a/[x]", "http://a/b#[x]",
            "http://a/b\\c", "http://a/b^", "http://a/<x>", "http://[::1", "http://a]/", "",
        ])
        + cases(.rfc3339, valid: [
            "2021-03-10T10:26:33.564595127+01:00", "2021-01-01T00:00:00Z", "2021-01-01t00:00:00z",
            "2021-01-01T00:00:00.5Z", "2020-02-29T00:00:00Z", "2021-01-01T23:59:60Z", "2021-01-01T00:00:00+0100",
            "21-01-01T00:00:00Z", "2021-01-01T00:00:00.Z", "12021-01-01T00:00:00Z", " 2021-01-01T00:00:00Z",
            "2021-01-01T00:00:00Z ", "2021-01-01T00:00:00+24:00", "2021-01-01T00:00:00-00:60",
            "0000-01-01T00:00:00Z", "-2021-01-01T00:00:00Z", "2000-02-29T00:00:00Z", "2021-01-01T00:00:00-0000",
        ], invalid: [
            "not-date", "2021-01-01", "2021-01-01T00:00:00", "2021-01-01 00:00:00Z", "2021-01-01T00:00Z",
            "2021-13-01T00:00:00Z", "2021-02-30T00:00:00Z", "2021-02-29T00:00:00Z", "2021-01-01T24:00:00Z",
            "2021-01-01T23:60:00Z", "2021-01-01T23:59:61Z", "2021-01-01T00:00:00+01", "2021-1-01T00:00:00Z",
            "2021-01-01T00:00:00,5Z", "2021-01-01T0:00:00Z", "2021-00-01T00:00:00Z", "2021-01-00T00:00:00Z",
            "2021-01-01T00:00:00+1:00", "2021-01-01T00:00:00ZZ", "2021-01-01T00:00:00 Z", "2021-01-01T00:00:00UTC",
            "+2021-01-01T00:00:00Z", "2021-01-01T00:00:00.5.5Z", "1900-02-29T00:00:00Z", "2021-04-31T00:00:00Z",
            "2021-01-01T00:00:00+00:00:00",
        ])
        + cases(.spdx, valid: ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-only", "0BSD", "MIT "],
                invalid: ["not-spdx", "mit", "GPL-2.0", "MIT OR Apache-2.0", "LicenseRef-foo", "NONE", "NOASSERTION",
                          " MIT", "GPL-2.0+", "(MIT)", ""])
        + cases(.hash, valid: ["2dbfae9", "43c572f1272b8b3171dd1db9e4a1a1fe4d6cb5d7"],
                invalid: ["not-git-hash", "ABCDEF0", "2dbfae", "2dbfae90", "", "43c572f1272b8b3171dd1db9e4a1a1fe4d6cb5dg"])
        + cases(.semver, valid: [
            "1.0.0", "01.0.0", "1.0.0-", "1.0.0+", "1.0.0-rc.1+b5", "1.0.0-01", "1.0.0+a.b", "1.0.0-+", "1.0.0-rc-1",
            "1.0.0--", "1.0.0-a.", "1.0.0-a.b.", "1.0.0+a.", "999999999999999999999.0.0", "1.0.0-A",
        ], invalid: [
            "not-sem-ver", "1.0", "v1.0.0", " 1.0.0", "1.0.0 ", "1.0.0-rc..1", "1.0.0-a_b", "1.0.0.0", "-1.0.0",
            "1.0.0-.a", "1.0.0+a..b", "1.0.0+.", "1..0", "1.0.0-a+b+c", "1.0.0-a..", "1.0.0-.", "",
        ])
        + cases(.email, valid: [
            "abcd@google.com", "a@b", "\"a b\"@c.d", "a@[1.2.3.4]", "a@b.", "a+b@c.d", "a!#$%&'*+/=?^_`{|}~-@c.d",
            "a@[IPv6:::1]", "a@[foo bar]", " a@b.c", "a@b.c ", "a(comment)@b.c", "a@b.c(comment)", "a@1.2.3.4",
            "a@b.c.", "\"\"@c.d", "a@[]", "a@1b.c", "a@b.1", "a @b.c", "a@ b.c",
        ], invalid: [
            "not-email", "A B <a@b.c>", "a.@b.c", "a@b..c", ".a@b.c", "a..b@c.d", "a@.b", "a@-b.c", "a@b-.c",
            "a@b_c.d", "a@b c", "@b.c", "a@", "a@@b", "ü@b.c", "a@ü.c", "a@b..", "a@b.-", "a@b.c d",
            "a@" + String(repeating: "a", count: 64) + ".com", "",
        ])

    @Test("typed label values get Hadolint's verdicts", arguments: valueCases)
    func typedValues(_ c: LabelValueCase) throws {
        let rule = try #require(Self.typedRules[c.kind])
        let lines = findingLines(rule, labelled(c.value), schema: ["x": c.kind])
        #expect(lines == (c.valid ? [] : [2]), "\(c.kind) '\(c.value)'")
    }

    @Test("typed label rules only look at labels of their kind")
    func otherKinds() {
        for (kind, rule) in Self.typedRules {
            // The label has another kind (or is not in the schema): never a finding.
            let other: LabelKind = kind == .text ? .url : .text
            #expect(findingLines(rule, labelled("@@ not valid for anything @@"), schema: ["x": other]).isEmpty)
            #expect(findingLines(rule, labelled("@@ not valid @@", key: "y"), schema: ["x": kind]).isEmpty)
            #expect(findingLines(rule, labelled("@@ not valid @@"), schema: [:]).isEmpty)
        }
    }

    @Test("two invalid schema labels in one LABEL give two findings")
    func twoLabels() {
        let text = "FROM scratch\nLABEL a=nope b=\"also nope\" c=1.0.0"
        #expect(findingLines(LabelNotSemVerRule.self, text, schema: ["a": .semver, "b": .semver, "c": .semver]) == [2, 2])
        #expect(findingLines(LabelNotSemVerRule.self, "FROM scratch\nLABEL a=1.0.0\nLABEL a=x", schema: ["a": .semver]) == [3])
    }

    @Test("DL3049: missing schema labels are reported at the stage's FROM")
    func missingLabel() {
        let schema: [String: LabelKind] = ["foo": .text]
        func lines(_ text: String) -> [Int] { findingLines(MissingLabelRule.self, text, schema: schema) }
        #expect(lines("FROM baseimage") == [1])
        #expect(lines("FROM baseimage\nLABEL bar=\"baz\"") == [1])
        #expect(lines("FROM baseimage\nFROM anotherimage") == [1, 2])
        #expect(lines("FROM baseimage as base\nFROM base") == [1, 2])
        #expect(lines("FROM baseimage as base\nFROM anotherimage\nLABEL foo=\"bar\"") == [1])
        #expect(lines("FROM baseimage\nLABEL foo=\"bar\"") == [])
        // A labelled child silences its parent; a labelled parent makes its children good.
        #expect(lines("FROM baseimage as base\nFROM base\nLABEL foo=\"bar\"") == [])
        #expect(lines("FROM baseimage as base\nLABEL foo=\"bar\"\nFROM base") == [])
        // Stages only used as COPY sources need no label.
        #expect(lines("FROM baseimage as base\nFROM newimage\nLABEL foo=\"bar\"\nCOPY --from=base /bar /baz") == [])
        #expect(lines("""
            FROM baseimage as base
            FROM newimage
            LABEL foo=bar
            COPY --from=base /bar /baz
            FROM newimage
            COPY --from=base /bar /baz
            """) == [5])
        // One finding per schema label; none without a schema; LABEL before FROM does not count.
        #expect(findingLines(MissingLabelRule.self, "FROM a", schema: ["foo": .text, "bar": .url]) == [1, 1])
        #expect(findingLines(MissingLabelRule.self, "FROM a", schema: [:]) == [])
        #expect(lines("LABEL foo=bar\nFROM a") == [2])
    }

    @Test("DL3050: with strict labels, keys outside the schema are reported")
    func superfluous() {
        let schema: [String: LabelKind] = ["required": .text]
        #expect(findingLines(SuperfluousLabelRule.self, "FROM a\nLABEL other=\"bar\"", schema: schema, strict: true) == [2])
        #expect(findingLines(SuperfluousLabelRule.self, "FROM a\nLABEL required=\"foo\" other=\"bar\"", schema: schema, strict: true) == [2])
        #expect(findingLines(SuperfluousLabelRule.self, "FROM a\nLABEL required=\"foo\"", schema: schema, strict: true) == [])
        #expect(findingLines(SuperfluousLabelRule.self, "FROM a\nLABEL other=\"bar\"", schema: schema, strict: false) == [])
        #expect(findingLines(SuperfluousLabelRule.self, "FROM a\nLABEL other=\"bar\"\nLABEL x=1", schema: [:], strict: true) == [2, 3])
    }

    @Test("DL3051: empty schema labels are reported")
    func empty() {
        let schema: [String: LabelKind] = ["emptylabel": .text, "url": .url]
        #expect(findingLines(EmptyLabelRule.self, "FROM a\nLABEL emptylabel=\"\"", schema: schema) == [2])
        #expect(findingLines(EmptyLabelRule.self, "FROM a\nLABEL url=''", schema: schema) == [2])
        #expect(findingLines(EmptyLabelRule.self, "FROM a\nLABEL emptylabel=\"\" url=\"\"", schema: schema) == [2, 2])
        #expect(findingLines(EmptyLabelRule.self, "FROM a\nLABEL emptylabel=\"foo\"", schema: schema) == [])
        #expect(findingLines(EmptyLabelRule.self, "FROM a\nLABEL other=\"\"", schema: schema) == [])
        #expect(findingLines(EmptyLabelRule.self, "FROM a\nLABEL emptylabel=\"\"", schema: [:]) == [])
    }
}

