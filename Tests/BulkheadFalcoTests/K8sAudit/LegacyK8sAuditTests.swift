import BulkheadTesting
import Foundation
import Testing
import Yams
@testable import BulkheadFalco

/// Falco's legacy k8s audit regression cases (test/falco_k8s_audit_tests.yaml): rules files,
/// one trace of audit events, and the alerts expected (none, some, or exact counts per rule).
struct LegacyK8sAuditCase: CustomTestStringConvertible, Sendable {
    var name: String
    var rulesFiles: [String]
    var trace: String
    var detect: Bool
    var level: String?
    var counts: [String: Int]
    var testDescription: String { name }

    /// `BUILD_DIR/…falco_rules.yaml` and `BUILD_DIR/…k8s_audit_rules.yaml` are the upstream
    /// rules Falco's build fetched; the corpus holds their current versions.
    static func corpusPath(_ f: String) -> String {
        if f.hasSuffix("/falco_rules.yaml") && f.hasPrefix("BUILD_DIR") { return "falco/rules/falco_rules.yaml" }
        if f.hasSuffix("/k8s_audit_rules.yaml") && f.hasPrefix("BUILD_DIR") { return "falco/plugin-rules/k8saudit__k8s_audit_rules.yaml" }
        return "falco/legacy-tests/" + (f.hasPrefix("./") ? String(f.dropFirst(2)) : f)
    }

    static func load() throws -> [LegacyK8sAuditCase] {
        let text = try String(contentsOf: Corpus.url("falco/legacy-tests/falco_k8s_audit_tests.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "!mux", with: "")
        guard let root = try Yams.load(yaml: text) as? [String: Any], let cases = root["trace_files"] as? [String: Any] else { return [] }
        return cases.compactMap { name, value in
            guard let c = value as? [String: Any], let files = c["rules_file"] as? [String],
                  let opts = c["addl_cmdline_opts"] as? String,
                  let range = opts.range(of: "open_params=") else { return nil }
            let trace = String(opts[range.upperBound...].prefix { !$0.isWhitespace })
            var counts: [String: Int] = [:]
            for entry in (c["detect_counts"] as? [[String: Any]]) ?? [] {
                for (k, v) in entry { counts[k] = v as? Int }
            }
            return LegacyK8sAuditCase(name: name, rulesFiles: files.map(corpusPath), trace: "falco/legacy-tests/" + trace,
                                      detect: (c["detect"] as? Bool) ?? false, level: c["detect_level"] as? String, counts: counts)
        }.sorted { $0.name < $1.name }
    }
}

@Suite("Falco legacy k8s audit tests")
struct LegacyK8sAuditTests {
    static let cases: [LegacyK8sAuditCase] = (try? LegacyK8sAuditCase.load()) ?? []

    /// Upstream drift since the 2023 suite: the k8saudit plugin rules split the Role/ClusterRole
    /// rules (the ClusterRole one fires on these traces) and renamed their image lists, and
    /// falco_rules.yaml no longer defines
    /// two image lists the legacy rules append to (they are declared empty here, as in 2023's
    /// default, before the legacy files load).
    static let renamedRules = [
        "K8s Role/Clusterrole Created": "K8s ClusterRole Created",
        "K8s Role/Clusterrole Deleted": "K8s ClusterRole Deleted",
        "K8s Role/Clusterrolebinding Created": "K8s ClusterRoleBinding Created",
        "K8s Role/Clusterrolebinding Deleted": "K8s ClusterRoleBinding Deleted",
    ]
    static let droppedLists = """
        - list: falco_sensitive_mount_images
          items: []
        - list: falco_hostnetwork_images
          items: []
        """

    @Test("the legacy k8s audit suite is present")
    func present() { #expect(Self.cases.count >= 40, "found \(Self.cases.count)") }

    @Test("each trace produces the expected alerts", arguments: cases)
    func run(_ c: LegacyK8sAuditCase) throws {
        var loader = RuleLoader(sources: FalcoSources.all)
        for f in c.rulesFiles {
            if f.hasPrefix("falco/legacy-tests/") && !f.contains("engine_v4") {
                loader.load(file: "2023-default-lists", content: Self.droppedLists)
            }
            let content = try String(contentsOf: Corpus.url(f), encoding: .utf8)
            loader.load(file: f, content: content)
            // The plugin rules now name their trusted-image lists k8s_audit_*_images (they were
            // falco_*_images); a legacy file that trusts an image is applied to both names.
            if f.hasSuffix("trust_nginx_container.yaml"), c.rulesFiles.contains(where: { $0.contains("k8saudit__") }) {
                loader.load(file: f + " (renamed lists)", content: content.replacingOccurrences(of: "list: falco_", with: "list: k8s_audit_"))
            }
        }
        let rules = loader.finish()
        #expect(loader.result.errors.isEmpty, "\(loader.result.errors.map(\.description))")
        let ruleset = Ruleset(source: K8sAuditFields(), rules: rules)
        let data = try Data(contentsOf: Corpus.url(c.trace))
        let events = K8sAuditReader.read(data).events
        var fired: [String: Int] = [:]
        var priorities: Set<FalcoPriority> = []
        for e in events {
            ruleset.evaluate(e, matching: .first) { entry in
                fired[entry.rule.name, default: 0] += 1
                priorities.insert(entry.rule.priority)
            }
        }
        if !c.detect {
            #expect(fired.isEmpty, "expected no alerts, got \(fired)")
            return
        }
        #expect(!fired.isEmpty, "expected alerts, got none from \(events.count) event(s)")
        for (rule0, n) in c.counts {
            let rule = Self.renamedRules[rule0] ?? rule0
            #expect(fired[rule, default: 0] == n, "\(rule): expected \(n), got \(fired[rule, default: 0]) (all: \(fired))")
        }
        if let level = c.level, let p = FalcoPriority(name: level) {
            #expect(priorities.contains(p), "expected an alert at \(level), got \(priorities)")
        }
    }
}
