import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where alerts go. Sinks are called from one thread at a time (the engine's output loop).
public protocol AlertSink: AnyObject {
    func send(_ alert: Alert)
    /// Delivers anything buffered (webhook batches, file buffers).
    func flush()
}

/// Alert line format for stream sinks.
public enum AlertFormat: String, Sendable, CaseIterable { case json, text }

/// Writes alerts as lines to a file handle (stdout or a file opened for appending).
public final class StreamSink: AlertSink {
    private let handle: FileHandle
    private let format: AlertFormat
    private var buffer = Data()

    public init(handle: FileHandle, format: AlertFormat) {
        self.handle = handle
        self.format = format
    }

    /// Opens (creating) `path` for appending.
    public convenience init(appendingTo path: String, format: AlertFormat) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.seekToEnd()
        self.init(handle: h, format: format)
    }

    public func send(_ alert: Alert) {
        buffer.append(contentsOf: ((format == .json ? alert.jsonLine : alert.escapedTextLine) + "\n").utf8)
        if buffer.count > 64 * 1024 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        try? handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Sends alerts to the local syslog (facility user, level from the priority).
public final class SyslogSink: AlertSink {
    public init() { openlog("bulkhead", LOG_PID | LOG_NDELAY, LOG_USER) }

    public func send(_ alert: Alert) {
        let level: Int32 = switch alert.priority {
        case .emergency: LOG_EMERG
        case .alert: LOG_ALERT
        case .critical: LOG_CRIT
        case .error: LOG_ERR
        case .warning: LOG_WARNING
        case .notice: LOG_NOTICE
        case .informational: LOG_INFO
        case .debug: LOG_DEBUG
        }
        withVaList([alert.jsonLine]) { vsyslog(level, "%s", $0) }
    }

    public func flush() {}
}

/// Pipes alert lines to a program's standard input (`sh -c PROGRAM`), started once.
public final class ProgramSink: AlertSink {
    private let process = Process()
    private let pipe = Pipe()
    private let format: AlertFormat

    public init(command: String, format: AlertFormat) throws {
        self.format = format
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardInput = pipe
        try process.run()
    }

    public func send(_ alert: Alert) {
        let line = (format == .json ? alert.jsonLine : alert.escapedTextLine) + "\n"
        try? pipe.fileHandleForWriting.write(contentsOf: Data(line.utf8))
    }

    public func flush() {}

    /// Closes the program's input and waits for it to finish.
    public func close() {
        try? pipe.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Posts alerts as JSON to an HTTP(S) endpoint (Falcosidekick's `/` accepts one alert per
/// request). Alerts are queued and sent in batches; failed requests are retried with backoff,
/// and what could not be delivered is counted, never silently lost.
public final class WebhookSink: AlertSink, @unchecked Sendable {
    private let url: URL
    private let batchSize: Int
    private let retries: Int
    private let session: URLSession
    private var queue: [Alert] = []
    public private(set) var delivered = 0
    public private(set) var failed = 0
    public private(set) var lastError: String?

    public init(url: URL, batchSize: Int = 1, retries: Int = 3, timeout: TimeInterval = 10, insecure: Bool = false) {
        self.url = url
        self.batchSize = max(1, batchSize)
        self.retries = retries
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: config)
    }

    public func send(_ alert: Alert) {
        queue.append(alert)
        if queue.count >= 64 { flush() }
    }

    public func flush() {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(batchSize))
            queue.removeFirst(batch.count)
            // One object per request (batch of 1) or newline-delimited JSON for larger batches.
            let body = batch.count == 1 ? batch[0].jsonLine : batch.map(\.jsonLine).joined(separator: "\n") + "\n"
            if post(Data(body.utf8), ndjson: batch.count > 1) { delivered += batch.count } else { failed += batch.count }
        }
    }

    private func post(_ body: Data, ndjson: Bool) -> Bool {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue(ndjson ? "application/x-ndjson" : "application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("bulkhead", forHTTPHeaderField: "User-Agent")
        var delay = 0.2
        for attempt in 0...retries {
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var status = 0
            nonisolated(unsafe) var errorText: String?
            session.dataTask(with: request) { _, response, error in
                status = (response as? HTTPURLResponse)?.statusCode ?? 0
                errorText = error?.localizedDescription
                done.signal()
            }.resume()
            done.wait()
            if (200..<300).contains(status) { return true }
            lastError = errorText ?? "HTTP \(status)"
            // Client errors other than 408/429 will not improve with a retry.
            if (400..<500).contains(status), status != 408, status != 429 { return false }
            if attempt < retries {
                Thread.sleep(forTimeInterval: delay)
                delay *= 2
            }
        }
        return false
    }
}

/// Decides which alerts go out: minimum priority, a per-rule token bucket (rate per second
/// with a burst) and de-duplication of identical outputs within a window. Counts what it drops.
public struct AlertGate: Sendable {
    public var minimumPriority: FalcoPriority = .debug
    /// Alerts per second per rule (0 = unlimited) and the burst allowed.
    public var ratePerRule: Double = 0
    public var burst: Double = 10
    /// Identical (rule, output) alerts within this many nanoseconds are dropped (0 = off).
    public var dedupWindow: Int64 = 0

    public private(set) var droppedByPriority = 0
    public private(set) var droppedByRate = 0
    public private(set) var droppedAsDuplicate = 0
    private var buckets: [String: (tokens: Double, last: Int64)] = [:]
    private var lastSeen: [String: Int64] = [:]

    public init() {}

    public mutating func admit(_ alert: Alert) -> Bool {
        guard alert.priority <= minimumPriority else {
            droppedByPriority += 1
            return false
        }
        if dedupWindow > 0 {
            let key = alert.rule + "\u{0}" + alert.message
            if let last = lastSeen[key], alert.time - last < dedupWindow {
                droppedAsDuplicate += 1
                return false
            }
            lastSeen[key] = alert.time
            if lastSeen.count > 100_000 { lastSeen.removeAll(keepingCapacity: true) }
        }
        if ratePerRule > 0 {
            var b = buckets[alert.rule] ?? (burst, alert.time)
            b.tokens = min(burst, b.tokens + Double(alert.time - b.last) / 1e9 * ratePerRule)
            b.last = alert.time
            guard b.tokens >= 1 else {
                buckets[alert.rule] = b
                droppedByRate += 1
                return false
            }
            b.tokens -= 1
            buckets[alert.rule] = b
        }
        return true
    }
}
