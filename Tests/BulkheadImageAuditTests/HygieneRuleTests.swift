import BulkheadCore
import BulkheadImage
import BulkheadImageAudit
import BulkheadSecrets
import Foundation
import Testing

func audit(_ fixture: OCIFixture, today: String = "2026-11-30") throws -> (hygiene: [Finding], secrets: [Finding]) {
    let path = try fixture.write()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let scanner = try SecretScanner()
    let inspector = ImageSecretInspector(scanner: scanner)
    let image = try ImageResolver(source: .ociLayout(path: path), inspector: inspector)
    let facts = try ImageFacts.gather(image, name: "fixture", today: today)
    return (HygieneRules.run(facts), ImageSecretReport.findings(image, inspector: inspector, scanner: scanner, name: "fixture"))
}

func ids(_ findings: [Finding]) -> [String] { findings.map(\.ruleID.rawValue).sorted() }

let debianRelease = OCIFixture.Entry.file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n")

@Suite("Image hygiene rules on fixture images")
struct HygieneRuleTests {
    @Test("a full Debian-like image: root, shell, package manager, no HEALTHCHECK; a hardened one: none of those")
    func fullVersusHardened() throws {
        var full = OCIFixture()
        full.layers = [[.dir("etc"), debianRelease, .dir("usr/bin"), .file("usr/bin/dash", "#!elf", mode: 0o755),
                        .symlink("bin", target: "usr/bin"), .symlink("usr/bin/sh", target: "dash"),
                        .file("usr/bin/apt-get", "x", mode: 0o755), .file("usr/bin/dpkg", "x", mode: 0o755)]]
        let a = try audit(full).hygiene
        #expect(ids(a) == ["IM001", "IM002", "IM003", "IM007", "IM011"])
        #expect(a.first { $0.ruleID == "IM002" }?.message.contains("/bin/sh") == true, "the /bin → usr/bin symlink is followed")
        #expect(a.first { $0.ruleID == "IM011" }?.message.hasPrefix("minimal") == true)

        var hardened = OCIFixture()
        hardened.user = "10001"
        hardened.healthcheck = ["CMD", "/app/health"]
        hardened.layers = [[.dir("etc"), .file("etc/os-release", "ID=alpine\nVERSION_ID=3.22.1\n"), .file("app/server", "bin", mode: 0o755)]]
        let b = try audit(hardened).hygiene
        #expect(ids(b) == ["IM011"])
        #expect(b.first?.message.hasPrefix("distroless") == true)
    }

    @Test("user 0, root and 0:0 are root; a numeric user is not")
    func rootUsers() throws {
        for (user, fires) in [("0", true), ("root", true), ("0:0", true), ("root:root", true), ("10001", false), ("app:app", false)] {
            var f = OCIFixture(); f.user = user; f.healthcheck = ["NONE"]; f.layers = [[.file("app/x", "1")]]
            #expect(ids(try audit(f).hygiene).contains("IM001") == fires, "\(user)")
        }
    }

    @Test("setuid/setgid files, world-writable paths outside /tmp, sticky dirs allowed")
    func modes() throws {
        var f = OCIFixture(); f.user = "1"; f.healthcheck = ["NONE"]
        f.layers = [[.file("usr/bin/passwd", "x", mode: 0o4755), .file("usr/bin/wall", "x", mode: 0o2755), .file("usr/bin/ok", "x", mode: 0o755),
                     .dir("app/uploads", mode: 0o777), .dir("tmp", mode: 0o1777), .file("tmp/scratch", "x", mode: 0o666),
                     .dir("srv/shared", mode: 0o1777), .file("etc/app.conf", "x", mode: 0o666)]]
        let h = try audit(f).hygiene
        #expect(h.filter { $0.ruleID == "IM004" }.map(\.location.file) == ["fixture:/usr/bin/passwd", "fixture:/usr/bin/wall"])
        #expect(Set(h.filter { $0.ruleID == "IM005" }.map(\.location.file)) == ["fixture:/app/uploads", "fixture:/etc/app.conf"])
    }

    @Test("SSH daemon, host keys, user keys and authorized_keys; public keys are fine")
    func ssh() throws {
        var f = OCIFixture(); f.user = "1"; f.healthcheck = ["NONE"]
        f.layers = [[.file("usr/sbin/sshd", "x", mode: 0o755), .file("etc/ssh/ssh_host_ed25519_key", "k", mode: 0o600),
                     .file("etc/ssh/ssh_host_ed25519_key.pub", "ssh-ed25519 AAAA"), .file("root/.ssh/id_rsa", "k", mode: 0o600),
                     .file("root/.ssh/id_rsa.pub", "ssh-rsa AAAA"), .file("home/u/.ssh/authorized_keys", "ssh-rsa AAAA")]]
        #expect(try audit(f).hygiene.filter { $0.ruleID == "IM006" }.count == 4)
        var clean = OCIFixture(); clean.user = "1"; clean.healthcheck = ["NONE"]
        clean.layers = [[.file("root/.ssh/known_hosts", "github.com ssh-ed25519 AAAA"), .file("root/.ssh/id_rsa.pub", "ssh-rsa AAAA")]]
        #expect(try audit(clean).hygiene.filter { $0.ruleID == "IM006" }.isEmpty)
    }

    @Test("apt lists left behind are reported above the noise floor")
    func caches() throws {
        var f = OCIFixture(); f.user = "1"; f.healthcheck = ["NONE"]
        f.layers = [[.file("var/lib/apt/lists/deb.debian.org_dists_bookworm_main_Packages", String(repeating: "Package: x\n", count: 8000)),
                     .file("var/lib/apt/lists/lock", "")]]
        #expect(try audit(f).hygiene.contains { $0.ruleID == "IM008" && $0.message.contains("apt package lists") })
        var small = OCIFixture(); small.user = "1"; small.healthcheck = ["NONE"]
        small.layers = [[.file("var/lib/apt/lists/lock", "x")]]
        #expect(!(try audit(small).hygiene.contains { $0.ruleID == "IM008" }))
    }

    @Test("end-of-life and rolling base releases, against the clock given")
    func endOfLife() throws {
        func fires(_ release: String, today: String = "2026-11-30") throws -> Bool {
            var f = OCIFixture(); f.user = "1"; f.healthcheck = ["NONE"]
            f.layers = [[.file("etc/os-release", release)]]
            return try audit(f, today: today).hygiene.contains { $0.ruleID == "IM009" }
        }
        #expect(try fires("ID=debian\nVERSION_ID=\"10\"\n"))
        #expect(try fires("ID=debian\nVERSION_ID=\"11\"\n"))
        #expect(try !fires("ID=debian\nVERSION_ID=\"11\"\n", today: "2026-01-01"))
        #expect(try !fires("ID=debian\nVERSION_ID=\"12\"\n"))
        #expect(try fires("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\n"))
        #expect(try fires("ID=alpine\nVERSION_ID=3.9.4\n"))
        #expect(try !fires("ID=alpine\nVERSION_ID=3.22.0\n"))
        #expect(try fires("ID=ubuntu\nVERSION_ID=\"18.04\"\n"))
        #expect(try !fires("ID=fedora\nVERSION_ID=41\n"), "untracked distributions are not guessed")
    }

    @Test("credential-named Env values in the config; _FILE indirections are fine")
    func credentialEnv() throws {
        var f = OCIFixture(); f.user = "1"; f.healthcheck = ["NONE"]
        f.env = ["DB_PASSWORD=hunter22", "DB_PASSWORD_FILE=/run/secrets/db", "API_TOKEN=", "PATH=/bin"]
        f.layers = [[.file("app/x", "1")]]
        let h = try audit(f).hygiene.filter { $0.ruleID == "IM010" }
        #expect(h.count == 1)
        #expect(h.first?.message.contains("DB_PASSWORD") == true && h.first?.message.contains("hunter22") == false)
    }

    @Test("a secret deleted by a later layer is still reported, named by the layer that holds it; config Env too")
    func layeredSecrets() throws {
        var f = OCIFixture(); f.user = "1"; f.healthcheck = ["NONE"]
        f.env = ["GITHUB_TOKEN=ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9"]
        f.layers = [[.file("app/.env", "STRIPE_KEY=sk_live_g83xOEYEh3VkGKbpUNP2GR9Q\n"), .file("app/main.py", "print(1)\n")],
                    [.whiteout("app/.env")]]
        f.history = ["COPY . /app", "RUN rm /app/.env"]
        let s = try audit(f).secrets
        #expect(ids(s) == ["SE003", "SE009"])
        let stripe = try #require(s.first { $0.ruleID == "SE009" })
        #expect(stripe.location.file == "/app/.env" && stripe.location.range?.start.line == 1)
        #expect(stripe.message.contains("in layer 1") && stripe.message.contains("deleted by a later layer"))
        #expect(stripe.message.contains("COPY . /app"))
        #expect(stripe.layer?.hasPrefix("sha256:") == true, "the layer is a field of its own too")
        #expect(!stripe.message.contains("g83xOEYEh3VkGKbpUNP2GR9Q"), "never the whole value")
        #expect(s.first { $0.ruleID == "SE003" }?.location.fieldPath == "config.Env[0]")
    }

    @Test("the command line that made a layer is quoted with any secret in it redacted")
    func createdByIsRedacted() throws {
        var f = OCIFixture(); f.user = "1"; f.healthcheck = ["NONE"]
        f.layers = [[.file("app/.env", "STRIPE_KEY=sk_live_g83xOEYEh3VkGKbpUNP2GR9Q\n")]]
        f.history = [#"RUN curl -H "Authorization: token ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9" -o /app/.env x"#]
        let s = try audit(f).secrets
        let layer = try #require(s.first { $0.ruleID == "SE009" })
        #expect(layer.message.contains("made by `RUN curl -H"), "\(layer.message)")
        for finding in s {
            #expect(!finding.message.contains("x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9"), "\(finding.ruleID): \(finding.message)")
            #expect(!finding.message.contains("g83xOEYEh3VkGKbpUNP2GR9Q"), "\(finding.ruleID): \(finding.message)")
        }
        let scanner = try SecretScanner()
        #expect(scanner.redactingSecrets(in: "a ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9 b") == "a ghp_…GpF9 b")
        #expect(scanner.redactingSecrets(in: "nothing here") == "nothing here")
    }

    static let cache = "/root/.cache/bulkhead-peers/images"
    static let cachePresent = FileManager.default.fileExists(atPath: cache + "/secdemo-docker.tar")

    @Test("the peers' test image: every planted secret (the deleted credentials file by its layer, the config Env token) and nothing else; the expected hygiene findings",
          .enabled(if: cachePresent, "needs images from `bash ../shared/peers/build-images.sh ~/.cache/bulkhead-peers/images`"))
    func secdemo() throws {
        let scanner = try SecretScanner()
        let inspector = ImageSecretInspector(scanner: scanner)
        let image = try ImageResolver(source: .dockerArchive(path: Self.cache + "/secdemo-docker.tar"), inspector: inspector)
        let secrets = ImageSecretReport.findings(image, inspector: inspector, scanner: scanner, name: "secdemo")
        let got = secrets.map { "\($0.ruleID.rawValue) \($0.location.file) \($0.location.fieldPath ?? "")" }.sorted()
        #expect(got == ["SE001 /app/settings.py ", "SE001 /root/.aws/credentials ", "SE002 /app/settings.py ",
                        "SE002 /root/.aws/credentials ", "SE003 /app/settings.py ", "SE003 secdemo config.Env[1]", "SE016 /app/id_rsa "])
        for f in secrets where f.location.file == "/root/.aws/credentials" {
            #expect(f.message.contains("in layer 2") && f.message.contains("deleted by a later layer"), "\(f.message)")
        }
        let hygiene = ids(HygieneRules.run(try ImageFacts.gather(image, name: "secdemo", today: "2026-11-30")))
        for expected in ["IM001", "IM002", "IM003", "IM007"] { #expect(hygiene.contains(expected), "\(expected) in \(hygiene)") }
    }
}
