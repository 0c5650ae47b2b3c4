import BulkheadCore
import Testing

@testable import BulkheadCatalog

@Suite("rpm header blobs, source rpms and purls")
struct RpmHeaderTests {
    typealias Tag = ParseRpmHeader.Tag

    static let basics: [(Int32, RpmHeaderBuilder.Value)] = [
        (Tag.name, .string("pkg")), (Tag.version, .string("1.2")), (Tag.release, .string("3.el8")),
    ]

    func parse(_ entries: [(Int32, RpmHeaderBuilder.Value)], region: Bool = true) throws(ParseRpmHeader.Failure) -> RpmEntry {
        try ParseRpmHeader.parse(RpmHeaderBuilder(entries: entries.map { (tag: $0.0, value: $0.1) }, region: region).build(),
                                 index: 9)
    }

    @Test("epoch 0 is kept (syft writes 0: and epoch=0 when the header has the tag)")
    func epochZero() throws {
        let entry = try parse(Self.basics + [(Tag.epoch, .int32([0])), (Tag.architecture, .string("aarch64"))])
        #expect(entry.fullVersion == "0:1.2-3.el8")
        #expect(entry.purl(release: nil).description == "pkg:rpm/pkg@1.2-3.el8?arch=aarch64&epoch=0")
        #expect(entry.index == 9)
    }

    @Test("legacy OLDFILENAMES, and files from DIRNAMES/BASENAMES/DIRINDEXES")
    func files() throws {
        let legacy = try parse(Self.basics + [(Tag.oldFileNames, .strings(["/bin/a", "/etc/b"]))], region: false)
        #expect(legacy.files == ["/bin/a", "/etc/b"])
        let modern = try parse(Self.basics + [(Tag.dirIndexes, .int32([1, 0, 1])), (Tag.baseNames, .strings(["x", "y", "z"])),
                                              (Tag.dirNames, .strings(["/usr/", "/opt/d/"]))])
        #expect(modern.files == ["/opt/d/x", "/usr/y", "/opt/d/z"])
    }

    @Test("a later entry for a tag (a dribble) replaces the region's")
    func dribble() throws {
        #expect(try parse(Self.basics + [(Tag.license, .string("GPL")), (Tag.license, .string("MIT"))]).license == "MIT")
    }

    @Test("malformed headers throw corrupt-entry or missing-field, never trap")
    func malformed() {
        func code(_ blob: [UInt8]) -> String? {
            do {
                _ = try ParseRpmHeader.parse(blob, index: 1)
                return nil
            } catch {
                return error.code.rawValue
            }
        }
        let good = RpmHeaderBuilder(entries: Self.basics.map { (tag: $0.0, value: $0.1) }).build()
        #expect(code(good) == nil)
        #expect(code([]) == "corrupt-entry")
        #expect(code(Array(good.dropLast(3))) == "corrupt-entry")
        #expect(code([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]) == "corrupt-entry")  // il beyond rpm's limit
        var badTrailer = good
        badTrailer[good.count - 16 + 3] = 62  // the region trailer names another tag
        #expect(code(badTrailer) == "corrupt-entry")
        var badType = good
        badType[8 + 16 + 7] = 42  // NAME's type
        #expect(code(badType) == "corrupt-entry")
        var unterminated = RpmHeaderBuilder(entries: [(tag: Tag.name, value: .string("abc"))], region: false).build()
        unterminated[unterminated.count - 1] = UInt8(ascii: "x")
        #expect(code(unterminated) == "corrupt-entry")
        #expect(code(RpmHeaderBuilder(entries: [(tag: Tag.name, value: .string("n")), (tag: Tag.version, value: .string("1"))]).build())
            == "missing-field")
        let badDirIndex = RpmHeaderBuilder(entries: Self.basics.map { (tag: $0.0, value: $0.1) } + [
            (tag: Tag.dirIndexes, value: .int32([5])), (tag: Tag.baseNames, value: .strings(["x"])),
            (tag: Tag.dirNames, value: .strings(["/"])),
        ]).build()
        #expect(code(badDirIndex) == "corrupt-entry")
        let hugeCount = RpmHeaderBuilder(entries: Self.basics.map { (tag: $0.0, value: $0.1) } + [
            (tag: Tag.epoch, value: .int32([1])),
        ]).build()
        var lying = hugeCount
        lying[8 + 4 * 16 + 15] = 0xFF  // EPOCH's count
        lying[8 + 4 * 16 + 14] = 0xFF
        #expect(code(lying) == "corrupt-entry")
    }

    @Test("random mutations of real header blobs throw or parse, never trap", .timeLimit(.minutes(1)))
    func fuzzHeaders() throws {
        let blobs = ParseRpmSQLite.scan(try RpmOracle.bytes(RpmDatabaseFormatTests.sqlitePath)).records.map(\.blob)
        #expect(blobs.count == 4)
        var rng = RpmFuzzRandom(state: 42)
        var failures = 0
        for blob in blobs {
            let indexEnd = min(blob.count, 8 + 16 * Int(blob[3]))
            for _ in 0..<400 {
                var mutated = blob
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let at = Bool.random(using: &rng) ? Int.random(in: 0..<indexEnd, using: &rng)
                                                      : Int.random(in: 0..<mutated.count, using: &rng)
                    mutated[at] = UInt8.random(in: 0...255, using: &rng)
                }
                if Int.random(in: 0..<5, using: &rng) == 0 {
                    mutated = Array(mutated.prefix(Int.random(in: 0...mutated.count, using: &rng)))
                }
                do {
                    let entry = try ParseRpmHeader.parse(mutated, index: 0)
                    #expect(!entry.name.isEmpty)
                } catch {
                    failures += 1
                }
            }
        }
        #expect(failures > 100)
    }

    @Test("SOURCERPM names split into name and version-release", arguments: [
        ("bash-5.1.8-6.el9.src.rpm", "bash", "5.1.8", "6.el9"),
        ("python3.11-setuptools-65.5.1-2.el9.src.rpm", "python3.11-setuptools", "65.5.1", "2.el9"),
        ("kernel-5.14.0-362.8.1.el9_3.nosrc.rpm", "kernel", "5.14.0", "362.8.1.el9_3"),
    ])
    func sourceRPM(file: String, name: String, version: String, release: String) throws {
        let split = try #require(RpmEntry.splitSourceRPM(file))
        #expect(split.name == name && split.version == version && split.release == release)
    }

    @Test("odd SOURCERPM values give no source package but stay in the purl")
    func oddSourceRPM() {
        for file in ["elasticsearch-8.17.0-1-src.rpm", "(none)", "a-1.src.rpm", "-1-2.src.rpm", ""] {
            #expect(RpmEntry.splitSourceRPM(file) == nil, "\(file)")
        }
        let entry = RpmEntry(name: "elasticsearch", version: "8.17.0", release: "1", sourceRPM: "elasticsearch-8.17.0-1-src.rpm")
        #expect(entry.sourcePackage == nil)
        #expect(entry.purl(release: nil).qualifiers["upstream"] == "elasticsearch-8.17.0-1-src.rpm")
    }

    @Test("purl namespace from the distro ID, as syft maps it", arguments: [
        ("rhel", "9.2", "pkg:rpm/redhat/p@1-2?arch=x86_64&distro=rhel-9.2&upstream=p-1-2.src.rpm"),
        ("centos", "7", "pkg:rpm/centos/p@1-2?arch=x86_64&distro=centos-7&upstream=p-1-2.src.rpm"),
        ("opensuse-leap", "15.5", "pkg:rpm/opensuse/p@1-2?arch=x86_64&distro=opensuse-leap-15.5&upstream=p-1-2.src.rpm"),
        ("amzn", "2023", "pkg:rpm/amzn/p@1-2?arch=x86_64&distro=amzn-2023&upstream=p-1-2.src.rpm"),
        ("rocky", "9.3", "pkg:rpm/rocky/p@1-2?arch=x86_64&distro=rocky-9.3&upstream=p-1-2.src.rpm"),
    ])
    func purlNamespace(id: String, versionID: String, purl: String) {
        let entry = RpmEntry(name: "p", version: "1", release: "2", architecture: "x86_64", sourceRPM: "p-1-2.src.rpm")
        #expect(entry.purl(release: LinuxRelease(id: id, versionID: versionID, source: "/etc/os-release")).description == purl)
    }

    @Test("syft's own packageURL cases")
    func syftCases() {
        let rhel = LinuxRelease(id: "rhel", versionID: "8.4", source: "")
        #expect(RpmEntry(name: "p", version: "v", release: "r").purl(release: rhel).description == "pkg:rpm/redhat/p@v-r?distro=rhel-8.4")
        #expect(RpmEntry(name: "p", version: "v", release: "r", epoch: 1, architecture: "a")
            .purl(release: LinuxRelease(id: "centos", versionID: "7", source: "")).description
            == "pkg:rpm/centos/p@v-r?arch=a&distro=centos-7&epoch=1")
        #expect(RpmEntry(name: "p", version: "v", release: "r").purl(release: nil).description == "pkg:rpm/p@v-r")
        #expect(RpmEntry(name: "p", version: "v", release: "r", sourceRPM: "sourcerpm").purl(release: rhel).description
            == "pkg:rpm/redhat/p@v-r?distro=rhel-8.4&upstream=sourcerpm")
    }

    @Test("Adler-32 known answers (RFC 1950)")
    func adler32() {
        #expect(ParseRpmNDB.adler32(ArraySlice("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(ParseRpmNDB.adler32([]) == 1)
        let big = [UInt8](repeating: 0xFF, count: 100_000)
        #expect(ParseRpmNDB.adler32(big[...]) == 0x149A_302C)  // python3: zlib.adler32(b"\xff" * 100000)
    }
}
