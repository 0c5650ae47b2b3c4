@testable import BulkheadVulnDB
import Testing

/// OSV range semantics (introduced / fixed / last_affected / limit, `versions` lists), checked
/// on hand-made ranges whose answers follow from the OSV spec's pseudocode.
@Suite struct RangeEvaluationTests {
    let pep = RangeEvaluation(scheme: .pep440, semverScheme: .semver)

    func check(_ version: String, _ events: [StoredRange.Event], type: String = "ECOSYSTEM", versions: [String] = [],
               _ evaluation: RangeEvaluation? = nil) -> RangeEvaluation.Outcome {
        let e = evaluation ?? pep
        let parsed = try? e.scheme.parse(version)
        let sem = try? e.semverScheme.parse(version)
        return e.evaluate(version, parsed: parsed, semverParsed: sem,
                          ranges: [StoredRange(type: type, events: events)], versions: versions)
    }

    @Test func multiIntervalRangeFindsTheFixOfItsOwnInterval() {
        let events: [StoredRange.Event] = [.introduced("2.1"), .fixed("2.1.9"), .introduced("1.11"), .fixed("1.11.21"),
                                           .introduced("2.2"), .fixed("2.2.2")]
        let o = check("2.2", events)
        #expect(o.affected)
        #expect(o.fixedVersions == ["2.2.2"])
        #expect(check("2.1.5", events).fixedVersions == ["2.1.9"])
        #expect(!check("2.1.9", events).affected)
        #expect(!check("2.2.2", events).affected)
        #expect(!check("1.10", events).affected)
        #expect(check("1.11", events).affected)
        #expect(!check("3.0", events).affected)
    }

    @Test func introducedZeroAndNoFixIsAffectedWithoutFix() {
        let o = check("0.0.1", [.introduced("0")])
        #expect(o.affected)
        #expect(o.fixedVersions.isEmpty)
    }

    @Test func lastAffectedIsInclusive() {
        let events: [StoredRange.Event] = [.introduced("1.0"), .lastAffected("1.4")]
        #expect(check("1.4", events).affected)
        #expect(!check("1.4.1", events).affected)
        #expect(!check("0.9", events).affected)
    }

    @Test func fixedEqualToIntroducedMeansNotAffected() {
        #expect(!check("1.0", [.introduced("1.0"), .fixed("1.0")]).affected)
    }

    @Test func limitCapsTheRange() {
        let events: [StoredRange.Event] = [.introduced("0"), .limit("2.0")]
        #expect(check("1.9", events).affected)
        #expect(!check("2.0", events).affected)
        #expect(check("5.0", [.introduced("0"), .limit("*")]).affected)
    }

    @Test func explicitVersionsListMatchesByEqualityInTheScheme() {
        // A record with only GIT ranges relies on its `versions` list (PyPA's shape).
        let git: [StoredRange.Event] = [.introduced("4b2c1d0"), .fixed("9a8f7e6")]
        #expect(check("1.0.0", git, type: "GIT", versions: ["0.9", "1.0"]).affected)
        #expect(!check("1.0.1", git, type: "GIT", versions: ["0.9", "1.0"]).affected)
        #expect(check("2.1", [.introduced("5.0")], versions: ["1.9", "2.1", "2.10"]).affected, "listed wins over ranges")
    }

    @Test func listMembershipIsByWholeLine() {
        #expect(RangeEvaluation.listContains("1.0\n1.1\n11.0", "1.1"))
        #expect(RangeEvaluation.listContains("1.0\n1.1\n11.0", "11.0"))
        #expect(!RangeEvaluation.listContains("1.0\n1.10\n11.0", "1.1"))
        #expect(!RangeEvaluation.listContains("21.0", "1.0"))
        #expect(!RangeEvaluation.listContains("1.0", ""))
    }

    @Test func gitRangesAreIgnored() {
        #expect(!check("1.0", [.introduced("0")], type: "GIT").affected)
    }

    @Test func unparsableEventsAreReportedNotGuessed() {
        let o = check("1.0", [.introduced("0"), .fixed("not a version!!")])
        #expect(o.badVersions == ["not a version!!"])
    }

    @Test func semverRangesUseSemverPrecedence() {
        let go = RangeEvaluation(scheme: .go, semverScheme: .go)
        let events: [StoredRange.Event] = [.introduced("1.22.0-0"), .fixed("1.22.5")]
        #expect(check("v1.22.4", events, type: "SEMVER", go).affected)
        #expect(check("1.22.0-rc.1", events, type: "SEMVER", go).affected)
        #expect(!check("v1.21.9", events, type: "SEMVER", go).affected)
        #expect(!check("1.22.5", events, type: "SEMVER", go).affected)
    }
}
