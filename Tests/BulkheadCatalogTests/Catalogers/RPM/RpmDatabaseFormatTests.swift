import BulkheadCore
import BulkheadImage
import Foundation
import Testing

@testable import BulkheadCatalog

/// The three database formats on real headers, and what each does with damaged files.
@Suite("rpm database formats")
struct RpmDatabaseFormatTests {
    static let sqlitePath = "rpm/sqlite/var/lib/rpm/rpmdb.sqlite"
    static let manyPath = "rpm/sqlite-many/usr/lib/sysimage/rpm/rpmdb.sqlite"
    static let bdbPath = "rpm/bdb/var/lib/rpm/Packages"

    func names(_ entries: [RpmEntry]) -> [String] { entries.map(\.name).sorted() }

    func sqliteEntries() throws -> [RpmEntry] {
        ParseRpmDatabase.parse(try RpmOracle.bytes(Self.sqlitePath), path: "rpmdb.sqlite").entries
    }

    // MARK: - Berkeley DB

    @Test("Berkeley DB Packages (little-endian, big-endian, 16 KiB pages with inline values) equal rpm -qa",
          arguments: ["rpm/bdb", "rpm/bdb-bigendian", "rpm/bdb-pagesize16k"])
    func berkeleyOracle(scenario: String) throws {
        let database = scenario + "/var/lib/rpm/Packages"
        let parsed = ParseRpmDatabase.parse(try RpmOracle.bytes(database), path: "Packages")
        #expect(parsed.diagnostics.isEmpty)
        #expect(RpmOracle.lines(parsed.entries) == (try RpmOracle.expected(scenario)))
        // Same headers as the sqlite fixture, so the same entries, files included.
        #expect(parsed.entries == (try sqliteEntries()))
        if let live = try RpmOracle.live(database: Fixtures.root.appendingPathComponent(database),
                                         fileName: "Packages", backend: "bdb_ro") {
            #expect(RpmOracle.lines(parsed.entries) == live)
        }
    }

    @Test("the 16 KiB-page file keeps small headers inline (H_KEYDATA), the others off-page")
    func inlineValues() throws {
        #expect(ParseRpmDatabase.format(of: try RpmOracle.bytes("rpm/bdb-pagesize16k/var/lib/rpm/Packages")) == .berkeleyDB)
        #expect(ParseRpmBerkeleyDB.scan(try RpmOracle.bytes("rpm/bdb-pagesize16k/var/lib/rpm/Packages")).records.count == 4)
    }

    @Test("Berkeley DB cataloged on CentOS 7 gives centos purls")
    func berkeleyPurls() throws {
        let files = Fixtures.resolver("rpm/bdb")
        let result = try RpmCataloger().catalog(files, context: CatalogContext(release: LinuxRelease.detect(in: files).release))
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.purlsByName == [
            "bulkhead-hello":
                "pkg:rpm/centos/bulkhead-hello@1.0-1.el9?arch=x86_64&distro=centos-7&upstream=bulkhead-hello-1.0-1.el9.src.rpm",
            "bulkhead-hello-libs":
                "pkg:rpm/centos/bulkhead-hello-libs@1.0-1.el9?arch=x86_64&distro=centos-7&upstream=bulkhead-hello-1.0-1.el9.src.rpm",
            "bulkhead-epoch":
                "pkg:rpm/centos/bulkhead-epoch@3.4-5.el9?arch=noarch&distro=centos-7&epoch=2&upstream=bulkhead-epoch-3.4-5.el9.src.rpm",
        ])
        #expect(result.packages.first?.locations == [PackageLocation(path: "/var/lib/rpm/Packages")])
    }

    // MARK: - NDB

    /// A `Packages.db` written from the sqlite fixture's real header blobs.
    func ndbBytes() throws -> [UInt8] {
        RpmNDBWriter.write(ParseRpmSQLite.scan(try RpmOracle.bytes(Self.sqlitePath)).records)
    }

    @Test("NDB Packages.db built from real headers reads back to the same entries")
    func ndbRoundTrip() throws {
        let bytes = try ndbBytes()
        #expect(ParseRpmDatabase.format(of: bytes) == .ndb)
        let parsed = ParseRpmDatabase.parse(bytes, path: "Packages.db")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.entries == (try sqliteEntries()))
        #expect(RpmOracle.lines(parsed.entries) == (try RpmOracle.expected("rpm/sqlite")))
    }

    @Test("NDB at /usr/lib/sysimage/rpm/Packages.db on openSUSE gives opensuse purls")
    func ndbCatalog() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-ndb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let rpmDir = root.appendingPathComponent("usr/lib/sysimage/rpm")
        try FileManager.default.createDirectory(at: rpmDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("rpm/ndb/etc/os-release"),
                                         to: root.appendingPathComponent("etc/os-release"))
        try Data(try ndbBytes()).write(to: rpmDir.appendingPathComponent("Packages.db"))
        let files = DirectoryResolver(root: root.path)
        let result = try RpmCataloger().catalog(files, context: CatalogContext(release: LinuxRelease.detect(in: files).release))
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.purlsByName["bulkhead-epoch"]
            == "pkg:rpm/opensuse/bulkhead-epoch@3.4-5.el9?arch=noarch&distro=opensuse-leap-15.2&epoch=2&upstream=bulkhead-epoch-3.4-5.el9.src.rpm")
        #expect(result.packages.count == 3)
        #expect(result.packages.first?.locations == [PackageLocation(path: "/usr/lib/sysimage/rpm/Packages.db")])
    }

    // MARK: - Damaged SQLite

    /// Fills page `number` (1-based) with `byte`.
    func overwrite(page number: Int, pageSize: Int = 4096, with byte: UInt8, in bytes: inout [UInt8]) {
        let start = (number - 1) * pageSize
        bytes.replaceSubrange(start..<(start + pageSize), with: repeatElement(byte, count: pageSize))
    }

    func putBE32(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(i))) }
    }

    func putLE32(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    // Page numbers below come from `sqlite3 … "select * from dbstat"` on the fixtures: in
    // rpm/sqlite the Packages root is interior page 2 over leaves 53 (hnum 1, libs), 54 (hnum 2,
    // hello), 64 (hnum 3, epoch, overflow pages 55…63) and 72 (hnum 4, gpg-pubkey); in
    // rpm/sqlite-many, root page 2 has 20 leaves (53…72), two rows each.

    @Test("sqlite: an overflow chain that loops is a located diagnostic; the other packages stay")
    func sqliteOverflowLoop() throws {
        var bytes = try RpmOracle.bytes(Self.sqlitePath)
        putBE32(56, at: 56 * 4096, in: &bytes)  // page 57's next pointer → page 56
        let parsed = ParseRpmDatabase.parse(bytes, path: "rpmdb.sqlite")
        #expect(names(parsed.entries) == ["bulkhead-hello", "bulkhead-hello-libs"])
        #expect(parsed.diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(parsed.diagnostics.first?.location == SourceLocation(file: "rpmdb.sqlite", fieldPath: "page 64"))
        #expect(parsed.diagnostics.first?.message.contains("loops back to page 56") == true)
    }

    @Test("sqlite: a garbage leaf page loses only its rows")
    func sqliteGarbageLeaf() throws {
        var bytes = try RpmOracle.bytes(Self.sqlitePath)
        overwrite(page: 53, with: 0xA5, in: &bytes)
        let parsed = ParseRpmDatabase.parse(bytes, path: "rpmdb.sqlite")
        #expect(names(parsed.entries) == ["bulkhead-epoch", "bulkhead-hello"])
        #expect(parsed.diagnostics.map(\.location) == [SourceLocation(file: "rpmdb.sqlite", fieldPath: "page 53")])

        var many = try RpmOracle.bytes(Self.manyPath)
        overwrite(page: 60, with: 0x00, in: &many)
        let manyParsed = ParseRpmDatabase.parse(many, path: "rpmdb.sqlite")
        #expect(manyParsed.entries.count == 38)
        #expect(manyParsed.diagnostics.map(\.location) == [SourceLocation(file: "rpmdb.sqlite", fieldPath: "page 60")])
    }

    @Test("sqlite: a b-tree cycle is detected and the rest of the table read")
    func sqliteCycle() throws {
        var many = try RpmOracle.bytes(Self.manyPath)
        putBE32(2, at: 4096 + 8, in: &many)  // root's right-most child → the root itself
        let parsed = ParseRpmDatabase.parse(many, path: "rpmdb.sqlite")
        #expect(parsed.entries.count == 38)
        #expect(parsed.diagnostics.count == 1)
        #expect(parsed.diagnostics.first?.message.contains("cycle") == true)
    }

    @Test("sqlite: a truncated file keeps the rows on pages that are still there")
    func sqliteTruncated() throws {
        let bytes = try RpmOracle.bytes(Self.sqlitePath)
        let parsed = ParseRpmDatabase.parse(Array(bytes.prefix(60 * 4096 + 100)), path: "rpmdb.sqlite")
        #expect(names(parsed.entries) == ["bulkhead-hello", "bulkhead-hello-libs"])
        #expect(parsed.diagnostics.map(\.location?.fieldPath) == ["page 64", "page 72"])
        #expect(parsed.diagnostics.allSatisfy { $0.message.contains("beyond the end of the file") })

        let schemaOnly = ParseRpmDatabase.parse(Array(bytes.prefix(3 * 4096)), path: "rpmdb.sqlite")
        #expect(schemaOnly.entries.isEmpty)
        #expect(schemaOnly.diagnostics.last?.message == "no Packages table in sqlite_schema")

        let headerOnly = ParseRpmDatabase.parse(Array(bytes.prefix(50)), path: "rpmdb.sqlite")
        #expect(headerOnly.diagnostics.map(\.code) == ["unreadable-file"])
    }

    // MARK: - Damaged Berkeley DB

    // rpm/bdb/var/lib/rpm/Packages: 4 KiB pages; hash pages 1 (keys 0, 2, 4) and 2 (keys 1, 3);
    // key 1 on overflow page 3, key 2 on 4, key 3 on 5…14, key 4 on 15.

    @Test("bdb: an overflow chain that loops is a located diagnostic; the other packages stay")
    func berkeleyOverflowLoop() throws {
        var bytes = try RpmOracle.bytes(Self.bdbPath)
        putLE32(6, at: 7 * 4096 + 16, in: &bytes)  // page 7's next_pgno → page 6
        let parsed = ParseRpmDatabase.parse(bytes, path: "Packages")
        #expect(names(parsed.entries) == ["bulkhead-hello", "bulkhead-hello-libs"])
        #expect(parsed.diagnostics.map(\.location) == [SourceLocation(file: "Packages", fieldPath: "page 2, key 3")])
        #expect(parsed.diagnostics.first?.message.contains("loops back to page 6") == true)
    }

    @Test("bdb: a garbage hash page or overflow page loses only the records on it")
    func berkeleyGarbagePage() throws {
        var hashPage = try RpmOracle.bytes(Self.bdbPath)
        overwrite(page: 3, with: 0xA5, in: &hashPage)  // file page 2 (pages are 0-based in Berkeley DB)
        let parsed = ParseRpmDatabase.parse(hashPage, path: "Packages")
        #expect(names(parsed.entries) == ["bulkhead-hello"])
        #expect(parsed.diagnostics.map(\.location) == [SourceLocation(file: "Packages", fieldPath: "page 2")])

        var overflowPage = try RpmOracle.bytes(Self.bdbPath)
        overwrite(page: 4, with: 0x00, in: &overflowPage)  // Berkeley DB page 3: key 1's blob
        let overflowParsed = ParseRpmDatabase.parse(overflowPage, path: "Packages")
        #expect(names(overflowParsed.entries) == ["bulkhead-epoch", "bulkhead-hello"])
        #expect(overflowParsed.diagnostics.map(\.message) == ["page 3 is not a valid overflow page"])
    }

    @Test("bdb: a truncated file keeps the records whose pages are still there")
    func berkeleyTruncated() throws {
        let bytes = try RpmOracle.bytes(Self.bdbPath)
        let parsed = ParseRpmDatabase.parse(Array(bytes.prefix(10 * 4096)), path: "Packages")
        #expect(names(parsed.entries) == ["bulkhead-hello", "bulkhead-hello-libs"])
        #expect(parsed.diagnostics.map(\.location?.fieldPath) == ["page 0", "page 1, key 4", "page 2, key 3"])
        #expect(parsed.diagnostics.first?.message.contains("truncated") == true)
        #expect(ParseRpmDatabase.parse(Array(bytes.prefix(30)), path: "Packages").diagnostics.map(\.code) == ["unreadable-file"])
    }

    @Test("bdb: off-page items sharing one overflow chain stop the reading instead of multiplying it")
    func berkeleySharedChains() throws {
        var bytes = try RpmOracle.bytes(Self.bdbPath)
        let page = 4096
        let items = Int(bytes[page + 20]) | Int(bytes[page + 21]) << 8
        for i in stride(from: 1, to: items, by: 2) {
            let at = page + (Int(bytes[page + 26 + 2 * i]) | Int(bytes[page + 27 + 2 * i]) << 8)
            guard bytes[at] == ParseRpmBerkeleyDB.ItemType.offPage else { continue }
            putLE32(5, at: at + 4, in: &bytes)  // key 3's chain…
            putLE32(40688, at: at + 8, in: &bytes)  // …and its length
        }
        let parsed = ParseRpmDatabase.parse(bytes, path: "Packages")
        #expect(parsed.diagnostics.map(\.message) == ["values add up to more than the file (shared overflow pages); reading stopped"])
        #expect(names(parsed.entries) == ["bulkhead-epoch"])
    }

    // MARK: - Damaged NDB

    @Test("ndb: a checksum mismatch, a slot pointing outside the file and a truncated blob each lose one package")
    func ndbDamage() throws {
        let good = try ndbBytes()
        // Slots are written from 255 downwards: slot 255 → hnum 1 (libs), 254 → 2, 253 → 3, 252 → 4.
        var checksum = good
        checksum[4096 + 100] ^= 0xFF  // inside hnum 1's blob
        let badChecksum = ParseRpmDatabase.parse(checksum, path: "Packages.db")
        #expect(names(badChecksum.entries) == ["bulkhead-epoch", "bulkhead-hello"])
        #expect(badChecksum.diagnostics.map(\.location) == [SourceLocation(file: "Packages.db", fieldPath: "slot 255")])
        #expect(badChecksum.diagnostics.first?.message.contains("Adler-32") == true)

        var outside = good
        putLE32(0x00FF_FFFF, at: 254 * 16 + 8, in: &outside)
        let badSlot = ParseRpmDatabase.parse(outside, path: "Packages.db")
        #expect(names(badSlot.entries) == ["bulkhead-epoch", "bulkhead-hello-libs"])
        #expect(badSlot.diagnostics.map(\.location?.fieldPath) == ["slot 254"])

        let truncated = ParseRpmDatabase.parse(Array(good.dropLast(100)), path: "Packages.db")
        #expect(names(truncated.entries) == ["bulkhead-epoch", "bulkhead-hello", "bulkhead-hello-libs"])  // gpg-pubkey was last
        #expect(truncated.diagnostics.map(\.location?.fieldPath) == ["slot 252"])

        var shared = good
        for i in 0..<4 { shared[255 * 16 + 8 + i] = good[253 * 16 + 8 + i] }  // slot 255 → hnum 3's blocks
        for i in 0..<4 { shared[255 * 16 + 12 + i] = good[253 * 16 + 12 + i] }
        let sharedParsed = ParseRpmDatabase.parse(shared, path: "Packages.db")
        #expect(sharedParsed.diagnostics.map(\.location?.fieldPath) == ["slot 255"])  // slots are read 2…255
        #expect(sharedParsed.diagnostics.last?.message.contains("reading stopped") == true)

        var version = good
        version[4] = 1
        #expect(ParseRpmDatabase.parse(version, path: "Packages.db").diagnostics.map(\.code) == ["unreadable-file"])
    }

    // MARK: - Fuzz

    /// Mutates `seed`: bytes near page starts (headers, cell pointers) or anywhere, sometimes a
    /// whole page of noise, sometimes a truncation.
    static func mutate(_ seed: [UInt8], pageSize: Int, using rng: inout RpmFuzzRandom) -> [UInt8] {
        var bytes = seed
        let pages = max(1, bytes.count / pageSize)
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let page = Int.random(in: 0..<pages, using: &rng)
            let offset = Bool.random(using: &rng)
                ? page * pageSize + Int.random(in: 0..<min(64, pageSize), using: &rng)
                : Int.random(in: 0..<bytes.count, using: &rng)
            if offset < bytes.count { bytes[offset] = [0, 0xFF, 0x01, 0x0D, 0x05, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng) ?? 0 }
        }
        if Int.random(in: 0..<8, using: &rng) == 0 {
            let page = Int.random(in: 0..<pages, using: &rng) * pageSize
            for i in page..<min(page + pageSize, bytes.count) { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        }
        if Int.random(in: 0..<6, using: &rng) == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng))) }
        return bytes
    }

    @Test("random mutations and truncations of each format end in entries or diagnostics, never a crash or hang",
          .timeLimit(.minutes(2)))
    func fuzz() throws {
        let seeds: [(bytes: [UInt8], pageSize: Int)] = [
            (try RpmOracle.bytes(Self.sqlitePath), 4096),
            (try RpmOracle.bytes(Self.manyPath), 4096),
            (try RpmOracle.bytes(Self.bdbPath), 4096),
            (try RpmOracle.bytes("rpm/bdb-bigendian/var/lib/rpm/Packages"), 4096),
            (try RpmOracle.bytes("rpm/bdb-pagesize16k/var/lib/rpm/Packages"), 16384),
            (try ndbBytes(), 16),
        ]
        var rng = RpmFuzzRandom(state: 0x5EED_0F_B0_1C_4EAD)
        var damaged = 0
        for (seed, pageSize) in seeds {
            for _ in 0..<120 {
                let parsed = ParseRpmDatabase.parse(Self.mutate(seed, pageSize: pageSize, using: &rng), path: "db")
                #expect(parsed.entries.allSatisfy { !$0.name.isEmpty && !$0.version.isEmpty })
                #expect(parsed.diagnostics.count <= ParseRpmDatabase.maxDiagnostics + 1)
                if !parsed.diagnostics.isEmpty { damaged += 1 }
            }
        }
        #expect(damaged > 100)  // the mutations do reach the structures
    }
}
