import BulkheadCore
import BulkheadImage
import Foundation
import Testing

@testable import BulkheadCatalog

/// The real oracle: dpkg-query itself, run on fake admin directories in a temp dir.
@Suite("dpkg-query oracle", .enabled(if: DpkgQuery.path != nil, "needs dpkg-query on PATH"))
struct DpkgQueryOracleTests {
    /// A status file exercising states, multi-arch, continuation lines and Source forms.
    static let synthetic = """
        Package: libc6
        Status: install ok installed
        Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
        Architecture: amd64
        Multi-Arch: same
        Source: glibc
        Version: 2.36-9+deb12u4
        Description: GNU C Library
         continuation line
         .
         more

        Package: libc6
        Status: install ok installed
        Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
        Architecture: i386
        Multi-Arch: same
        Source: glibc
        Version: 2.36-9+deb12u4
        Description: GNU C Library (i386)

        Package: libssl3
        Status: install ok installed
        Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
        Architecture: amd64
        Source: openssl (3.0.11-1~deb12u2)
        Version: 3.0.11-1~deb12u2+b1
        Description: TLS

        Package: gone
        Status: deinstall ok config-files
        Maintainer: Someone <a@example.org>
        Architecture: all
        Version: 1.0-1
        Description: only conffiles left

        Package: held
        Status: hold ok installed
        Maintainer: Someone <a@example.org>
        Architecture: all
        Version: 2:1.0~rc1-3
        Description: held back

        Package: wanted
        Status: install ok not-installed
        Maintainer: Someone <a@example.org>
        Architecture: amd64
        Version: 0.1
        Description: selected but not installed

        Package: epoch-pkg
        Status: install ok installed
        Maintainer: Someone <a@example.org>
        Architecture: amd64
        Source: upstream-src
        Version: 1:4.2-1
        Description: epoch

        """

    func compare(status: String) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-dpkg-\(UUID().uuidString)")
        let admin = root.appendingPathComponent("var/lib/dpkg")
        try FileManager.default.createDirectory(at: admin.appendingPathComponent("info"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try status.write(to: admin.appendingPathComponent("status"), atomically: true, encoding: .utf8)

        let oracle = try DpkgQuery.installed(admindir: admin.path)
        let result = try DpkgCataloger().catalog(DirectoryResolver(root: root.path), context: CatalogContext())
        let ours = Set(result.packages.map {
            DpkgQuery.Row(package: $0.name, architecture: $0.architecture ?? "", version: $0.version,
                          sourcePackage: $0.sourceName ?? "", sourceVersion: $0.sourceVersion ?? "")
        })
        #expect(!oracle.isEmpty)
        #expect(ours == oracle)
        #expect(result.packages.count == oracle.count)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("package set, versions and sources equal dpkg-query's on a synthetic admindir")
    func synthetic() throws {
        try compare(status: Self.synthetic)
    }

    @Test("package set equals dpkg-query's on a copy of this machine's status file",
          .enabled(if: FileManager.default.isReadableFile(atPath: "/var/lib/dpkg/status"), "no host dpkg status"))
    func hostStatus() throws {
        try compare(status: String(contentsOfFile: "/var/lib/dpkg/status", encoding: .utf8))
    }

    @Test("owned files parsed from info/*.list equal `dpkg-query -L` on this machine's packages",
          .enabled(if: FileManager.default.fileExists(atPath: "/var/lib/dpkg/info"), "no host dpkg info"))
    func hostFileLists() throws {
        let info = "/var/lib/dpkg/info"
        let lists = try FileManager.default.contentsOfDirectory(atPath: info).filter { $0.hasSuffix(".list") }.sorted()
        try #require(lists.count >= 10, "too few packages on this machine to compare")
        // Spread over the whole list (multi-arch `pkg:arch.list` names included).
        for name in stride(from: 0, to: lists.count, by: max(1, lists.count / 25)).map({ lists[$0] }) {
            let package = String(name.dropLast(".list".count))
            let ours = ParseDpkgStatus.parseFileList(try String(contentsOfFile: "\(info)/\(name)", encoding: .utf8))
            // dpkg -L adds diversion notes ("diverted by", "package diverts others to") and lists "/.".
            let theirs = try DpkgQuery.run(["-L", package]).split(separator: "\n").map(String.init)
                .filter { $0.hasPrefix("/") && $0 != "/." }
            #expect(ours == theirs, "\(package)")
        }
    }
}

/// Runs `dpkg-query` against an admin directory.
enum DpkgQuery {
    struct Row: Hashable {
        var package, architecture, version, sourcePackage, sourceVersion: String
    }

    static var path: String? { ExternalTool.which("dpkg-query") }

    /// dpkg-query's standard output for `arguments`.
    static func run(_ arguments: [String]) throws -> String {
        guard let path else { return "" }
        return try ExternalTool.run([path] + arguments).stdout
    }

    /// Installed packages (current status `installed`), as dpkg-query reports them.
    static func installed(admindir: String) throws -> Set<Row> {
        let output = try run(["--admindir=\(admindir)", "-W", "-f",
                              "${db:Status-Status}\t${Package}\t${Architecture}\t${Version}\t${source:Package}\t${source:Version}\n"])
        var rows = Set<Row>()
        for line in output.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, f[0] == "installed" else { continue }
            rows.insert(Row(package: f[1], architecture: f[2], version: f[3], sourcePackage: f[4], sourceVersion: f[5]))
        }
        return rows
    }
}
