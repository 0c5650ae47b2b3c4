import BulkheadCore
import Testing

@testable import BulkheadCatalog

@Suite("Linux release detection")
struct LinuxReleaseTests {
    @Test("os-release values are unquoted like a shell would",
          arguments: zip([
              #"ID=debian"#, #"ID="debian""#, #"ID='debian'"#, #"NAME="Debian \"GNU\" Linux""#,
              #"NAME='it''s'"#, #"NAME=a\ b"#, #"NAME="back\\slash \$HOME""#, #"NAME="keep \n""#,
          ], [
              "debian", "debian", "debian", #"Debian "GNU" Linux"#,
              "its", "a b", #"back\slash $HOME"#, #"keep \n"#,
          ]))
    func unquoting(line: String, expected: String) throws {
        let values = OSReleaseParser.parse(line + "\n")
        let value = try #require(values.values.first)
        #expect(value == expected)
    }

    @Test("comments, blank lines and non-assignments are ignored")
    func ignoresNoise() {
        let values = OSReleaseParser.parse("# comment\n\n  ID=alpine  \nnot an assignment\nVERSION_ID=3.19.1\n")
        #expect(values == ["ID": "alpine", "VERSION_ID": "3.19.1"])
    }

    @Test("/etc/os-release gives every field")
    func etcOSRelease() throws {
        let (release, diagnostics) = LinuxRelease.detect(in: Fixtures.resolver("dpkg/happy"))
        let r = try #require(release)
        #expect(r == LinuxRelease(id: "debian", versionID: "12", versionCodename: "bookworm",
                                  prettyName: "Debian GNU/Linux 12 (bookworm)", idLike: [], isDistroless: false,
                                  source: "/etc/os-release"))
        #expect(r.purlDistro == "debian-12")
        #expect(diagnostics.isEmpty)
    }

    @Test("/usr/lib/os-release is used when /etc/os-release is missing")
    func usrLib() throws {
        let r = try #require(LinuxRelease.detect(in: Fixtures.resolver("os/usr-lib-only")).release)
        #expect(r.id == "ubuntu")
        #expect(r.idLike == ["debian"])
        #expect(r.isLike("debian"))
        #expect(r.versionID == "22.04")
        #expect(r.versionCodename == "jammy")
        #expect(r.source == "/usr/lib/os-release")
    }

    @Test("distro release files are fallbacks",
          arguments: zip(["os/alpine-release", "os/debian-version", "os/redhat-release"],
                         ["alpine-3.18.4", "debian-11", "centos-7.9.2009"]))
    func fallbacks(scenario: String, distro: String) throws {
        let r = try #require(LinuxRelease.detect(in: Fixtures.resolver(scenario)).release)
        #expect(r.purlDistro == distro)
    }

    @Test("debian testing's codename-only debian_version has no VERSION_ID")
    func debianTesting() throws {
        let r = try #require(LinuxRelease.fromDebianVersion("trixie/sid\n", source: "/etc/debian_version"))
        #expect(r.versionID == nil)
        #expect(r.versionCodename == "trixie")
        #expect(r.purlDistro == "debian")
    }

    @Test("no release files means no release")
    func none() {
        #expect(LinuxRelease.detect(in: Fixtures.resolver("os/none")).release == nil)
    }

    @Test("distroless: no /bin/sh and a dpkg status.d directory")
    func distroless() throws {
        #expect(try #require(LinuxRelease.detect(in: Fixtures.resolver("dpkg/distroless")).release).isDistroless)
        #expect(try !#require(LinuxRelease.detect(in: Fixtures.resolver("dpkg/happy")).release).isDistroless)
    }
}
