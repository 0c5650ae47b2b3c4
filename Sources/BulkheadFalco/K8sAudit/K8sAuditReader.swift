// Reading Kubernetes audit events the way the falcosecurity k8saudit plugin's event source
// does (plugins/k8saudit/pkg/k8saudit/source.go): each payload is a JSON value that is an
// `Event`, an `EventList` (its `items`), or an array of those; each event's time is its
// `stageTimestamp` (Go `time.Parse(time.RFC3339Nano, ...)`), and its data is the compact JSON
// of the event.

/// One audit event ready for rule evaluation. A class (compared by value) so rules take it as
/// one reference, as they take syscall events (`FalcoFieldSource.Event`).
public final class K8sAuditEvent: Sendable, Hashable {
    /// The event object.
    public let json: JSONValue
    /// Event time, nanoseconds since the Unix epoch (from `stageTimestamp`).
    public let timestamp: UInt64
    /// The event's compact JSON text as the plugin hands it to Falco (what `jevt.obj` indents
    /// and `jevt.value[]` returns). For an event read from text this is that text without
    /// insignificant whitespace, tokens byte for byte.
    public let payload: [UInt8]
    /// 1-based line and 0-based byte offset where the payload that held the event starts
    /// (0 when built in memory).
    public let line: Int
    public let byteOffset: Int

    public init(json: JSONValue, timestamp: UInt64, payload: [UInt8]? = nil, line: Int = 0, byteOffset: Int = 0) {
        self.json = json
        self.timestamp = timestamp
        self.payload = payload ?? json.jsonBytes
        self.line = line
        self.byteOffset = byteOffset
    }

    /// An event from its JSON, timed from `stageTimestamp` as the plugin does; nil without a
    /// usable `stageTimestamp`.
    public convenience init?(json: JSONValue) {
        guard let t = K8sAuditReader.eventTime(of: json) else { return nil }
        self.init(json: json, timestamp: t)
    }

    public static func == (a: K8sAuditEvent, b: K8sAuditEvent) -> Bool {
        a === b || (a.timestamp == b.timestamp && a.line == b.line && a.byteOffset == b.byteOffset
            && a.payload == b.payload && a.json == b.json)
    }

    public func hash(into h: inout Hasher) {
        h.combine(timestamp)
        h.combine(payload)
    }
}

public enum K8sAuditReader {
    /// How payloads are delimited in the input.
    public enum Framing: Sendable, Hashable {
        /// Any sequence of JSON values separated by whitespace: JSON lines, several objects on
        /// one line, pretty-printed objects, a single `Event` or `EventList` document. After a
        /// malformed value, reading resumes at the next line that starts with `{` or `[`.
        case lenient
        /// Exactly the plugin's file reader: one JSON value per line (`\n`, optional `\r`),
        /// empty lines skipped, anything else on a line after its value is an error.
        case jsonLines
    }

    public struct Options: Sendable, Hashable {
        public var framing: Framing
        /// Events whose compact JSON is longer are skipped (the plugin's `maxEventSize`,
        /// default 262144); nil for no limit.
        public var maxEventSize: Int?
        /// Also accept `requestReceivedTimestamp`, then `timestamp` (audit.k8s.io/v1alpha1),
        /// when `stageTimestamp` is missing. The plugin does not: off by default.
        public var timestampFallback: Bool
        /// Nesting limit for the JSON parser.
        public var maxDepth: Int

        public init(framing: Framing = .lenient, maxEventSize: Int? = 262_144, timestampFallback: Bool = false, maxDepth: Int = 512) {
            self.framing = framing
            self.maxEventSize = maxEventSize
            self.timestampFallback = timestampFallback
            self.maxDepth = maxDepth
        }
    }

    /// Something in the input that did not become an event.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: Sendable, Hashable {
            /// The text is not valid JSON.
            case malformedJSON(JSONParseError)
            /// A JSON value that is not an `Event`, an `EventList` with `items`, or an array of
            /// them (the plugin's "data not recognized as a k8s audit event"). The string says
            /// what was found.
            case notAnAuditEvent(String)
            /// An event without `stageTimestamp` (the plugin's "can't read stageTimestamp").
            case missingTimestamp
            /// A timestamp Go's RFC 3339 parser rejects, or one before 1970.
            case invalidTimestamp(String)
            /// The event's compact JSON exceeds `maxEventSize` (size given).
            case eventTooLarge(Int)
        }

        public let kind: Kind
        /// 1-based line, 1-based byte column and 0-based byte offset of the problem (for a
        /// JSON error, of the offending byte; otherwise, of the payload that held the event).
        public let line: Int
        public let column: Int
        public let byteOffset: Int

        public var message: String {
            switch kind {
            case .malformedJSON(let e): return e.message
            case .notAnAuditEvent(let what): return "data not recognized as a k8s audit event (\(what))"
            case .missingTimestamp: return "can't read stageTimestamp"
            case .invalidTimestamp(let t): return "invalid event timestamp \"\(t)\""
            case .eventTooLarge(let n): return "event larger than maxEventSize: size=\(n)"
            }
        }

        public var description: String { "line \(line), column \(column) (byte \(byteOffset)): \(message)" }
    }

    public struct Result: Sendable, Hashable {
        public var events: [K8sAuditEvent] = []
        public var issues: [Issue] = []
        /// Payloads (top-level JSON values) read, valid or not.
        public var payloadCount = 0
    }

    /// Reads every audit event in `bytes` (a UTF-8 byte-order mark at the start is ignored).
    /// Never throws: problems are collected as ``Issue``s with their line and byte.
    public static func read(_ bytes: some Collection<UInt8>, options: Options = Options()) -> Result {
        if let r = bytes.withContiguousStorageIfAvailable({ read(buffer: $0, options: options) }) { return r }
        let copy = Array(bytes)
        return copy.withUnsafeBufferPointer { read(buffer: $0, options: options) }
    }

    /// Reads events from text.
    public static func read(_ text: String, options: Options = Options()) -> Result {
        var t = text
        return t.withUTF8 { read(buffer: $0, options: options) }
    }

    // MARK: Event time

    /// The event's time as the plugin computes it: `stageTimestamp` parsed as Go parses
    /// RFC 3339 (`2006-01-02T15:04:05.999999999Z07:00`), in nanoseconds since the epoch.
    /// With `fallback`, `requestReceivedTimestamp` and then `timestamp` are tried when
    /// `stageTimestamp` is absent. Nil when absent, malformed, or before 1970.
    public static func eventTime(of event: JSONValue, fallback: Bool = false) -> UInt64? {
        if case .success(let t) = timestamp(of: event, fallback: fallback) { return t }
        return nil
    }

    enum TimestampProblem: Error { case missing, invalid(String) }

    static func timestamp(of event: JSONValue, fallback: Bool) -> Swift.Result<UInt64, TimestampProblem> {
        let names = fallback ? ["stageTimestamp", "requestReceivedTimestamp", "timestamp"] : ["stageTimestamp"]
        for name in names {
            guard let v = K8sAuditExtractor.goGet(event, name) else { continue }
            // fastjson GetStringBytes: a non-string reads as "".
            let text = v.stringValue ?? ""
            guard let ns = K8sAuditTime.parseRFC3339(text), ns >= 0 else { return .failure(.invalid(text)) }
            return .success(UInt64(ns))
        }
        return .failure(.missing)
    }

    // MARK: Implementation

    private struct Lines {
        var starts: [Int] = [0]
        init(_ buf: UnsafeBufferPointer<UInt8>) {
            for i in 0..<buf.count where buf[i] == 0x0A { starts.append(i + 1) }
        }
        func locate(_ offset: Int) -> (line: Int, column: Int) {
            var lo = 0
            var hi = starts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
            }
            return (lo + 1, offset - starts[lo] + 1)
        }
    }

    private static func read(buffer buf: UnsafeBufferPointer<UInt8>, options: Options) -> Result {
        var result = Result()
        let lines = Lines(buf)
        let n = buf.count
        var start = 0
        if n >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { start = 3 }

        func located(_ e: JSONParseError) -> JSONParseError {
            let (l, c) = lines.locate(e.offset)
            return JSONParseError(reason: e.reason, offset: e.offset, line: l, column: c)
        }

        switch options.framing {
        case .lenient:
            var parser = JSONByteParser(buffer: buf, start: start, maxDepth: options.maxDepth, locate: false)
            while true {
                parser.skipWhitespace()
                if parser.pos >= n { break }
                let valueStart = parser.pos
                result.payloadCount += 1
                do {
                    let value = try parser.parseValue()
                    let raw = UnsafeBufferPointer(rebasing: buf[valueStart..<parser.pos])
                    handlePayload(value, raw: raw, offset: valueStart, lines: lines, options: options, into: &result)
                } catch {
                    let e = located(error)
                    result.issues.append(Issue(kind: .malformedJSON(e), line: e.line, column: e.column, byteOffset: e.offset))
                    // Resume at the next line (after the value's start) that begins with { or [.
                    let (l, _) = lines.locate(valueStart)
                    var next = n
                    var li = l  // index of the following line in `starts`
                    while li < lines.starts.count {
                        let s = lines.starts[li]
                        if s < n, buf[s] == UInt8(ascii: "{") || buf[s] == UInt8(ascii: "[") {
                            next = s
                            break
                        }
                        li += 1
                    }
                    parser.pos = next
                }
            }

        case .jsonLines:
            var lineNo = 0
            var lineStart = start
            while lineStart <= n {
                lineNo += 1
                var lineEnd = lineStart
                while lineEnd < n, buf[lineEnd] != 0x0A { lineEnd += 1 }
                var contentEnd = lineEnd
                if contentEnd > lineStart, buf[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                if contentEnd > lineStart {
                    result.payloadCount += 1
                    let lineBuf = UnsafeBufferPointer(rebasing: buf[lineStart..<contentEnd])
                    do {
                        let value = try JSONValue.parseDocument(lineBuf, options: JSONParseOptions(maxDepth: options.maxDepth))
                        // Trim surrounding whitespace for the raw payload.
                        var a = lineStart
                        var b = contentEnd
                        while a < b, isSpace(buf[a]) { a += 1 }
                        while b > a, isSpace(buf[b - 1]) { b -= 1 }
                        handlePayload(
                            value, raw: UnsafeBufferPointer(rebasing: buf[a..<b]), offset: a, lines: lines, options: options,
                            into: &result)
                    } catch {
                        let e = located(
                            JSONParseError(reason: error.reason, offset: lineStart + error.offset, line: 0, column: 0))
                        result.issues.append(Issue(kind: .malformedJSON(e), line: e.line, column: e.column, byteOffset: e.offset))
                    }
                }
                if lineEnd >= n { break }
                lineStart = lineEnd + 1
            }
        }
        return result
    }

    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    /// `ParseAuditEventsJSON` for one payload.
    private static func handlePayload(
        _ value: JSONValue, raw: UnsafeBufferPointer<UInt8>, offset: Int, lines: Lines, options: Options,
        into result: inout Result
    ) {
        let (line, column) = lines.locate(offset)
        func issue(_ k: Issue.Kind) -> Issue { Issue(kind: k, line: line, column: column, byteOffset: offset) }

        // Collect (event, payload?) pairs; an unrecognised element anywhere drops the whole
        // payload, as the plugin discards the partial result along with the error.
        var candidates: [(JSONValue, [UInt8]?)] = []
        var unrecognised: String? = nil

        func collect(_ v: JSONValue, topLevel: Bool, path: String) {
            if unrecognised != nil { return }
            if case .array(let elements) = v {
                for (i, e) in elements.enumerated() { collect(e, topLevel: false, path: path + "[\(i)]") }
                return
            }
            let kind = K8sAuditExtractor.goGet(v, "kind")?.stringValue
            switch kind {
            case "EventList"?:
                if case .array(let items)? = K8sAuditExtractor.goGet(v, "items") {
                    for item in items { candidates.append((item, nil)) }
                    return
                }
                unrecognised = "\(path.isEmpty ? "" : path + ": ")EventList without an items array"
            case "Event"?:
                candidates.append((v, topLevel ? JSONText.compact(raw) : nil))
            default:
                let what: String
                if let kind {
                    what = "kind \"\(kind)\""
                } else if let k = K8sAuditExtractor.goGet(v, "kind") {
                    what = "kind is a \(k.kindName)"
                } else if case .object = v {
                    what = "no kind"
                } else {
                    what = "a \(v.kindName)"
                }
                unrecognised = path.isEmpty ? what : "\(path): \(what)"
            }
        }
        collect(value, topLevel: true, path: "")

        if let unrecognised {
            result.issues.append(issue(.notAnAuditEvent(unrecognised)))
            return
        }
        for (event, payload) in candidates {
            // parseSingleAuditEventJSON
            let time: UInt64
            switch timestamp(of: event, fallback: options.timestampFallback) {
            case .success(let t): time = t
            case .failure(.missing):
                result.issues.append(issue(.missingTimestamp))
                continue
            case .failure(.invalid(let text)):
                result.issues.append(issue(.invalidTimestamp(text)))
                continue
            }
            let data = payload ?? event.jsonBytes
            if let max = options.maxEventSize, data.count > max {
                result.issues.append(issue(.eventTooLarge(data.count)))
                continue
            }
            result.events.append(K8sAuditEvent(json: event, timestamp: time, payload: data, line: line, byteOffset: offset))
        }
    }
}

// MARK: - Time

/// Go-compatible RFC 3339 parsing and Falco's timestamp renderings.
public enum K8sAuditTime {
    /// Parses what Go's `time.Parse(time.RFC3339Nano, s)` accepts: `YYYY-MM-DDTHH:MM:SS`,
    /// an optional fraction (`.` or `,`, digits past nine truncated), then `Z` or `±hh:mm`.
    /// Returns nanoseconds since the epoch (negative before 1970), or nil.
    public static func parseRFC3339(_ s: String) -> Int64? {
        let b = Array(s.utf8)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var v = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += count
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        func isDigit(_ k: Int) -> Bool { k < b.count && b[k] >= 0x30 && b[k] <= 0x39 }

        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2), expect("T")
        else { return nil }
        // Go's general parser takes a one-digit hour ("15" layout element is not zero-padded).
        let hour: Int
        if isDigit(i) && isDigit(i + 1) {
            hour = digits(2)!
        } else if isDigit(i) {
            hour = digits(1)!
        } else {
            return nil
        }
        guard expect(":"), let minute = digits(2), expect(":"), let second = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        var nanos = 0
        if i + 1 < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ","), isDigit(i + 1) {
            i += 1
            var count = 0
            while isDigit(i) {
                if count < 9 { nanos = nanos * 10 + Int(b[i] - 0x30) }
                count += 1
                i += 1
            }
            for _ in count..<max(count, 9) { nanos *= 10 }
        }
        var offsetSeconds = 0
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "Z") {
            i += 1
        } else {
            let sign = b[i]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
            i += 1
            guard let hh = digits(2), expect(":"), let mm = digits(2), hh <= 24, mm <= 60 else { return nil }
            offsetSeconds = (hh * 60 + mm) * 60 * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        // Go's UnixNano is only defined for years 1678...2262.
        guard seconds > -9_223_372_036, seconds < 9_223_372_036 else { return nil }
        return seconds * 1_000_000_000 + Int64(nanos)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `jevt.time` (Falco < 0.32, `sinsp_utils::ts_to_string(ts, date: false, ns: true)`):
    /// `HH:MM:SS.nnnnnnnnn`. Falco used the host's local time zone; this renders UTC.
    public static func formatClock(_ ns: UInt64) -> String {
        let secs = Int(ns / 1_000_000_000)
        let frac = Int(ns % 1_000_000_000)
        let s = secs % 86_400
        return "\(pad(s / 3600, 2)):\(pad((s % 3600) / 60, 2)):\(pad(s % 60, 2)).\(pad(frac, 9))"
    }

    /// `jevt.time.iso8601` (`sinsp_utils::ts_to_iso_8601`): `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`.
    public static func formatISO8601(_ ns: UInt64) -> String {
        let secs = Int(ns / 1_000_000_000)
        let frac = Int(ns % 1_000_000_000)
        let (y, m, d) = civil(fromDays: secs / 86_400)
        let s = secs % 86_400
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(s / 3600, 2)):\(pad((s % 3600) / 60, 2)):\(pad(s % 60, 2)).\(pad(frac, 9))+0000"
    }
}
