import BulkheadCore
import Foundation

@testable import BulkheadCatalog

/// The oracle for rpm fixtures: rpm's own `-qa` output, saved next to each fixture as
/// `expected.txt` by `Fixtures/rpm/make-fixtures.sh`, and re-run live when `rpm` is installed.
enum RpmOracle {
    /// The query format of `expected.txt` (tab-separated; `(none)` for an absent tag).
    static let queryFormat = "%{NAME}\\t%{EPOCH}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{LICENSE}\\t%{SIZE}\\t%{VENDOR}\\n"

    /// `rpm` on PATH, if any.
    static var rpmPath: String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return dirs.map { "\($0)/rpm" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Lines of a fixture's `expected.txt`, without `gpg-pubkey` (which catalogers skip).
    static func expected(_ scenario: String) throws -> [String] {
        let url = Fixtures.root.appendingPathComponent(scenario).appendingPathComponent("expected.txt")
        return packageLines(try String(contentsOf: url, encoding: .utf8))
    }

    static func packageLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("gpg-pubkey\t") }.sorted()
    }

    /// Our entries rendered as rpm renders them with ``queryFormat``.
    static func lines(_ entries: [RpmEntry]) -> [String] {
        entries.map { entry in
            [entry.name, entry.epoch.map(String.init) ?? "(none)", entry.version + "-" + entry.release,
             entry.architecture ?? "(none)", entry.sourceRPM ?? "(none)", entry.license ?? "(none)",
             entry.size.map(String.init) ?? "(none)", entry.vendor ?? "(none)"].joined(separator: "\t")
        }.sorted()
    }

    /// Runs `rpm -qa` on a copy of `database` (rpm leaves lock and WAL files next to it) with the
    /// given backend (`sqlite`, `bdb_ro`); `nil` when rpm is not installed.
    static func live(database: URL, fileName: String, backend: String) throws -> [String]? {
        guard let rpmPath else { return nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-rpmdb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: database, to: dir.appendingPathComponent(fileName))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: rpmPath)
        process.arguments = ["--define", "_db_backend \(backend)", "--dbpath", dir.path, "-qa", "--qf",
                             queryFormat.replacingOccurrences(of: "\\t", with: "\t").replacingOccurrences(of: "\\n", with: "\n")]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return packageLines(String(decoding: data, as: UTF8.self))
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Fixtures.root.appendingPathComponent(relative)))
    }
}

/// Writes an rpm NDB `Packages.db` the way rpm's `rpmpkg.c` lays it out (one slot page,
/// blobs appended after it), from real header blobs. Debian's rpm is built without NDB, so this
/// is how the NDB reader is tested on real package headers.
enum RpmNDBWriter {
    static func write(_ records: [RpmDatabaseRecord]) -> [UInt8] {
        precondition(records.count <= 254, "one slot page holds 254 packages")
        var file = [UInt8](repeating: 0, count: 4096)
        func put(_ value: UInt32, at offset: Int, in buffer: inout [UInt8]) {
            for i in 0..<4 { buffer[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        }
        put(ParseRpmNDB.headerMagic, at: 0, in: &file)
        put(0, at: 4, in: &file)  // version
        put(7, at: 8, in: &file)  // generation
        put(1, at: 12, in: &file)  // slot pages
        put(UInt32((records.map(\.index).max() ?? 0) + 1), at: 16, in: &file)
        for slot in 2..<256 { put(ParseRpmNDB.slotMagic, at: slot * 16, in: &file) }
        for (n, record) in records.enumerated() {
            let blockOffset = file.count / 16
            let blockCount = (16 + record.blob.count + 12 + 15) / 16
            var blob = [UInt8](repeating: 0, count: blockCount * 16)
            put(ParseRpmNDB.blobHeadMagic, at: 0, in: &blob)
            put(UInt32(record.index), at: 4, in: &blob)
            put(1_700_000_000, at: 8, in: &blob)  // timestamp
            put(UInt32(record.blob.count), at: 12, in: &blob)
            blob.replaceSubrange(16..<(16 + record.blob.count), with: record.blob)
            let tail = blob.count - 12
            put(ParseRpmNDB.adler32(blob[0..<tail]), at: tail, in: &blob)
            put(UInt32(record.blob.count), at: tail + 4, in: &blob)
            put(ParseRpmNDB.blobTailMagic, at: tail + 8, in: &blob)
            // Slots in reverse order, as a database that grew and shrank might have them.
            let slot = 255 - n
            put(UInt32(record.index), at: slot * 16 + 4, in: &file)
            put(UInt32(blockOffset), at: slot * 16 + 8, in: &file)
            put(UInt32(blockCount), at: slot * 16 + 12, in: &file)
            file += blob
        }
        return file
    }
}

/// Builds small rpm header blobs for cases real packages do not show (legacy file lists,
/// broken regions, dribble entries).
struct RpmHeaderBuilder {
    enum Value {
        case string(String)
        case strings([String])
        case int32([UInt32])
    }

    var entries: [(tag: Int32, value: Value)] = []
    /// Adds an immutable region (tag 63) covering all entries, as rpm writes installed headers.
    var region = true

    func build() -> [UInt8] {
        var index: [UInt8] = []
        var data: [UInt8] = []
        func be(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32($0))) } }
        func entry(_ tag: Int32, _ type: UInt32, _ offset: Int, _ count: Int) -> [UInt8] {
            be(UInt32(bitPattern: tag)) + be(type) + be(UInt32(bitPattern: Int32(offset))) + be(UInt32(count))
        }
        for (tag, value) in entries {
            switch value {
            case .string(let s):
                index += entry(tag, 6, data.count, 1)
                data += Array(s.utf8) + [0]
            case .strings(let list):
                index += entry(tag, 8, data.count, list.count)
                for s in list { data += Array(s.utf8) + [0] }
            case .int32(let values):
                while data.count % 4 != 0 { data.append(0) }
                index += entry(tag, 4, data.count, values.count)
                for v in values { data += be(v) }
            }
        }
        var count = entries.count
        if region {
            count += 1
            let trailerOffset = data.count
            data += entry(63, 7, -(count * 16), 16)
            index = entry(63, 7, trailerOffset, 16) + index
        }
        return be(UInt32(count)) + be(UInt32(data.count)) + index + data
    }
}

/// A tiny deterministic generator, so fuzz failures reproduce.
struct RpmFuzzRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
