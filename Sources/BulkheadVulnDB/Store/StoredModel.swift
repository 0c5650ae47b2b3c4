/// What the database stores for one advisory record, in a compact text encoding
/// (tab/newline separated, no JSON on the hot path of matching).
public struct StoredRecord: Sendable, Hashable {
    public var id: String
    public var source: String
    public var summary: String?
    public var details: String?
    public var aliases: [String]
    public var published: String?
    public var modified: String?
    public var withdrawn: String?
    /// `(type, score)` pairs as OSV writes them: `("CVSS_V3", "CVSS:3.1/AV:N/…")`, `("Ubuntu", "high")`.
    public var severity: [SeverityEntry]
    /// The publisher's own rating (`ghsa:HIGH`, `debian:low`) when it has one.
    public var vendorSeverity: String?
    public var references: [String]
    /// CVEs a distro advisory fixes (`upstream`/`related` of an RHSA, DSA, USN …): not aliases
    /// (one advisory fixes several CVEs), but what its findings are reported under.
    public var upstream: [String]

    public init(id: String, source: String, summary: String? = nil, details: String? = nil, aliases: [String] = [],
                published: String? = nil, modified: String? = nil, withdrawn: String? = nil,
                severity: [SeverityEntry] = [], vendorSeverity: String? = nil, references: [String] = [],
                upstream: [String] = []) {
        self.id = id
        self.source = source
        self.summary = summary
        self.details = details
        self.aliases = aliases
        self.published = published
        self.modified = modified
        self.withdrawn = withdrawn
        self.severity = severity
        self.vendorSeverity = vendorSeverity
        self.references = references
        self.upstream = upstream
    }
}

/// One OSV `severity[]` entry.
public struct SeverityEntry: Sendable, Hashable {
    public var type: String
    public var score: String

    public init(type: String, score: String) {
        self.type = type
        self.score = score
    }
}

/// One OSV `affected[]` entry, flattened to what matching needs.
public struct StoredAffected: Sendable, Hashable {
    /// Whether the feed says the package is affected, fixed, not affected, or unfixed.
    public enum Status: String, Sendable, Hashable {
        /// Affected per `ranges`/`versions` (OSV); a range may hold a fix.
        case ranges
        /// The distro knows the package is affected and ships no fix yet (Debian `open`).
        case unfixed
        /// The distro decided not to fix (`<no-dsa>`, `<ignored>`, end-of-life); still affected.
        case wontFix = "wont-fix"
    }

    public var ecosystem: String
    /// The lookup key: ``PackageKey/normalizedName(_:ecosystem:)`` of the package name.
    public var name: String
    public var ranges: [StoredRange]
    public var versions: [String]
    public var status: Status
    public var vendorSeverity: String?

    public init(ecosystem: String, name: String, ranges: [StoredRange], versions: [String] = [],
                status: Status = .ranges, vendorSeverity: String? = nil) {
        self.ecosystem = ecosystem
        self.name = name
        self.ranges = ranges
        self.versions = versions
        self.status = status
        self.vendorSeverity = vendorSeverity
    }
}

/// One OSV range: its type and its events in file order.
public struct StoredRange: Sendable, Hashable {
    public enum Event: Sendable, Hashable {
        case introduced(String), fixed(String), lastAffected(String), limit(String)
    }

    public var type: String
    public var events: [Event]

    public init(type: String, events: [Event]) {
        self.type = type
        self.events = events
    }
}

/// The compact encodings used in the database.
enum Encoding {
    static func clean(_ s: String) -> String {
        s.contains(where: { $0 == "\t" || $0 == "\n" }) ? s.replacing("\t", with: " ").replacing("\n", with: " ") : s
    }

    /// Items one per line; each item is cleaned of tabs and newlines.
    static func lines(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.map(clean).joined(separator: "\n")
    }

    /// Rows already made of cleaned, tab-separated fields.
    private static func rows(_ rows: [String]) -> String? {
        rows.isEmpty ? nil : rows.joined(separator: "\n")
    }

    static func lines(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    static func severity(_ entries: [SeverityEntry]) -> String? {
        rows(entries.map { "\(clean($0.type))\t\(clean($0.score))" })
    }

    static func severity(_ text: String?) -> [SeverityEntry] {
        lines(text).compactMap { line in
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            return SeverityEntry(type: String(line[..<tab]), score: String(line[line.index(after: tab)...]))
        }
    }

    static func ranges(_ ranges: [StoredRange]) -> String? {
        rows(ranges.map { range in
            ([clean(range.type)] + range.events.map { event in
                switch event {
                case .introduced(let v): "i=" + clean(v)
                case .fixed(let v): "f=" + clean(v)
                case .lastAffected(let v): "l=" + clean(v)
                case .limit(let v): "m=" + clean(v)
                }
            }).joined(separator: "\t")
        })
    }

    /// Decodes what the encoder above wrote, in one pass over the bytes (this runs for every
    /// advisory row a scan reads).
    static func ranges(_ text: String?) -> [StoredRange] {
        guard var text, !text.isEmpty else { return [] }
        return text.withUTF8 { bytes in
            var out: [StoredRange] = []
            var lineStart = 0
            let n = bytes.count
            while lineStart < n {
                var lineEnd = lineStart
                while lineEnd < n && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var fieldStart = lineStart
                var range = StoredRange(type: "", events: [])
                var first = true
                while fieldStart <= lineEnd {
                    var fieldEnd = fieldStart
                    while fieldEnd < lineEnd && bytes[fieldEnd] != 0x09 { fieldEnd += 1 }
                    let field = UnsafeBufferPointer(rebasing: bytes[fieldStart..<fieldEnd])
                    if first {
                        range.type = String(decoding: field, as: UTF8.self)
                        first = false
                    } else if field.count >= 2, field[1] == UInt8(ascii: "=") {
                        let value = String(decoding: UnsafeBufferPointer(rebasing: field[2...]), as: UTF8.self)
                        switch field[0] {
                        case UInt8(ascii: "i"): range.events.append(.introduced(value))
                        case UInt8(ascii: "f"): range.events.append(.fixed(value))
                        case UInt8(ascii: "l"): range.events.append(.lastAffected(value))
                        case UInt8(ascii: "m"): range.events.append(.limit(value))
                        default: break
                        }
                    }
                    fieldStart = fieldEnd + 1
                }
                if lineEnd > lineStart { out.append(range) }
                lineStart = lineEnd + 1
            }
            return out
        }
    }
}
