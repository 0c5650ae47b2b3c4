import Foundation
@testable import BulkheadVulnDB
import Testing

/// The compact text encodings stored in the database decode to what was encoded.
@Suite struct EncodingTests {
    @Test func rangesRoundTrip() {
        let ranges = [
            StoredRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed("1:2.3-4~deb12u1")]),
            StoredRange(type: "SEMVER", events: [.introduced("1.22.0-0"), .lastAffected("1.22.5"), .limit("*")]),
            StoredRange(type: "GIT", events: []),
            StoredRange(type: "ECOSYSTEM", events: [.introduced("a=b"), .fixed("")]),
        ]
        #expect(Encoding.ranges(Encoding.ranges(ranges)) == ranges)
        #expect(Encoding.ranges(nil).isEmpty)
        #expect(Encoding.ranges("").isEmpty)
    }

    @Test func tabsAndNewlinesInValuesCannotBreakRows() {
        let r = [StoredRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed("1.0\n\tx=2")])]
        let back = Encoding.ranges(Encoding.ranges(r))
        #expect(back.count == 1)
        #expect(back.first?.events == [.introduced("0"), .fixed("1.0  x=2")])
    }

    @Test func severityRoundTrip() {
        let s = [SeverityEntry(type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
                 SeverityEntry(type: "Ubuntu", score: "high")]
        #expect(Encoding.severity(Encoding.severity(s)) == s)
    }
}

@Suite struct TimestampTests {
    @Test func parsesWhatTheWriterStampsLikeFoundationDoes() throws {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        for text in ["1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2026-11-29T16:15:03Z", "2100-03-01T12:00:00Z", "1999-12-31T00:00:01Z"] {
            #expect(VulnDatabase.parseTimestamp(text) == f.date(from: text), "\(text)")
        }
        #expect(VulnDatabase.parseTimestamp("2026-13-01T00:00:00Z") == nil)
        #expect(VulnDatabase.parseTimestamp("2026-11-29 16:15:03") == nil)
        #expect(VulnDatabase.parseTimestamp("") == nil)
    }
}
