import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One feed `bulkhead db update` knows how to fetch.
public struct Feed: Sendable, Hashable {
    /// Stable name, also the key of its validators in the database (`osv:PyPI`, `kev`).
    public var name: String
    public var url: String
    /// The path under a mirror base that serves the same file.
    public var mirrorPath: String
    public var kind: FeedKind

    public init(name: String, url: String, mirrorPath: String, kind: FeedKind) {
        self.name = name
        self.url = url
        self.mirrorPath = mirrorPath
        self.kind = kind
    }

    static let osvEcosystems = ["PyPI", "npm", "Go", "Maven", "crates.io", "RubyGems", "Packagist", "NuGet",
                                "Debian", "Ubuntu", "Alpine", "Red Hat", "Rocky Linux", "AlmaLinux"]

    /// The public feeds, by default all of them.
    public static let all: [Feed] = osvEcosystems.map { eco in
        let escaped = eco.replacingOccurrences(of: " ", with: "%20")
        return Feed(name: "osv:\(eco)", url: "https://osv-vulnerabilities.storage.googleapis.com/\(escaped)/all.zip",
                    mirrorPath: "osv/\(escaped)/all.zip", kind: .osv)
    } + [
        Feed(name: "debian-tracker", url: "https://security-tracker.debian.org/tracker/data/json",
             mirrorPath: "debian/tracker.json", kind: .debianTracker),
        Feed(name: "kev", url: "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
             mirrorPath: "kev/known_exploited_vulnerabilities.json", kind: .kev),
        Feed(name: "epss", url: "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
             mirrorPath: "epss/epss_scores-current.csv.gz", kind: .epss),
    ]

    public func url(mirror: String?) -> String {
        guard let mirror else { return url }
        return mirror.hasSuffix("/") ? mirror + mirrorPath : mirror + "/" + mirrorPath
    }
}

/// Downloads one feed to a file with conditional requests (ETag / Last-Modified), resumption
/// of a partial download (`Range`), retries with backoff, a size check against
/// `Content-Length`, and a progress callback.
public final class FeedDownloader: @unchecked Sendable {
    public struct Result: Sendable {
        /// false when the server said 304 Not Modified.
        public var changed: Bool
        public var path: String
        public var etag: String?
        public var lastModified: String?
        public var bytes: Int64
    }

    public var retries = 3
    public var timeout: TimeInterval = 120
    public var maxBytes: Int64 = 4 << 30

    public init() {}

    /// Fetches `url` into `destination`, resuming from `destination.part` when it exists.
    public func fetch(_ url: String, to destination: String, etag: String?, lastModified: String?,
                      progress: (@Sendable (Int64, Int64?) -> Void)? = nil) throws(VulnDBError) -> Result {
        guard let target = URL(string: url), target.scheme == "http" || target.scheme == "https" else {
            throw VulnDBError(.download, "\(url): not an http(s) URL")
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try once(target, to: destination, etag: etag, lastModified: lastModified, progress: progress)
            } catch let error where error.code == .download && attempt <= retries && error.message.contains("(retryable)") {
                Thread.sleep(forTimeInterval: min(8, 0.25 * pow(2, Double(attempt - 1))))
            }
        }
    }

    private func once(_ url: URL, to destination: String, etag: String?, lastModified: String?,
                      progress: (@Sendable (Int64, Int64?) -> Void)?) throws(VulnDBError) -> Result {
        let part = destination + ".part"
        let validatorFile = part + ".validator"
        var existing = (try? FileManager.default.attributesOfItem(atPath: part)[.size] as? Int64) ?? 0
        // A partial file is resumed only when we know which version of the feed it holds.
        let partValidator = (try? String(contentsOfFile: validatorFile, encoding: .utf8)).flatMap { $0.isEmpty ? nil : $0 }
        if existing > 0 && partValidator == nil {
            unlink(part)
            existing = 0
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("bulkhead", forHTTPHeaderField: "User-Agent")
        if existing > 0, let partValidator {
            request.setValue("bytes=\(existing)-", forHTTPHeaderField: "Range")
            // If the feed changed since, the server sends it whole (200) instead of a mixed file.
            request.setValue(partValidator, forHTTPHeaderField: "If-Range")
        } else {
            if let etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
            if let lastModified { request.setValue(lastModified, forHTTPHeaderField: "If-Modified-Since") }
        }
        let task = DownloadTask(partPath: part, validatorPath: validatorFile, resumeFrom: existing, maxBytes: maxBytes,
                                progress: progress)
        let outcome = task.run(request)
        switch outcome {
        case .failure(let error): throw error
        case .success(let response):
            let status = response.statusCode
            if status == 304 {
                return Result(changed: false, path: destination, etag: etag, lastModified: lastModified, bytes: 0)
            }
            if status == 416 { // the partial file is already complete or stale: start over
                unlink(part)
                throw VulnDBError(.download, "\(url): range not satisfiable (retryable)")
            }
            guard status == 200 || status == 206 else {
                unlink(part)
                unlink(validatorFile)
                let retryable = status == 408 || status == 429 || status >= 500
                throw VulnDBError(.download, "\(url): HTTP \(status)\(retryable ? " (retryable)" : "")")
            }
            if status == 206 {
                // The range must start where our partial file ends.
                let start = response.value(forHTTPHeaderField: "Content-Range")
                    .flatMap { $0.split(separator: " ").last?.split(separator: "-").first }.flatMap { Int64($0) }
                guard start == existing else {
                    unlink(part)
                    unlink(validatorFile)
                    throw VulnDBError(.download, "\(url): the server resumed at an unexpected offset (retryable)")
                }
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: part)[.size] as? Int64) ?? 0
            if let expected = task.expectedTotal, size != expected {
                throw VulnDBError(.download, "\(url): got \(size) of \(expected) bytes (retryable)")
            }
            unlink(destination)
            unlink(validatorFile)
            guard rename(part, destination) == 0 else {
                throw VulnDBError(.download, "\(destination): \(String(cString: strerror(errno)))")
            }
            return Result(changed: true, path: destination,
                          etag: response.value(forHTTPHeaderField: "ETag"),
                          lastModified: response.value(forHTTPHeaderField: "Last-Modified"), bytes: size)
        }
    }
}

/// One streaming HTTP request written to a `.part` file as it arrives.
private final class DownloadTask: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let partPath: String
    let validatorPath: String
    let resumeFrom: Int64
    let maxBytes: Int64
    let progress: (@Sendable (Int64, Int64?) -> Void)?
    private var handle: FileHandle?
    private var received: Int64 = 0
    private(set) var expectedTotal: Int64?
    private var response: HTTPURLResponse?
    private var failure: VulnDBError?
    private let done = DispatchSemaphore(value: 0)

    init(partPath: String, validatorPath: String, resumeFrom: Int64, maxBytes: Int64,
         progress: (@Sendable (Int64, Int64?) -> Void)?) {
        self.partPath = partPath
        self.validatorPath = validatorPath
        self.resumeFrom = resumeFrom
        self.maxBytes = maxBytes
        self.progress = progress
    }

    func run(_ request: URLRequest) -> Swift.Result<HTTPURLResponse, VulnDBError> {
        let session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        session.dataTask(with: request).resume()
        done.wait()
        session.finishTasksAndInvalidate()
        try? handle?.close()
        if let failure { return .failure(failure) }
        guard let response else { return .failure(VulnDBError(.download, "\(request.url?.absoluteString ?? "?"): no response (retryable)")) }
        return .success(response)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        guard let http = response as? HTTPURLResponse else { completionHandler(.cancel); return }
        self.response = http
        if http.statusCode == 200 || http.statusCode == 206 {
            let append = http.statusCode == 206
            // 200 starts the file over; 206 appends to what an earlier attempt left.
            let fd = open(partPath, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o644)
            if fd >= 0 {
                handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            } else {
                failure = VulnDBError(.download, "\(partPath): cannot write: \(String(cString: strerror(errno)))")
                completionHandler(.cancel)
                return
            }
            if append {
                received = resumeFrom
            } else {
                // Remember which version of the feed this partial file is, for If-Range later.
                let validator = http.value(forHTTPHeaderField: "ETag") ?? http.value(forHTTPHeaderField: "Last-Modified") ?? ""
                try? validator.write(toFile: validatorPath, atomically: true, encoding: .utf8)
            }
            let length = http.expectedContentLength
            expectedTotal = length >= 0 ? length + (append ? resumeFrom : 0) : nil
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let handle else { return }
        received += Int64(data.count)
        if received > maxBytes {
            failure = VulnDBError(.download, "\(dataTask.originalRequest?.url?.absoluteString ?? "?"): larger than \(maxBytes) bytes")
            dataTask.cancel()
            return
        }
        do { try handle.write(contentsOf: data) } catch {
            failure = VulnDBError(.download, "\(partPath): \(error.localizedDescription)")
            dataTask.cancel()
            return
        }
        progress?(received, expectedTotal)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error, failure == nil {
            failure = VulnDBError(.download, "\(task.originalRequest?.url?.absoluteString ?? "?"): \(error.localizedDescription) (retryable)")
        }
        done.signal()
    }
}
