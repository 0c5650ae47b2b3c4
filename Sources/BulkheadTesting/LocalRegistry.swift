import Foundation

/// Why a test's own setup failed (a server that did not start, a tool that failed).
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A real `docker-registry` (Debian's distribution build) on loopback, started by the test and
/// stopped by PID; images are pushed into it with `skopeo`.
public final class LocalRegistry: @unchecked Sendable {
    public static let binary = "/usr/bin/docker-registry"
    public static let skopeo = "/usr/bin/skopeo"
    public static var available: Bool {
        FileManager.default.isExecutableFile(atPath: binary) && FileManager.default.isExecutableFile(atPath: skopeo)
    }

    public let port: Int
    public let directory: String
    private let process: Process

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-reg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try freePort()
        let config = """
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: \(directory)/data
            http:
              addr: 127.0.0.1:\(port)
            """
        try config.write(toFile: directory + "/config.yml", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", directory + "/config.yml"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        try waitForHTTP(port: port, path: "/v2/")
    }

    deinit {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `skopeo copy` from a local transport reference into `repo:tag` here.
    public func push(_ source: String, as name: String, all: Bool = false) throws {
        var args = ["copy", "--quiet", "--dest-tls-verify=false"]
        if all { args.append("--all") }
        args += [source, "docker://127.0.0.1:\(port)/\(name)"]
        try runTool(Self.skopeo, args)
    }
}

/// A Python proxy in front of a registry that demands a Bearer token from its own `/token`
/// endpoint (Basic `user:secret`), like Docker Hub's auth flow; it can also corrupt blobs or
/// answer 503 to the first N requests.
public final class TokenProxy: @unchecked Sendable {
    public let port: Int
    private let process: Process

    public init(upstream: Int, failFirst: Int = 0, corruptBlobs: Bool = false) throws {
        port = try freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", tokenProxyScript, String(port), String(upstream), String(failFirst), corruptBlobs ? "1" : "0"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitForHTTP(port: port, path: "/healthz")
    }

    deinit {
        // SIGKILL: the test runner's blocked-signal mask is inherited, so SIGTERM may never arrive.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

let tokenProxyScript = #"""
import http.server, socketserver, sys, urllib.request, base64, threading
port, upstream, fail_first, corrupt = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == '1'
TOKEN = 'tok-' + 'x' * 20
lock = threading.Lock()
state = {'failures': fail_first}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, code, body=b'', headers=()):
        self.send_response(code)
        for k, v in headers: self.send_header(k, v)
        self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_GET(self):
        if self.path == '/healthz': return self.send(200, b'ok')
        if self.path.startswith('/token'):
            want = 'Basic ' + base64.b64encode(b'user:secret').decode()
            if self.headers.get('Authorization') != want: return self.send(401, b'{"errors":["bad credentials"]}')
            if 'scope=repository' not in self.path or 'service=proxy' not in self.path: return self.send(400, b'bad scope')
            return self.send(200, ('{"token":"%s"}' % TOKEN).encode(), [('Content-Type', 'application/json')])
        with lock:
            if state['failures'] > 0:
                state['failures'] -= 1
                return self.send(503, b'try later')
        if self.headers.get('Authorization') != 'Bearer ' + TOKEN:
            realm = 'http://127.0.0.1:%d/token' % port
            return self.send(401, b'{"errors":[{"code":"UNAUTHORIZED"}]}', [('WWW-Authenticate',
                'Bearer realm="%s",service="proxy",scope="repository:demo:pull"' % realm)])
        req = urllib.request.Request('http://127.0.0.1:%d%s' % (upstream, self.path), headers={'Accept': self.headers.get('Accept', '*/*')})
        try:
            r = urllib.request.urlopen(req)
            body, code, headers = r.read(), r.status, [(k, v) for k, v in r.headers.items() if k.lower() in ('content-type', 'docker-content-digest')]
        except urllib.error.HTTPError as e:
            body, code, headers = e.read(), e.code, []
        if corrupt and '/blobs/' in self.path and len(body) > 100:
            body = body[:50] + bytes([body[50] ^ 1]) + body[51:]
        self.send(code, body, headers)
class S(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
S(('127.0.0.1', port), H).serve_forever()
"""#

public func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    guard ok else { throw TestSetupError("cannot find a free port") }
    return Int(UInt16(bigEndian: addr.sin_port))
}

public func waitForHTTP(port: Int, path: String) throws {
    for _ in 0..<100 {
        if let data = try? Data(contentsOf: URL(string: "http://127.0.0.1:\(port)\(path)")!), !data.isEmpty { return }
        Thread.sleep(forTimeInterval: 0.1)
    }
    throw TestSetupError("server on port \(port) did not answer \(path)")
}

public func runTool(_ path: String, _ args: [String]) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw TestSetupError("\(path) \(args.joined(separator: " ")) failed: \(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
    }
}
