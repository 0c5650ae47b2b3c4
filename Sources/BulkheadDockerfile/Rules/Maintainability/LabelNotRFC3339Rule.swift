import BulkheadCore

/// DL3053: an `rfc3339` label of the label schema is not an RFC 3339 date-time.
struct LabelNotRFC3339Rule: LabelSchemaValueCheck {
    static let exampleOptions = DockerfileLintOptions(labelSchema: ["org.opencontainers.image.created": .rfc3339])

    static let metadata = RuleMetadata(
        id: "DF153", slug: "label-not-rfc3339", title: "Label from the label schema is not an RFC 3339 time",
        severity: .medium, category: .maintainability,
        rationale: """
            Labels declared as `rfc3339` in `label-schema` (such as \
            `org.opencontainers.image.created`) are parsed by tools; they need a full date-time with \
            seconds and a UTC offset.
            """,
        fix: "Write a full timestamp: `LABEL org.opencontainers.image.created=\"2024-05-01T12:00:00Z\"`.",
        references: [.hadolint("DL3053")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓LABEL org.opencontainers.image.created=not-date",
                "FROM debian:12\n↓LABEL org.opencontainers.image.created=2021-01-01",
                "FROM debian:12\n↓LABEL org.opencontainers.image.created=2021-01-01T00:00:00",
            ],
            passing: [
                "FROM debian:12\nLABEL org.opencontainers.image.created=2021-03-10T10:26:33.564595127+01:00",
                "FROM debian:12\nLABEL org.opencontainers.image.created=2021-01-01T00:00:00Z",
                "FROM debian:12\nLABEL org.opencontainers.image.created=2021-01-01t00:00:00z",
            ]))

    static let labelKind = LabelKind.rfc3339

    static func message(label name: String) -> String {
        "Label `\(name)` is not a valid time format - must conform to RFC3339."
    }

    /// `[-]Y…Y-MM-DDTHH:MM:SS[.f…](Z|±HH[:]MM)`, surrounding white space ignored, `T`/`Z` in
    /// either case, real calendar dates, seconds up to 60 (the verdicts of Haskell's timerep
    /// `parseTimeRFC3339`).
    static func isValidValue(_ value: String) -> Bool {
        let trimmed = value.unicodeScalars.drop { $0.properties.isWhitespace }
        let s = Array(trimmed.reversed().drop { $0.properties.isWhitespace }.reversed())
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard ("0"..."9").contains(s[k]) else { return nil }
                v = v * 10 + Int(s[k].value - 48)
            }
            i += n
            return v
        }
        func eat(_ c: Unicode.Scalar, _ alt: Unicode.Scalar? = nil) -> Bool {
            guard i < s.count, s[i] == c || s[i] == alt else { return false }
            i += 1
            return true
        }
        func isDigit(_ k: Int) -> Bool { k < s.count && ("0"..."9").contains(s[k]) }
        // Year: optional sign, one or more digits; only its value mod 400 matters.
        var negative = false
        if i < s.count, s[i] == "-" { negative = true; i += 1 }
        guard isDigit(i) else { return false }
        var yearMod400 = 0
        while isDigit(i) {
            yearMod400 = (yearMod400 * 10 + Int(s[i].value - 48)) % 400
            i += 1
        }
        if negative { yearMod400 = (400 - yearMod400) % 400 }
        guard eat("-"), let month = digits(2), eat("-"), let day = digits(2), eat("T", "t"),
              let hour = digits(2), eat(":"), let minute = digits(2), eat(":"), let second = digits(2) else { return false }
        if eat(".") { while isDigit(i) { i += 1 } }
        if eat("Z", "z") {
            // nothing more
        } else if i < s.count, s[i] == "+" || s[i] == "-" {
            i += 1
            guard digits(2) != nil else { return false }
            _ = eat(":")
            guard digits(2) != nil else { return false }
        } else {
            return false
        }
        guard i == s.count else { return false }
        let leap = yearMod400 % 4 == 0 && (yearMod400 % 100 != 0 || yearMod400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...days[month - 1]).contains(day) else { return false }
        return hour <= 23 && minute <= 59 && second <= 60
    }
}
