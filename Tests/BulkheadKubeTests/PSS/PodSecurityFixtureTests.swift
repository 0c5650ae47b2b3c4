import BulkheadTesting
@testable import BulkheadKube
import Foundation
import Testing

/// Upstream's conformance fixtures (`k8s.io/pod-security-admission` `test/testdata`, in
/// `shared/corpus/pss`): every pod must get upstream's verdict at its folder's level and version,
/// and every `fail` pod must be denied by the check its file is named after.
@Suite struct PodSecurityFixtureTests {
    struct Fixture {
        var path: String
        var level: PSSLevel
        var version: PSSVersion
        var expectAllowed: Bool
        /// The lower-cased check id the file name starts with (`procmount_restricted`).
        var checkPrefix: String
    }

    static func fixtures() -> [Fixture] {
        var out: [Fixture] = []
        for level in [PSSLevel.baseline, .restricted] {
            for versionDir in Corpus.list("pss/\(level.rawValue)") {
                guard let version = PSSVersion(versionDir) else { continue }
                for outcome in ["pass", "fail"] {
                    let dir = "pss/\(level.rawValue)/\(versionDir)/\(outcome)"
                    for file in Corpus.list(dir) where file.hasSuffix(".yaml") {
                        let stem = file.dropLast(".yaml".count)
                        let prefix = String(stem.reversed().drop(while: \.isNumber).reversed())
                        out.append(Fixture(path: "\(dir)/\(file)", level: level, version: version,
                                           expectAllowed: outcome == "pass", checkPrefix: prefix))
                    }
                }
            }
        }
        return out
    }

    @Test func everyFixtureGetsTheUpstreamVerdict() throws {
        let fixtures = Self.fixtures()
        #expect(fixtures.count == 4_537)

        var agreed: [String: Int] = [:]
        var totals: [String: Int] = [:]
        var problems: [String] = []
        for fixture in fixtures {
            let key = "\(fixture.level.rawValue)/\(fixture.expectAllowed ? "pass" : "fail")"
            totals[key, default: 0] += 1
            let text = try Corpus.read(fixture.path)
            let (documents, errors) = KubeDocumentLoader.load(text: text, file: fixture.path)
            guard errors.isEmpty, documents.count == 1, let pod = documents[0].podTemplate else {
                problems.append("\(fixture.path): did not load as one pod (\(errors))")
                continue
            }
            let results = PodSecurity.evaluate(pod, level: fixture.level, version: fixture.version)
            let allowed = PodSecurity.isAllowed(results)
            if allowed != fixture.expectAllowed {
                problems.append("\(fixture.path): allowed=\(allowed), expected \(fixture.expectAllowed): \(PodSecurity.summary(results))")
                continue
            }
            if !fixture.expectAllowed {
                // A baseline check replaced at restricted (hostPathVolumes by restrictedVolumes, …)
                // is reported by the check that replaced it.
                let denying = results.filter { !$0.allowed }
                if !denying.contains(where: { $0.covers(fixture.checkPrefix) }) {
                    problems.append("\(fixture.path): denied by \(denying.map(\.checkID)), not \(fixture.checkPrefix)")
                    continue
                }
                if denying.contains(where: { $0.fields.isEmpty || $0.detail.isEmpty }) {
                    problems.append("\(fixture.path): a denial without fields or detail")
                    continue
                }
            }
            agreed[key, default: 0] += 1
        }

        for problem in problems.prefix(25) { Issue.record(Comment(rawValue: problem)) }
        #expect(problems.isEmpty, "\(problems.count) fixtures disagree with upstream")
        #expect(totals == ["baseline/pass": 433, "baseline/fail": 1_122, "restricted/pass": 618, "restricted/fail": 2_364])
        #expect(agreed == totals)
    }
}
