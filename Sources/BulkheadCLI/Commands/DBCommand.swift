import ArgumentParser
import BulkheadVulnDB
import Foundation

/// `--db PATH`: shared by `db` subcommands and scans.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Vulnerability database file (default $BULKHEAD_DB, else ~/.cache/bulkhead/vuln.db).", valueName: "path"))
    var db: String?

    var path: String { db ?? VulnDatabase.defaultPath }
}

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the local vulnerability database (SQLite; works offline).",
        discussion: """
            The database holds OSV advisories (PyPI, npm, Go, Maven, crates.io, RubyGems, Packagist, \
            NuGet, Debian, Ubuntu, Alpine, Red Hat …), the Debian Security Tracker (unfixed and \
            won't-fix status per release), Alpine secdb, CISA KEV and FIRST EPSS. Every update \
            writes a new file and renames it into place: a scan never sees a half-written \
            database, and an interrupted update leaves the old one usable.

            EXAMPLES
              bulkhead db update                               download every feed (needs network)
              bulkhead db update --mirror http://mirror.lan/feeds   air-gapped mirror
              bulkhead db import ./advisories/ PyPI-all.zip    OSV files, directories, osv.dev zips
              bulkhead db import debian.json main.json kev.json epss.csv.gz
              bulkhead db status                               sources, counts, age
            """,
        subcommands: [DBImportCommand.self, DBUpdateCommand.self, DBStatusCommand.self])
}

struct DBImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import feed files into the database (offline).",
        discussion: """
            Each PATH is an OSV record (JSON or YAML), a JSON array of records, a directory of them \
            (walked recursively), an osv.dev `all.zip`, a Debian Security Tracker JSON, an Alpine \
            secdb JSON, the CISA KEV catalog JSON or a FIRST EPSS CSV (plain or .gz). The kind is \
            recognised from the content. Unreadable records are listed and skipped; the rest is \
            imported. Exit 3 when nothing could be imported.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Feed files, directories or zip archives.", valueName: "path"))
    var paths: [String]

    func run() throws {
        let progress = TerminalProgress(label: "importing")
        var callback: (@Sendable (Int, Int) -> Void)?
        if let p = progress { callback = { done, total in p.update(done, total) } }
        let importer = FeedImporter(progress: callback)
        let started = Date()
        do {
            let summary = try DatabaseUpdate.run(at: database.path) { writer throws(VulnDBError) in
                try importer.importPaths(paths, into: writer)
            }
            progress?.finish()
            for p in summary.problems.prefix(50) { FileHandle.standardError.write(Data("bulkhead: warning: \(p)\n".utf8)) }
            if summary.problems.count > 50 {
                FileHandle.standardError.write(Data("bulkhead: warning: … and \(summary.problems.count - 50) more\n".utf8))
            }
            let seconds = Date().timeIntervalSince(started)
            let rate = seconds > 0 ? Int(Double(summary.records) / seconds) : summary.records
            print("imported \(summary.records) records (\(summary.affected) package entries) from \(summary.files) files in \(String(format: "%.1f", seconds)) s (\(rate) records/s) into \(database.path)")
            if summary.records == 0 && !summary.problems.isEmpty { throw BulkheadExit.operational }
        } catch let error as VulnDBError {
            progress?.finish()
            FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
            throw BulkheadExit.operational
        }
    }
}

struct DBStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the database's sources, record counts and age.",
        discussion: "Warns (and exits 1 with --fail-if-stale) when the database is older than --max-age.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Age after which the database counts as stale, e.g. 24h, 3d.", valueName: "age"))
    var maxAge: String = "7d"

    @Flag(name: .long, help: "Exit 1 when the database is stale.")
    var failIfStale = false

    func run() throws {
        guard let limit = AgeParser.seconds(maxAge) else {
            throw ValidationError("--max-age '\(maxAge)' is not a duration like 12h or 7d")
        }
        let status: VulnDatabase.Status
        do { status = try VulnDatabase(path: database.path).status() } catch {
            FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
            throw BulkheadExit.operational
        }
        print("database   \(status.path) (\(status.fileSize / 1024) KiB, schema \(status.schemaVersion))")
        var stale = false
        if let built = status.builtAt {
            let age = Date().timeIntervalSince(built)
            stale = age > limit
            print("built      \(VulnDatabaseWriter.timestamp(built)) (\(AgeParser.describe(age)) ago)")
        }
        print("contents   \(status.vulnerabilities) vulnerabilities, \(status.records) records, \(status.affected) package entries, \(status.kev) KEV, \(status.epss) EPSS scores")
        print("sources")
        // Columns as wide as the longest name (padding(toLength:) also cuts longer ones).
        let width = max(20, status.sources.map(\.name.count).max() ?? 0)
        for s in status.sources {
            print("  \(s.name.padding(toLength: width, withPad: " ", startingAt: 0)) \(String(s.records).padding(toLength: 8, withPad: " ", startingAt: 0)) \(s.importedAt)  \(s.location ?? "")")
        }
        if stale {
            FileHandle.standardError.write(Data("bulkhead: warning: the database is older than \(maxAge): run `bulkhead db update`\n".utf8))
            if failIfStale { throw BulkheadExit.findings }
        }
    }
}

/// Durations written as `90m`, `12h`, `7d` (or plain seconds).
enum AgeParser {
    static func seconds(_ text: String) -> TimeInterval? {
        guard let unit = text.last else { return nil }
        if unit.isNumber { return Double(text).flatMap { $0 >= 0 ? $0 : nil } }
        guard let number = Double(text.dropLast()), number >= 0 else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86_400
        default: return nil
        }
    }

    static func describe(_ seconds: TimeInterval) -> String {
        if seconds < 120 { return "\(Int(seconds)) s" }
        if seconds < 7200 { return "\(Int(seconds / 60)) min" }
        if seconds < 172_800 { return "\(Int(seconds / 3600)) h" }
        return "\(Int(seconds / 86_400)) days"
    }
}

/// A one-line progress display on a TTY (stderr); nil when stderr is not a terminal.
final class TerminalProgress: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var last = Date.distantPast

    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
    }

    func update(_ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 || done == total else { return }
        last = now
        let pct = total > 0 ? done * 100 / total : 0
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label) \(done)/\(total) (\(pct)%)".utf8))
    }

    func updateBytes(_ done: Int64, _ total: Int64?) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 else { return }
        last = now
        let mib = Double(done) / 1_048_576
        let text = total.map { String(format: "%.1f/%.1f MiB", mib, Double($0) / 1_048_576) } ?? String(format: "%.1f MiB", mib)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label) \(text)".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

struct DBUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Download the public feeds and rebuild the database atomically.",
        discussion: """
            Feeds: OSV per-ecosystem exports (osv:PyPI, osv:npm, osv:Go, osv:Maven, osv:crates.io, \
            osv:RubyGems, osv:Packagist, osv:NuGet, osv:Debian, osv:Ubuntu, osv:Alpine, osv:Red Hat, \
            osv:Rocky Linux, osv:AlmaLinux), debian-tracker, kev, epss. Downloads are conditional \
            (ETag / If-Modified-Since), resume where an interrupted one stopped, are checked against \
            Content-Length, and are retried with backoff; a feed that fails is reported and the others \
            are still imported. --mirror BASE fetches BASE/osv/<Ecosystem>/all.zip, BASE/debian/tracker.json, \
            BASE/kev/known_exploited_vulnerabilities.json and BASE/epss/epss_scores-current.csv.gz instead.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Fetch feeds from this base URL instead of their public homes.", valueName: "url"))
    var mirror: String?

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Only these feeds (names as listed above).", valueName: "feed"))
    var feeds: [String] = []

    func run() throws {
        let selected = feeds.isEmpty ? Feed.all : Feed.all.filter { feeds.contains($0.name) }
        let unknown = feeds.filter { name in !Feed.all.contains { $0.name == name } }
        guard unknown.isEmpty else {
            throw ValidationError("unknown feed \(unknown.joined(separator: ", ")); known: \(Feed.all.map(\.name).joined(separator: ", "))")
        }
        let progress = TerminalProgress(label: "downloading")
        let cache = URL(fileURLWithPath: database.path).deletingLastPathComponent().appendingPathComponent("feeds").path
        var callback: (@Sendable (String, Int64, Int64?) -> Void)?
        if let p = progress { callback = { _, done, total in p.updateBytes(done, total) } }
        let update = FeedUpdate(feeds: selected, mirror: mirror, cacheDirectory: cache, progress: callback)
        do {
            let outcome = try update.run(database: database.path)
            progress?.finish()
            for f in outcome.failed { FileHandle.standardError.write(Data("bulkhead: warning: \(f)\n".utf8)) }
            for p in outcome.imported.problems.prefix(50) {
                FileHandle.standardError.write(Data("bulkhead: warning: \(p)\n".utf8))
            }
            print("downloaded \(outcome.downloaded.count), unchanged \(outcome.unchanged.count), failed \(outcome.failed.count); imported \(outcome.imported.records) records")
            if outcome.downloaded.isEmpty && outcome.unchanged.isEmpty { throw BulkheadExit.operational }
        } catch let error as VulnDBError {
            progress?.finish()
            FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
            throw BulkheadExit.operational
        }
    }
}
