import BulkheadCore
import Testing

@testable import BulkheadConfig

@Suite("Configuration files")
struct ConfigurationTests {
    @Test("a .bulkhead.yaml decodes every setting")
    func bulkhead() throws {
        let text = """
            fail-on: high
            disable: [DF402, DL3059]
            severity: { DL3008: low }
            trusted-registries: [docker.io, ghcr.io]
            ignore:
              - paths: ["legacy/**"]
                rules: [DF301]
                reason: being rewritten
                expires: 2027-03-31
            """
        let c = try ConfigurationLoader.decode(text, path: ".bulkhead.yaml", kind: .bulkhead)
        #expect(c.failOn == .high)
        #expect(c.disabledRules == ["DF402", "DL3059"])
        #expect(c.severityOverrides == ["DL3008": .low])
        #expect(c.trustedRegistries == ["docker.io", "ghcr.io"])
        #expect(c.ignores.count == 1)
        #expect(c.ignores[0].matches(file: "legacy/app/Dockerfile"))
        #expect(!c.ignores[0].matches(file: "app/Dockerfile"))
        #expect(c.ignores[0].isActive(today: "2027-03-31"))
        #expect(!c.ignores[0].isActive(today: "2027-04-01"))
    }

    @Test("runtime.actions maps rules to responses; an unknown action is a located error")
    func runtimeActions() throws {
        let text = """
            runtime:
              actions:
                "Fileless execution from memory": kill
                Terminal shell in container: stop
            """
        let c = try ConfigurationLoader.decode(text, path: ".bulkhead.yaml", kind: .bulkhead)
        #expect(c.runtimeActions == ["Fileless execution from memory": "kill", "Terminal shell in container": "stop"])
        do {
            _ = try ConfigurationLoader.decode("runtime:\n  actions:\n    x: reboot\n", path: ".bulkhead.yaml", kind: .bulkhead)
            Issue.record("accepted an unknown action")
        } catch {
            #expect(error.description.contains("must be alert, kill or stop"), "\(error)")
            #expect(error.description.contains(".bulkhead.yaml:3"), "\(error)")
        }
    }

    @Test("a .hadolint.yaml is honoured")
    func hadolint() throws {
        let text = """
            ignored:
              - DL3008
              - SC2086
            override:
              error: [DL3001]
              info: [DL3032]
            trustedRegistries:
              - docker.io
            failure-threshold: warning
            """
        let c = try ConfigurationLoader.decode(text, path: ".hadolint.yaml", kind: .hadolint)
        #expect(c.disabledRules == ["DL3008", "SC2086"])
        #expect(c.severityOverrides["DL3001"] == .high)
        #expect(c.severityOverrides["DL3032"] == .low)
        #expect(c.trustedRegistries == ["docker.io"])
        #expect(c.failOn == .medium)
    }

    @Test("an unknown key is a located error")
    func unknownKey() {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.decode("fail-on: high\nfial: x\n", path: "c.yaml", kind: .bulkhead)
        }
        #expect(error?.location?.range?.start.line == 2)
        #expect(error?.message.contains("fial") == true)
    }

    @Test("a bad expiry date is rejected")
    func badDate() {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.decode("ignore:\n  - rules: [DF301]\n    expires: soon\n", path: "c.yaml", kind: .bulkhead)
        }
    }

    @Test("globs", arguments: [
        ("**/Dockerfile", "a/b/Dockerfile", true), ("*.Dockerfile", "x.Dockerfile", true),
        ("legacy/*", "legacy/a/b", false), ("legacy/**", "legacy/a/b", true), ("a?c", "abc", true),
        ("a?c", "abbc", false),
    ])
    func globs(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(Glob.match(pattern, path) == expected)
    }
}
