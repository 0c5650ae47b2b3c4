import BulkheadZip
import Foundation
import Yams

/// The feeds `bulkhead db import` understands, recognised by content (not by file name).
public enum FeedKind: String, Sendable, Hashable, CaseIterable {
    /// OSV records: one per JSON/YAML file, a JSON array of records, or an osv.dev `all.zip`.
    case osv
    /// Debian Security Tracker JSON (`/tracker/data/json`).
    case debianTracker = "debian-tracker"
    /// Alpine secdb (`secdb.alpinelinux.org/vX.Y/main.json`).
    case alpineSecDB = "alpine-secdb"
    /// CISA Known Exploited Vulnerabilities catalog JSON.
    case kev
    /// FIRST EPSS scores CSV (plain or gzipped).
    case epss
}

/// What an import did, for the summary line and for `db status`.
public struct ImportSummary: Sendable, Hashable {
    public var files = 0
    public var records = 0
    public var affected = 0
    /// Files or records that could not be read, each naming the file (and record) and why.
    public var problems: [String] = []
    public var kinds: Set<FeedKind> = []

    public init() {}

    mutating func merge(_ other: ImportSummary) {
        files += other.files
        records += other.records
        affected += other.affected
        problems += other.problems
        kinds.formUnion(other.kinds)
    }
}

/// Limits on import input (hostile archives and files are ordinary input).
public struct ImportLimits: Sendable, Hashable {
    /// Largest single file or archive entry read into memory.
    public var maxFileBytes = 1 << 30
    /// Total bytes inflated from one zip archive.
    public var maxZipInflated = 16 << 30

    public init() {}
}

/// Imports feed files into a database being written. Corrupt files and records are reported
/// in ``ImportSummary/problems`` and skipped; the rest is imported.
public struct FeedImporter {
    public var limits = ImportLimits()
    /// Called with the number of files done so far (for a progress line).
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(limits: ImportLimits = ImportLimits(), progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.limits = limits
        self.progress = progress
    }

    /// Imports every path (files, directories walked recursively, zip archives).
    public func importPaths(_ paths: [String], into writer: VulnDatabaseWriter) throws(VulnDBError) -> ImportSummary {
        var summary = ImportSummary()
        var osvFiles: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw VulnDBError(.badInput, "\(path): no such file or directory")
            }
            if isDir.boolValue {
                summary.merge(try importOSVFiles(Self.walk(path), into: writer, label: path))
            } else if path.hasSuffix(".zip") {
                summary.merge(try importZip(path, into: writer))
            } else {
                let bytes = try read(path)
                let kind = Self.sniff(bytes, name: path)
                if kind == .osv {
                    osvFiles.append(path)
                } else {
                    summary.merge(try importFeed(kind, bytes: bytes, name: path, into: writer))
                }
            }
        }
        if !osvFiles.isEmpty {
            summary.merge(try importOSVFiles(osvFiles, into: writer, label: nil))
        }
        return summary
    }

    /// Imports one file whose kind is known (what `db update` downloaded), without sniffing.
    public func importFile(_ path: String, kind: FeedKind, into writer: VulnDatabaseWriter) throws(VulnDBError) -> ImportSummary {
        if kind == .osv {
            return path.hasSuffix(".zip") ? try importZip(path, into: writer) : try importOSVFiles([path], into: writer, label: nil)
        }
        return try importFeed(kind, bytes: try read(path), name: path, into: writer)
    }

    /// Record-bearing files under a directory, sorted so imports are reproducible.
    static func walk(_ root: String) -> [String] {
        var out: [String] = []
        guard let e = FileManager.default.enumerator(atPath: root) else { return out }
        while let rel = e.nextObject() as? String {
            if rel.hasSuffix(".json") || rel.hasSuffix(".yaml") || rel.hasSuffix(".yml") {
                out.append(root + "/" + rel)
            }
        }
        return out.sorted()
    }

    func read(_ path: String) throws(VulnDBError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw VulnDBError(.badInput, "\(path): cannot open")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limits.maxFileBytes + 1) ?? Data() } catch {
            throw VulnDBError(.badInput, "\(path): \(error.localizedDescription)")
        }
        guard data.count <= limits.maxFileBytes else {
            throw VulnDBError(.badInput, "\(path): larger than the import limit of \(limits.maxFileBytes) bytes")
        }
        return [UInt8](data)
    }

    /// Which feed a file holds, from its first bytes and top-level keys.
    static func sniff(_ bytes: [UInt8], name: String) -> FeedKind {
        if name.hasSuffix(".csv") || name.hasSuffix(".csv.gz") || bytes.starts(with: [0x1f, 0x8b]) { return .epss }
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        if head.hasPrefix("#model_version") || head.hasPrefix("cve,epss") { return .epss }
        let trimmed = head.drop { $0.isWhitespace }
        if trimmed.first == "{" {
            if head.contains("\"catalogVersion\"") || (head.contains("\"cveID\"") && head.contains("\"vulnerabilities\"")) { return .kev }
            if head.contains("\"distroversion\"") || head.contains("\"secfixes\"") { return .alpineSecDB }
            if head.contains("\"releases\"") && !head.contains("\"affected\"") && !head.contains("\"schema_version\"") {
                return .debianTracker
            }
        }
        return .osv
    }

    func importFeed(_ kind: FeedKind, bytes: [UInt8], name: String, into writer: VulnDatabaseWriter) throws(VulnDBError) -> ImportSummary {
        var summary: ImportSummary
        switch kind {
        case .osv: return try importOSVFiles([name], into: writer, label: nil)
        case .debianTracker: summary = try DebianTrackerImport.run(bytes, name: name, into: writer)
        case .alpineSecDB: summary = try AlpineSecDBImport.run(bytes, name: name, into: writer)
        case .kev: summary = try KEVImport.run(bytes, name: name, into: writer)
        case .epss: summary = try EPSSImport.run(bytes, name: name, into: writer, limit: limits.maxFileBytes)
        }
        summary.files = 1
        summary.kinds.insert(kind)
        try writer.noteSource(name: kind.rawValue + ":" + URL(fileURLWithPath: name).lastPathComponent,
                              kind: kind.rawValue, location: name, records: summary.records)
        return summary
    }

    // MARK: OSV

    /// One decoded file: its records, or why it could not be read.
    private enum Decoded: Sendable {
        case records([OSVRecordDTO])
        case failed(String)
    }

    static func decodeOSV(_ bytes: [UInt8], name: String) -> [OSVRecordDTO]? {
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            return (try? YAMLDecoder().decode(OSVRecordDTO.self, from: Data(bytes))).map { [$0] }
        }
        let data = Data(bytes)
        let first = bytes.first { !($0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09) }
        if first == UInt8(ascii: "[") { return try? JSONDecoder().decode([OSVRecordDTO].self, from: data) }
        return (try? JSONDecoder().decode(OSVRecordDTO.self, from: data)).map { [$0] }
    }

    private static func describeFailure(_ bytes: [UInt8], name: String) -> String {
        do {
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                _ = try YAMLDecoder().decode(OSVRecordDTO.self, from: Data(bytes))
            } else {
                _ = try JSONDecoder().decode(OSVRecordDTO.self, from: Data(bytes))
            }
            return "\(name): not an OSV record"
        } catch let DecodingError.keyNotFound(key, context) {
            return "\(name): not an OSV record: missing '\(key.stringValue)'\(Self.path(context))"
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            return "\(name): not an OSV record: wrong type at '\(Self.path(context))'"
        } catch {
            return "\(name): not valid \(name.hasSuffix(".json") ? "JSON" : "YAML"): \(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// Decodes files on every core, writes in file order.
    func importOSVFiles(_ files: [String], into writer: VulnDatabaseWriter, label: String?) throws(VulnDBError) -> ImportSummary {
        var summary = ImportSummary()
        summary.kinds.insert(.osv)
        let batch = 256
        var start = 0
        while start < files.count {
            let slice = Array(files[start..<min(start + batch, files.count)])
            let results = UnsafeResults<Decoded>(count: slice.count)
            let maxBytes = limits.maxFileBytes
            DispatchQueue.concurrentPerform(iterations: slice.count) { i in
                let name = slice[i]
                // Read at most the limit (plus one byte to tell "too large"), never the whole file.
                guard let handle = FileHandle(forReadingAtPath: name),
                      let data = try? handle.read(upToCount: maxBytes + 1) ?? Data() else {
                    results.set(i, .failed("\(name): cannot read"))
                    return
                }
                try? handle.close()
                guard data.count <= maxBytes else {
                    results.set(i, .failed("\(name): larger than the import limit"))
                    return
                }
                let bytes = [UInt8](data)
                if let records = Self.decodeOSV(bytes, name: name) {
                    results.set(i, .records(records))
                } else {
                    results.set(i, .failed(Self.describeFailure(bytes, name: name)))
                }
            }
            for i in 0..<slice.count {
                summary.files += 1
                switch results.get(i) {
                case .records(let records)?:
                    for r in records { try store(r, into: writer, summary: &summary) }
                case .failed(let why)?:
                    summary.problems.append(why)
                case nil:
                    summary.problems.append("\(slice[i]): could not be decoded")
                }
            }
            start += slice.count
            progress?(start, files.count)
        }
        let location = label ?? (files.count == 1 ? files[0] : URL(fileURLWithPath: files[0]).deletingLastPathComponent().path)
        try writer.noteSource(name: "osv:" + URL(fileURLWithPath: location).lastPathComponent, kind: FeedKind.osv.rawValue,
                              location: location, records: summary.records)
        return summary
    }

    func store(_ dto: OSVRecordDTO, into writer: VulnDatabaseWriter, summary: inout ImportSummary) throws(VulnDBError) {
        let (record, rows) = dto.stored(source: "osv")
        try writer.put(record, affected: rows)
        summary.records += 1
        summary.affected += rows.count
    }

    /// An osv.dev `all.zip` (or any zip of OSV JSON files).
    func importZip(_ path: String, into writer: VulnDatabaseWriter) throws(VulnDBError) -> ImportSummary {
        let bytes = try read(path)
        var zipLimits = ZipLimits.default
        zipLimits.maxEntrySize = limits.maxFileBytes
        zipLimits.maxTotalInflated = limits.maxZipInflated
        zipLimits.maxEntries = 5_000_000
        let archive: ZipArchive
        do { archive = try ZipArchive(bytes, limits: zipLimits) } catch {
            throw VulnDBError(.badInput, "\(path): not a readable zip archive: \(error)")
        }
        var summary = ImportSummary()
        summary.kinds.insert(.osv)
        var budget = ZipBudget(zipLimits.maxTotalInflated)
        let entries = archive.entries.filter { !$0.isDirectory && ($0.name.hasSuffix(".json") || $0.name.hasSuffix(".yaml")) }
        for (n, entry) in entries.enumerated() {
            summary.files += 1
            let content: [UInt8]
            do { content = try archive.contents(of: entry, limit: limits.maxFileBytes, budget: &budget) } catch {
                if error.kind == .limitExceeded { throw VulnDBError(.badInput, "\(path): \(error)") }
                summary.problems.append("\(path):\(entry.name): \(error)")
                continue
            }
            if let records = Self.decodeOSV(content, name: entry.name) {
                for r in records { try store(r, into: writer, summary: &summary) }
            } else {
                summary.problems.append(Self.describeFailure(content, name: "\(path):\(entry.name)"))
            }
            if n % 1000 == 999 { progress?(n + 1, entries.count) }
        }
        progress?(entries.count, entries.count)
        try writer.noteSource(name: "osv:" + URL(fileURLWithPath: path).lastPathComponent, kind: FeedKind.osv.rawValue,
                              location: path, records: summary.records)
        return summary
    }
}

/// Slots written by concurrent workers, each index by exactly one worker.
final class UnsafeResults<T: Sendable>: @unchecked Sendable {
    private var items: [T?]
    private let lock = NSLock()

    init(count: Int) { items = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock()
        items[i] = value
        lock.unlock()
    }

    func get(_ i: Int) -> T? {
        lock.lock()
        defer { lock.unlock() }
        return items[i]
    }
}
