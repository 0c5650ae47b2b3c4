import BulkheadTesting
import Foundation
import Testing
import Yams
@testable import BulkheadFalco

/// Falco's legacy regression suite (test/falco_tests*.yaml, 2023) lists, for bad rules files,
/// the errors and warnings `falco --validate` must report. Every case with such expectations is
/// run here against the same files, read in place from the corpus.
struct LegacyValidateCase: CustomTestStringConvertible, Sendable {
    struct Expected: Sendable {
        var itemType: String
        var itemName: String
        var code: String
        var message: String?
        var messageContains: String?
    }

    var name: String
    var files: [String]
    var errors: [Expected]
    var warnings: [Expected]
    var testDescription: String { name }

    static func load() throws -> [LegacyValidateCase] {
        var out: [LegacyValidateCase] = []
        for spec in ["falco_tests.yaml", "falco_tests_exceptions.yaml"] {
            let text = try String(contentsOf: Corpus.url("falco/legacy-tests/\(spec)"), encoding: .utf8)
                .replacingOccurrences(of: "!mux", with: "")
            guard let root = try Yams.load(yaml: text) as? [String: Any],
                  let cases = root["trace_files"] as? [String: Any] else { continue }
            for (name, value) in cases {
                guard let c = value as? [String: Any], let files = c["validate_rules_file"] as? [String] else { continue }
                func expected(_ key: String) -> [Expected] {
                    ((c[key] as? [[String: Any]]) ?? []).map {
                        Expected(itemType: "\($0["item_type"] ?? "")", itemName: "\($0["item_name"] ?? "")",
                                 code: "\($0["code"] ?? "")", message: $0["message"] as? String,
                                 messageContains: $0["message_contains"] as? String)
                    }
                }
                out.append(LegacyValidateCase(name: name, files: files, errors: expected("validate_errors"),
                                              warnings: expected("validate_warnings")))
            }
        }
        return out.sorted { $0.name < $1.name }
    }
}

@Suite("Falco legacy loader tests")
struct LegacyLoaderTests {
    /// Codes and messages Falco itself renamed after the 2023 suite was written; the current
    /// upstream wording is what Bulkhead reports (falco userspace/engine/rule_loading_messages.h).
    static let renamedCodes = ["LOAD_UNKNOWN_FIELD": "LOAD_UNKNOWN_FILTER"]
    static let renamedMessages = [
        "Macro has 'append' key but no macro by that name already exists":
            "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists",
        "List has 'append' key but no list by that name already exists":
            "List uses 'append' or 'override.items: append' but no list by that name already exists",
        "Rule has 'append' key but no rule by that name already exists":
            "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists",
        // An integer engine version N now means 0.N.0 and is printed that way.
        "Rules require engine version 9999999, but engine version is":
            "Rules require engine version 0.9999999.0, but engine version is",
    ]

    static let cases: [LegacyValidateCase] = (try? LegacyValidateCase.load()) ?? []

    @Test("the legacy suite is present and has validate cases")
    func suitePresent() {
        #expect(Self.cases.count >= 30, "found \(Self.cases.count) validate cases")
    }

    @Test("each validate case reports the expected errors and warnings", arguments: cases)
    func validate(_ c: LegacyValidateCase) throws {
        var loader = RuleLoader(sources: FalcoSources.all)
        for f in c.files {
            let path = Corpus.url("falco/legacy-tests/\(f)")
            let content = try String(contentsOf: path, encoding: .utf8)
            loader.load(file: f, content: content)
        }
        _ = loader.finish()
        let messages = loader.result.messages
        for e in c.errors + c.warnings {
            let code = Self.renamedCodes[e.code] ?? e.code
            let matching = messages.filter {
                $0.code.rawValue == code && $0.itemType == e.itemType && $0.itemName == e.itemName
            }
            #expect(!matching.isEmpty, "expected \(code) on \(e.itemType) '\(e.itemName)'; got:\n\(messages.map(\.description).joined(separator: "\n"))")
            if let m = e.message, code != "LOAD_ERR_YAML_PARSE" {
                let want = Self.renamedMessages[m] ?? m
                #expect(matching.contains { $0.message == want }, "message \(want.debugDescription); got \(matching.map(\.message))")
            }
            if let m0 = e.messageContains {
                let m = Self.renamedMessages[m0] ?? m0
                #expect(matching.contains { $0.message.contains(m) }, "message containing \(m.debugDescription); got \(matching.map(\.message))")
            }
            #expect(matching.allSatisfy { $0.location != nil }, "every message is located")
        }
        if c.errors.isEmpty {
            #expect(!loader.result.hasErrors, "unexpected errors:\n\(loader.result.errors.map(\.description).joined(separator: "\n"))")
        }
    }
}
