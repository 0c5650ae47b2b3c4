import Foundation

/// A small HTTP/1.1 endpoint for Prometheus and probes: `GET /metrics` (text exposition) and
/// `GET /healthz`. One thread, one request per connection, bounded request size and a 2 s
/// read timeout, so a slow or hostile client cannot hold the sensor.
public final class MetricsServer: @unchecked Sendable {
    private let fd: Int32
    private let metrics: @Sendable () -> String
    private let healthy: @Sendable () -> Bool
    public let port: UInt16
    private var thread: Thread?

    /// `address` is HOST:PORT (IPv4; port 0 picks one).
    public init(address: String, metrics: @escaping @Sendable () -> String, healthy: @escaping @Sendable () -> Bool) throws {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw SensorError("--metrics needs HOST:PORT, got '\(address)'")
        }
        var host = String(address[..<colon])
        if host.isEmpty { host = "0.0.0.0" }
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw SensorError("metrics socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &sa.sin_addr) == 1 else { close(s); throw SensorError("--metrics: '\(host)' is not an IPv4 address") }
        let bound = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(s, 16) == 0 else {
            let e = String(cString: strerror(errno))
            close(s)
            throw SensorError("cannot listen on \(address): \(e)")
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &sa) { _ = $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        self.port = UInt16(bigEndian: sa.sin_port)
        fd = s
        self.metrics = metrics
        self.healthy = healthy
    }

    public func start() {
        let t = Thread { [self] in loop() }
        t.name = "bulkhead-metrics"
        thread = t
        t.start()
    }

    public func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func loop() {
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 {
                if errno == EINTR { continue }
                return
            }
            serve(c)
            close(c)
        }
    }

    private func serve(_ c: Int32) {
        var tv = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buf = [UInt8](repeating: 0, count: 8192)
        var n = 0
        while n < buf.count {
            let r = buf.withUnsafeMutableBytes { recv(c, $0.baseAddress! + n, $0.count - n, 0) }
            if r <= 0 { break }
            n += r
            if buf[..<n].firstRange(of: [13, 10, 13, 10]) != nil || buf[..<n].firstRange(of: [10, 10]) != nil { break }
        }
        let request = String(decoding: buf[..<n], as: UTF8.self)
        let line = request.split(separator: "\r\n").first.map(String.init) ?? ""
        let parts = line.split(separator: " ")
        var status = "404 Not Found", body = "not found\n", type = "text/plain"
        if parts.count >= 2, parts[0] == "GET" || parts[0] == "HEAD" {
            let path = parts[1].split(separator: "?").first.map(String.init) ?? ""
            switch path {
            case "/metrics":
                status = "200 OK"
                body = metrics()
                type = "text/plain; version=0.0.4"
            case "/healthz", "/readyz":
                if healthy() { status = "200 OK"; body = "ok\n" } else { status = "503 Service Unavailable"; body = "not ready\n" }
            default: break
            }
        } else if !parts.isEmpty {
            status = "405 Method Not Allowed"
            body = "GET only\n"
        }
        let head = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        let out = Array((head + (parts.first == "HEAD" ? "" : body)).utf8)
        var sent = 0
        while sent < out.count {
            let r = out.withUnsafeBytes { send(c, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if r <= 0 { break }
            sent += r
        }
    }
}
