import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How to reach a registry.
public struct RegistryOptions: Sendable, Hashable {
    /// Plain HTTP instead of HTTPS (loopback and lab registries).
    public var insecure: Bool
    /// Explicit credentials; when nil they are looked up in the auth files.
    public var credentials: RegistryCredentials?
    /// Auth files to consult (default: ``RegistryCredentials/authFiles(environment:)``).
    public var authFiles: [String]
    /// Attempts per request for transient failures (network errors, 429, 5xx).
    public var attempts: Int
    /// First backoff delay in seconds; doubled after each failed attempt.
    public var backoff: Double
    /// Per-request timeout in seconds.
    public var timeout: Double
    /// Called with download progress (bytes so far, total when known, blob digest).
    public var progress: (@Sendable (_ done: Int, _ total: Int?, _ digest: String) -> Void)?

    public init(insecure: Bool = false, credentials: RegistryCredentials? = nil,
                authFiles: [String] = RegistryCredentials.authFiles(), attempts: Int = 4, backoff: Double = 0.5,
                timeout: Double = 60, progress: (@Sendable (Int, Int?, String) -> Void)? = nil) {
        self.insecure = insecure
        self.credentials = credentials
        self.authFiles = authFiles
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.timeout = timeout
        self.progress = progress
    }

    public static func == (lhs: RegistryOptions, rhs: RegistryOptions) -> Bool {
        lhs.insecure == rhs.insecure && lhs.credentials == rhs.credentials && lhs.authFiles == rhs.authFiles
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(insecure) }
}

/// A small synchronous client for the OCI Distribution API: manifests and blobs by GET, with
/// the registry's auth challenge answered (anonymous or Basic credentials exchanged for a Bearer
/// token at the challenge's realm, or Basic directly), retries with exponential backoff on
/// transient failures, redirects followed without leaking the Authorization header to other
/// hosts, and every blob hashed while it streams to disk.
final class RegistryClient: @unchecked Sendable {
    let reference: RegistryReference
    let options: RegistryOptions
    private let credentials: RegistryCredentials?
    private var authorization: String?
    private let session: URLSession
    private let delegate = SessionDelegate()

    static let manifestAccept = [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ].joined(separator: ", ")

    init(reference: RegistryReference, options: RegistryOptions) throws(ImageError) {
        self.reference = reference
        self.options = options
        if let given = options.credentials {
            credentials = given
        } else {
            credentials = try RegistryCredentials.lookup(host: reference.host, files: options.authFiles)
        }
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = options.timeout
        config.httpAdditionalHeaders = ["User-Agent": "bulkhead"]
        session = URLSession(configuration: config, delegate: delegate, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    var base: String { (options.insecure ? "http://" : "https://") + reference.apiHost + "/v2/" + reference.repository }

    /// Where errors point: `host/repo`.
    var location: String { reference.host + "/" + reference.repository }

    /// A manifest or index by tag or digest; verified against the digest when one is known.
    func manifest(_ tagOrDigest: String) throws(ImageError) -> (bytes: [UInt8], mediaType: String?) {
        let (bytes, response) = try fetchSmall(base + "/manifests/" + tagOrDigest, accept: Self.manifestAccept,
                                               limit: ManifestLoader.maxJSONBytes, what: "manifest \(tagOrDigest)")
        if tagOrDigest.hasPrefix("sha256:") {
            try ManifestLoader.verify(bytes, digest: tagOrDigest, name: "\(location): manifest \(tagOrDigest)")
        }
        return (bytes, response.value(forHTTPHeaderField: "Content-Type"))
    }

    /// A small blob (config) in memory, verified.
    func smallBlob(_ digest: String) throws(ImageError) -> [UInt8] {
        let (bytes, _) = try fetchSmall(base + "/blobs/" + digest, accept: "*/*", limit: ManifestLoader.maxJSONBytes,
                                        what: "blob \(digest)")
        try ManifestLoader.verify(bytes, digest: digest, name: "\(location): blob \(digest)")
        return bytes
    }

    /// Streams a blob to `path`, hashing as it goes; a mismatch deletes the file and throws.
    func download(_ digest: String, size: Int?, to path: String, limit: Int) throws(ImageError) {
        try withRetries("blob \(digest)") { () throws(ImageError) -> Outcome<Void> in
            let sink: BlobSink
            do {
                sink = try BlobSink(path: path, limit: limit, digest: digest, total: size, progress: options.progress)
            } catch {
                throw ImageError(.unreadable, "cannot create \(path): \(error)")
            }
            let result = run(request(base + "/blobs/" + digest, accept: "*/*"), sink: sink)
            switch result {
            case .failure(let e): return .retry(e)
            case .success(let response):
                if response.statusCode == 200 {
                    try sink.finish(name: "\(location): blob \(digest)")
                    return .done(())
                }
                try? FileManager.default.removeItem(atPath: path)
                return try classify(response, body: sink.errorBody, what: "blob \(digest)")
            }
        }
    }

    // MARK: Requests

    enum Outcome<T> {
        case done(T)
        case retry(ImageError)
        case reauthenticate
    }

    private func fetchSmall(_ url: String, accept: String, limit: Int, what: String) throws(ImageError) -> ([UInt8], HTTPURLResponse) {
        try withRetries(what) { () throws(ImageError) -> Outcome<([UInt8], HTTPURLResponse)> in
            let sink = MemorySink(limit: limit)
            switch run(request(url, accept: accept), sink: sink) {
            case .failure(let e): return .retry(e)
            case .success(let response):
                if let overflow = sink.overflow {
                    throw ImageError(.limitExceeded, "\(what) is over \(overflow) bytes", location: location)
                }
                if response.statusCode == 200 { return .done((sink.bytes, response)) }
                return try classify(response, body: sink.bytes, what: what)
            }
        }
    }

    private func classify<T>(_ response: HTTPURLResponse, body: [UInt8], what: String) throws(ImageError) -> Outcome<T> {
        let status = response.statusCode
        let detail = String(decoding: body.prefix(300), as: UTF8.self)
        switch status {
        case 401:
            if authorization == nil || lastChallengeWasNew(response) {
                try authenticate(response)
                return .reauthenticate
            }
            throw ImageError(.unreadable, "\(what): unauthorized (HTTP 401) with the credentials \(credentials == nil ? "(none found in \(options.authFiles.joined(separator: ", ")))" : "for \(credentials!.username)"): \(detail)", location: location)
        case 403:
            throw ImageError(.unreadable, "\(what): access denied (HTTP 403): \(detail)", location: location)
        case 404:
            throw ImageError(.notFound, "\(what) not found (HTTP 404): \(detail)", location: location)
        case 408, 429, 500...599:
            return .retry(ImageError(.unreadable, "\(what): HTTP \(status): \(detail)", location: location))
        default:
            throw ImageError(.unreadable, "\(what): unexpected HTTP \(status): \(detail)", location: location)
        }
    }

    private var triedChallenges: Set<String> = []

    private func lastChallengeWasNew(_ response: HTTPURLResponse) -> Bool {
        guard let header = response.value(forHTTPHeaderField: "WWW-Authenticate") else { return false }
        return !triedChallenges.contains(header)
    }

    private func withRetries<T>(_ what: String, _ body: () throws(ImageError) -> Outcome<T>) throws(ImageError) -> T {
        var delay = options.backoff
        var lastError: ImageError?
        var attempt = 0
        var reauths = 0
        while attempt < options.attempts {
            switch try body() {
            case .done(let value):
                return value
            case .reauthenticate:
                reauths += 1
                if reauths > 3 { throw ImageError(.unreadable, "\(what): authentication keeps failing", location: location) }
                continue
            case .retry(let error):
                lastError = error
                attempt += 1
                if attempt < options.attempts {
                    Thread.sleep(forTimeInterval: delay)
                    delay *= 2
                }
            }
        }
        throw lastError ?? ImageError(.unreadable, "\(what): failed", location: location)
    }

    private func request(_ url: String, accept: String) -> URLRequest {
        var r = URLRequest(url: URL(string: url)!)
        r.setValue(accept, forHTTPHeaderField: "Accept")
        if let authorization { r.setValue(authorization, forHTTPHeaderField: "Authorization") }
        return r
    }

    /// Runs one request to completion, feeding the body to `sink`.
    private func run(_ request: URLRequest, sink: any ResponseSink) -> Result<HTTPURLResponse, ImageError> {
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request)
        delegate.register(task.taskIdentifier, sink: sink, done: done)
        task.resume()
        done.wait()
        let state = delegate.finish(task.taskIdentifier)
        if let error = state.error {
            return .failure(ImageError(.unreadable, "\(request.url?.absoluteString ?? "?"): \(error.localizedDescription)",
                                       location: location))
        }
        guard let response = state.response else {
            return .failure(ImageError(.unreadable, "\(request.url?.absoluteString ?? "?"): no HTTP response", location: location))
        }
        return .success(response)
    }

    // MARK: Auth

    /// Answers a 401's `WWW-Authenticate` challenge: Basic → send credentials; Bearer → get a
    /// token from the realm (with Basic credentials when there are some).
    private func authenticate(_ response: HTTPURLResponse) throws(ImageError) {
        guard let header = response.value(forHTTPHeaderField: "WWW-Authenticate") else {
            throw ImageError(.unreadable, "HTTP 401 without a WWW-Authenticate challenge", location: location)
        }
        triedChallenges.insert(header)
        let (scheme, params) = Self.parseChallenge(header)
        switch scheme.lowercased() {
        case "basic":
            guard let credentials else {
                throw ImageError(.unreadable, "the registry wants Basic credentials and none were found in \(options.authFiles.joined(separator: ", "))", location: location)
            }
            authorization = credentials.basicHeader
        case "bearer":
            guard let realm = params["realm"], var components = URLComponents(string: realm) else {
                throw ImageError(.unreadable, "Bearer challenge without a usable realm: \(header)", location: location)
            }
            var items = components.queryItems ?? []
            if let service = params["service"] { items.append(URLQueryItem(name: "service", value: service)) }
            items.append(URLQueryItem(name: "scope", value: params["scope"] ?? "repository:\(reference.repository):pull"))
            components.queryItems = items
            guard let url = components.url else { throw ImageError(.unreadable, "bad token realm \(realm)", location: location) }
            var r = URLRequest(url: url)
            if let credentials { r.setValue(credentials.basicHeader, forHTTPHeaderField: "Authorization") }
            let token: String = try withRetries("token from \(realm)") { () throws(ImageError) -> Outcome<String> in
                let sink = MemorySink(limit: 1 << 20)
                switch run(r, sink: sink) {
                case .failure(let e): return .retry(e)
                case .success(let resp):
                    if resp.statusCode == 429 || resp.statusCode >= 500 {
                        return .retry(ImageError(.unreadable, "token endpoint \(realm): HTTP \(resp.statusCode)", location: location))
                    }
                    guard resp.statusCode == 200 else {
                        throw ImageError(.unreadable, "token endpoint \(realm) refused (HTTP \(resp.statusCode)): \(String(decoding: sink.bytes.prefix(300), as: UTF8.self))", location: location)
                    }
                    struct TokenJSON: Decodable { var token: String?; var access_token: String? }
                    guard let parsed = try? JSONDecoder().decode(TokenJSON.self, from: Data(sink.bytes)),
                          let t = parsed.token ?? parsed.access_token, !t.isEmpty else {
                        throw ImageError(.corrupt, "token endpoint \(realm) returned no token", location: location)
                    }
                    return .done(t)
                }
            }
            authorization = "Bearer " + token
        default:
            throw ImageError(.unsupported, "unsupported auth scheme in challenge: \(header)", location: location)
        }
    }

    /// `Bearer realm="https://auth/token",service="reg",scope="repository:x:pull"` → scheme and parameters.
    static func parseChallenge(_ header: String) -> (String, [String: String]) {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return (trimmed, [:]) }
        let scheme = String(trimmed[..<space])
        var params: [String: String] = [:]
        var rest = trimmed[trimmed.index(after: space)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let eq = rest.firstIndex(of: "=") else { break }
            let key = rest[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: eq)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let c = rest.first, c != "\"" {
                    if c == "\\", rest.count > 1 { rest = rest.dropFirst() }
                    value.append(rest.first!)
                    rest = rest.dropFirst()
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            params[key] = value
        }
        return (scheme, params)
    }
}

// MARK: Response plumbing

protocol ResponseSink: AnyObject {
    /// Returns false to cancel (over a limit, write failure).
    func consume(_ data: Data) -> Bool
}

final class MemorySink: ResponseSink {
    let limit: Int
    var bytes: [UInt8] = []
    var overflow: Int?
    init(limit: Int) { self.limit = limit }
    func consume(_ data: Data) -> Bool {
        guard bytes.count + data.count <= limit else { overflow = limit; return false }
        bytes += data
        return true
    }
}

/// Writes a blob to a file while hashing and counting it.
final class BlobSink: ResponseSink {
    let handle: FileHandle
    let path: String
    let limit: Int
    let digest: String
    let total: Int?
    let progress: (@Sendable (Int, Int?, String) -> Void)?
    var hasher = SHA256Digest.Stream()
    var count = 0
    var failure: String?
    /// The first bytes, kept to show an error body when the status is not 200.
    var errorBody: [UInt8] = []

    init(path: String, limit: Int, digest: String, total: Int?, progress: (@Sendable (Int, Int?, String) -> Void)?) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let h = FileHandle(forWritingAtPath: path) else {
            throw ImageError(.unreadable, "cannot create \(path)")
        }
        handle = h
        self.path = path
        self.limit = limit
        self.digest = digest
        self.total = total
        self.progress = progress
    }

    func consume(_ data: Data) -> Bool {
        if errorBody.count < 300 { errorBody += data.prefix(300 - errorBody.count) }
        count += data.count
        guard count <= limit else { failure = "blob is over the \(limit)-byte limit"; return false }
        data.withUnsafeBytes { hasher.update($0) }
        do { try handle.write(contentsOf: data) } catch { failure = "\(error)"; return false }
        progress?(count, total, digest)
        return true
    }

    func finish(name: String) throws(ImageError) {
        try? handle.close()
        if let failure {
            try? FileManager.default.removeItem(atPath: path)
            throw ImageError(.limitExceeded, failure, location: name)
        }
        let actual = hasher.finalize()
        guard actual == digest else {
            try? FileManager.default.removeItem(atPath: path)
            throw ImageError(.digestMismatch, "downloaded blob hashes to \(actual), expected \(digest)", location: name)
        }
    }
}

/// Routes URLSession callbacks to the sink of each task.
final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct State {
        var sink: any ResponseSink
        var done: DispatchSemaphore
        var response: HTTPURLResponse?
        var error: (any Error)?
    }
    private let lock = NSLock()
    private var states: [Int: State] = [:]

    func register(_ id: Int, sink: any ResponseSink, done: DispatchSemaphore) {
        lock.lock(); defer { lock.unlock() }
        states[id] = State(sink: sink, done: done)
    }

    func finish(_ id: Int) -> State {
        lock.lock(); defer { lock.unlock() }
        return states.removeValue(forKey: id)!
    }

    private func with(_ id: Int, _ body: (inout State) -> Void) {
        lock.lock(); defer { lock.unlock() }
        if var s = states[id] { body(&s); states[id] = s }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        with(dataTask.taskIdentifier) { $0.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        var keep = true
        with(dataTask.taskIdentifier) { keep = $0.sink.consume(data) }
        if !keep { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        // Blob redirects go to storage hosts (S3, CDNs): never send them the registry's token.
        var next = request
        if request.url?.host != task.originalRequest?.url?.host || request.url?.port != task.originalRequest?.url?.port {
            next.setValue(nil, forHTTPHeaderField: "Authorization")
        }
        completionHandler(next)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        var done: DispatchSemaphore?
        with(task.taskIdentifier) { state in
            // A cancel we asked for (sink refused more data) is reported by the sink, not as a network error.
            if let error, (error as? URLError)?.code != .cancelled { state.error = error }
            done = state.done
        }
        done?.signal()
    }
}
