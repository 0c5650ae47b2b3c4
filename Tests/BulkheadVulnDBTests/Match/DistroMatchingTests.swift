import BulkheadCatalog
import BulkheadCore
import BulkheadImage
@testable import BulkheadVulnDB
import Foundation
import Testing

/// Distro matching on real package databases and real advisory data (Debian Security Tracker,
/// Alpine secdb, KEV; see Fixtures/feeds/README.md for provenance and the expected table).
@Suite struct DistroMatchingTests {
    static let feeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/feeds")

    static func feed(_ name: String) -> String { feeds.appendingPathComponent(name).path }

    static func database() throws -> TempDatabase {
        let db = try TempDatabase()
        try DatabaseUpdate.run(at: db.path) { writer throws(VulnDBError) in
            _ = try FeedImporter().importPaths(
                [feed("debian-tracker.json"), feed("alpine-v3.18-main.json"), feed("kev.json"), feed("epss.csv"),
                 feed("osv-extra"), feed("rhel-osv")],
                into: writer)
        }
        return db
    }

    static func scan(_ tree: String, _ db: TempDatabase, options: MatchOptions = MatchOptions()) throws -> MatchResult {
        let resolver = DirectoryResolver(root: feeds.appendingPathComponent("installed/" + tree).path)
        let catalog = Catalog.run(resolver, catalogers: Catalogers.tagged(.image))
        let release = try #require(catalog.release)
        let distro = Distro(id: release.id, versionID: release.versionID, idLike: release.idLike)
        return try Matcher(database: try db.open(), options: options).match(catalog.packages, distro: distro)
    }

    /// `package id state fixed` lines, sorted.
    static func table(_ r: MatchResult) -> [String] {
        r.findings.map { "\($0.packageName) \($0.id) \($0.fixState.rawValue) \($0.fixedVersions.joined(separator: ","))" }.sorted()
    }

    @Test func debianBookwormBySourcePackageAndSourceVersion() throws {
        let db = try Self.database()
        defer { db.remove() }
        let r = try Self.scan("debian12", db)
        #expect(Self.table(r) == [
            "bsdutils CVE-2024-28085 not-fixed ",
            "libc-bin CVE-2010-4756 not-fixed ",
            "libc-bin CVE-2023-4911 fixed 2.36-9+deb12u3",
            "libc-bin CVE-2023-6246 fixed 2.36-9+deb12u4",
            "libc-bin CVE-2024-2961 fixed 2.36-9+deb12u6",
            "libc6 CVE-2010-4756 not-fixed ",
            "libc6 CVE-2023-4911 fixed 2.36-9+deb12u3",
            "libc6 CVE-2023-6246 fixed 2.36-9+deb12u4",
            "libc6 CVE-2024-2961 fixed 2.36-9+deb12u6",
            "libkrb5-3 CVE-2023-36054 not-fixed ",
            "libssl3 CVE-2023-5363 fixed 3.0.11-1~deb12u2",
            "libssl3 CVE-2023-5678 fixed 3.0.13-1~deb12u1",
            "openssl CVE-2023-5363 fixed 3.0.11-1~deb12u2",
            "openssl CVE-2023-5678 fixed 3.0.13-1~deb12u1",
            "zlib1g CVE-2023-45853 wont-fix ",
        ])
        // bsdutils is 1:2.38.1-5+b1, a binNMU of util-linux 2.38.1-5: the source version is compared.
        let bsd = try #require(r.findings.first { $0.packageName == "bsdutils" })
        #expect(bsd.comparedVersion == "2.38.1-5")
        #expect(bsd.packageVersion == "1:2.38.1-5+b1")
        // Looney Tunables: KEV, EPSS, CVSS from the Ubuntu alias record, Debian's own rating unset.
        let looney = try #require(r.findings.first { $0.packageName == "libc6" && $0.id == "CVE-2023-4911" })
        #expect(looney.knownExploited)
        #expect(looney.epss != nil)
        #expect(looney.cvss.map(\.score) == [7.8])
        #expect(looney.severity == .high)
        #expect(looney.severitySource == "cvss-v3.1")
        #expect(looney.aliases == ["UBUNTU-CVE-2023-4911"])
        #expect(looney.locations.map(\.path) == ["/var/lib/dpkg/status"])
        // KEV first in priority order.
        #expect(r.findings.first?.id == "CVE-2023-4911")
        // Debian's "unimportant" is Low for the OS package when the distro rating is preferred.
        let old = try #require(r.findings.first { $0.id == "CVE-2010-4756" })
        #expect(old.severity == .low)
        #expect(old.severitySource == "debian")
    }

    @Test func bullseyeDataNeverAppliesToBookworm() throws {
        let db = try Self.database()
        defer { db.remove() }
        let rows = try db.open().affected(ecosystem: "Debian:11", name: "bash")
        #expect(!rows.isEmpty, "the fixture has bullseye rows for bash")
        #expect(try Self.scan("debian12", db).findings.allSatisfy { $0.packageName != "bash" })
    }

    @Test func alpineByOriginWithSecdbFixes() throws {
        let db = try Self.database()
        defer { db.remove() }
        let r = try Self.scan("alpine318", db)
        let crypto = ["CVE-2023-5363 fixed 3.1.4-r0", "CVE-2023-5678 fixed 3.1.4-r1", "CVE-2023-6129 fixed 3.1.4-r3",
                      "CVE-2023-6237 fixed 3.1.4-r4", "CVE-2024-0727 fixed 3.1.4-r5", "CVE-2024-2511 fixed 3.1.4-r6",
                      "CVE-2024-4603 fixed 3.1.5-r0", "CVE-2024-4741 fixed 3.1.6-r0", "CVE-2024-5535 fixed 3.1.6-r0"]
        let busybox = ["CVE-2023-42363 fixed 1.36.1-r7", "CVE-2023-42364 fixed 1.36.1-r7", "CVE-2023-42365 fixed 1.36.1-r7",
                       "CVE-2023-42366 fixed 1.36.1-r6"]
        var expected: [String] = []
        for p in ["libcrypto3", "libssl3"] { expected += crypto.map { "\(p) \($0)" } }
        for p in ["musl", "musl-utils"] { expected.append("\(p) CVE-2025-26519 fixed 1.2.4-r3") }
        for p in ["busybox", "ssl_client"] { expected += busybox.map { "\(p) \($0)" } }
        #expect(Self.table(r) == expected.sorted())
        #expect(r.findings.count == 28)
    }

    @Test func severitySourceCanPreferCVSSOrVendor() throws {
        let db = try Self.database()
        defer { db.remove() }
        let cvss = try Self.scan("debian12", db, options: MatchOptions(severitySource: .cvss))
        #expect(cvss.findings.first { $0.id == "CVE-2010-4756" }?.severity == .low)
        #expect(cvss.findings.first { $0.id == "CVE-2023-36054" }?.severity == .unknown)
        let vendor = try Self.scan("debian12", db, options: MatchOptions(severitySource: .vendor))
        let looney = try #require(vendor.findings.first { $0.id == "CVE-2023-4911" })
        // Debian has not rated it; the vendor preference falls back to Ubuntu's "high".
        #expect(looney.severity == .high)
        #expect(looney.severitySource == "ubuntu")
    }

    @Test func rhelPackagesMatchEveryProductStreamOfTheirMajorRelease() throws {
        let db = try Self.database()
        defer { db.remove() }
        func rpm(_ name: String, _ version: String, source: String? = nil) -> Package {
            Package(name: name, version: version, ecosystem: .rpm,
                    purl: PURL(type: "rpm", namespace: "redhat", name: name, version: version), foundBy: "test",
                    sourceName: source)
        }
        let packages = [rpm("sudo", "1.9.5p2-9.el9", source: "sudo"), rpm("tigervnc-license", "1.13.1-3.el9_3.3"),
                        rpm("tigervnc-icons", "1.12.0-4.el9")]
        let matcher = Matcher(database: try db.open())
        let rhel9 = try matcher.match(packages, distro: Distro(id: "rhel", versionID: "9.3"))
        // RHSAs name their CVEs under `related`: each CVE becomes a finding, the RHSA its matched record.
        #expect(Self.table(rhel9) == [
            "sudo CVE-2023-28486 fixed 0:1.9.5p2-10.el9_3", "sudo CVE-2023-28487 fixed 0:1.9.5p2-10.el9_3",
            "sudo CVE-2023-42465 fixed 0:1.9.5p2-10.el9_3",
            "tigervnc-icons CVE-2023-5367 fixed 0:1.13.1-3.el9_3.3", "tigervnc-icons CVE-2023-6377 fixed 0:1.13.1-3.el9_3.3",
            "tigervnc-icons CVE-2023-6478 fixed 0:1.13.1-3.el9_3.3",
        ])
        #expect(rhel9.findings.allSatisfy { $0.matchedRecords.count == 1 && $0.matchedRecords[0].hasPrefix("RHSA-") })
        #expect(rhel9.findings.first { $0.id == "CVE-2023-42465" }?.title?.isEmpty == false)
        // Rocky is RHEL-like: the same Red Hat streams apply.
        let rocky = try matcher.match(packages, distro: Distro(id: "rocky", versionID: "9.3", idLike: ["rhel", "centos", "fedora"]))
        #expect(rocky.findings.count == 6)
        // On 9.2 the extended-support stream (rhel_eus:9.2) applies too, with its own fix.
        let eus = try matcher.match([packages[0]], distro: Distro(id: "rhel", versionID: "9.2"))
        #expect(eus.findings.first?.fixedVersions.sorted() == ["0:1.9.5p2-10.el9_3", "0:1.9.5p2-9.el9_2.2"])
        // RHEL 8's sudo fix (1.9.5p2-1.el8_9) must not be used for RHEL 9, nor RHEL 9's for RHEL 8.
        let rhel8 = try matcher.match([rpm("sudo", "1.9.5p2-1.el8_9")], distro: Distro(id: "rhel", versionID: "8.9"))
        #expect(rhel8.findings.isEmpty)
    }
}
