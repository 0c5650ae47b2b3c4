import Foundation

/// `bulkhead db update`: download the selected feeds (conditionally), then import every changed
/// one into a new database file in one atomic update.
public struct FeedUpdate {
    public var feeds: [Feed]
    public var mirror: String?
    /// Where downloads are kept between runs (partial files resume from here).
    public var cacheDirectory: String
    public var progress: (@Sendable (String, Int64, Int64?) -> Void)?

    public init(feeds: [Feed] = Feed.all, mirror: String? = nil, cacheDirectory: String,
                progress: (@Sendable (String, Int64, Int64?) -> Void)? = nil) {
        self.feeds = feeds
        self.mirror = mirror
        self.cacheDirectory = cacheDirectory
        self.progress = progress
    }

    public struct Outcome: Sendable {
        public var downloaded: [String] = []
        public var unchanged: [String] = []
        public var failed: [String] = []
        public var imported = ImportSummary()
    }

    public func run(database path: String) throws(VulnDBError) -> Outcome {
        do {
            try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        } catch {
            throw VulnDBError(.cannotOpen, "\(cacheDirectory): \(error.localizedDescription)")
        }
        // One update at a time per cache directory: two would append to the same partial files.
        let lockFD = open(cacheDirectory + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard lockFD >= 0 else { throw VulnDBError(.cannotOpen, "\(cacheDirectory)/.lock: \(String(cString: strerror(errno)))") }
        defer { close(lockFD) }
        guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
            throw VulnDBError(.locked, "\(cacheDirectory): another `bulkhead db update` is running")
        }
        // Validators of the current database, read before any download.
        var validators: [String: (String?, String?)] = [:]
        if let db = try? VulnDatabase(path: path) {
            let s = try db.connection.prepare("SELECT name, etag, last_modified FROM sources")
            while try s.step() { if let n = s.string(0) { validators[n] = (s.string(1), s.string(2)) } }
        }
        var outcome = Outcome()
        var fetched: [(Feed, FeedDownloader.Result)] = []
        let downloader = FeedDownloader()
        for feed in feeds {
            let file = cacheDirectory + "/" + feed.name.replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: ":", with: "_").replacingOccurrences(of: " ", with: "_")
                + (feed.mirrorPath.hasSuffix(".zip") ? ".zip" : feed.mirrorPath.hasSuffix(".gz") ? ".csv.gz" : ".json")
            let known = validators["update:" + feed.name]
            let haveFile = FileManager.default.fileExists(atPath: file)
            do {
                let name = feed.name
                var callback: (@Sendable (Int64, Int64?) -> Void)?
                if let p = progress {
                    callback = { done, total in p(name, done, total) }
                }
                let etag: String? = haveFile ? known?.0 : nil
                let lastModified: String? = haveFile ? known?.1 : nil
                let r = try downloader.fetch(feed.url(mirror: mirror), to: file, etag: etag, lastModified: lastModified,
                                             progress: callback)
                if r.changed { outcome.downloaded.append(feed.name); fetched.append((feed, r)) } else { outcome.unchanged.append(feed.name) }
            } catch {
                outcome.failed.append("\(feed.name): \(error)")
            }
        }
        guard !fetched.isEmpty else { return outcome }
        let importer = FeedImporter()
        outcome.imported = try DatabaseUpdate.run(at: path) { writer throws(VulnDBError) in
            var total = ImportSummary()
            for (feed, r) in fetched {
                // A feed that cannot be imported is reported; the others still are. Its
                // validators are not stored, so the next update downloads it again.
                do {
                    total.merge(try importer.importFile(r.path, kind: feed.kind, into: writer))
                } catch {
                    total.problems.append("\(feed.name): \(error)")
                    continue
                }
                try writer.noteSource(name: "update:" + feed.name, kind: "download", location: feed.url(mirror: mirror),
                                      records: 0, etag: r.etag, lastModified: r.lastModified)
            }
            return total
        }
        return outcome
    }
}
