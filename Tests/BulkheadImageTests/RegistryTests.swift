import BulkheadCore
import Foundation
import Testing
import BulkheadTesting

@testable import BulkheadImage

@Suite("Registry references and challenges")
struct RegistryReferenceTests {
    @Test("references normalise like Docker's", arguments: [
        ("alpine", "docker.io/library/alpine", "latest"),
        ("alpine:3.19", "docker.io/library/alpine:3.19", "3.19"),
        ("org/app:1", "docker.io/org/app:1", "1"),
        ("ghcr.io/org/app", "ghcr.io/org/app", "latest"),
        ("127.0.0.1:5000/demo:multi", "127.0.0.1:5000/demo:multi", "multi"),
        ("localhost/a/b/c:v1.2-rc_3", "localhost/a/b/c:v1.2-rc_3", "v1.2-rc_3"),
        ("registry:quay.io/x/y@sha256:" + String(repeating: "a", count: 64),
         "quay.io/x/y@sha256:" + String(repeating: "a", count: 64), "sha256:" + String(repeating: "a", count: 64)),
    ])
    func parse(_ text: String, _ normalised: String, _ tagOrDigest: String) throws {
        let ref = try RegistryReference(text)
        #expect(ref.description == normalised)
        #expect(ref.tagOrDigest == tagOrDigest)
    }

    @Test("invalid references are rejected with the reason", arguments: [
        "", "a/UPPER", "a//b", "./x/y:1", "-h.io/x", "h..io/x", "h.io:port/x", "a/b:", "a/b:-x", "a@sha256:abc", "a/-b", "a/b__-c", "host:5000/a b",
    ])
    func invalid(_ text: String) {
        #expect(throws: ImageError.self) { try RegistryReference(text) }
    }

    @Test("Docker Hub's API host and auth-file keys")
    func dockerHub() throws {
        #expect(try RegistryReference("alpine").apiHost == "registry-1.docker.io")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/config.json"
        let auth = Data("me:pw".utf8).base64EncodedString()
        try #"{"auths":{"https://index.docker.io/v1/":{"auth":"\#(auth)"},"127.0.0.1:5000":{"username":"u","password":"p"}}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try RegistryCredentials.lookup(host: "docker.io", files: [file]) == RegistryCredentials(username: "me", password: "pw"))
        #expect(try RegistryCredentials.lookup(host: "127.0.0.1:5000", files: [file]) == RegistryCredentials(username: "u", password: "p"))
        #expect(try RegistryCredentials.lookup(host: "ghcr.io", files: [file]) == nil)
        try "{not json".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ImageError.self) { try RegistryCredentials.lookup(host: "ghcr.io", files: [file]) }
        #expect(RegistryCredentials.authFiles(environment: ["REGISTRY_AUTH_FILE": "/a", "HOME": "/h"]) == ["/a", "/h/.docker/config.json"])
    }

    @Test("WWW-Authenticate challenges parse with quoted commas")
    func challenge() {
        let (scheme, params) = RegistryClient.parseChallenge(
            #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push""#)
        #expect(scheme == "Bearer")
        #expect(params == ["realm": "https://auth.docker.io/token", "service": "registry.docker.io", "scope": "repository:a/b:pull,push"])
        #expect(RegistryClient.parseChallenge(#"Basic realm="Registry Realm""#).1 == ["realm": "Registry Realm"])
    }

    @Test("bare names with a tag, digest or host are registry sources; other missing paths are errors")
    func sniffing() throws {
        #expect(try ImageSource.parse("alpine:3.19") == .registry(try RegistryReference("alpine:3.19")))
        #expect(try ImageSource.parse("127.0.0.1:5000/demo") == .registry(try RegistryReference("127.0.0.1:5000/demo")))
        #expect(throws: ImageError.self) { try ImageSource.parse("missing-image.tar") }
        #expect(throws: ImageError.self) { try ImageSource.parse("./missing/image:1") }
    }
}

@Suite("Registry pulls from a real docker-registry on loopback",
       .enabled(if: LocalRegistry.available, "SKIPPED: needs Debian's docker-registry and skopeo (apt-get install docker-registry skopeo; .ci/run installs them)"),
       .serialized)
struct RegistryPullTests {
    let insecure = RegistryOptions(insecure: true, authFiles: [], attempts: 3, backoff: 0.05)

    @Test("an image pushed with skopeo reads exactly like its docker archive")
    func pullEqualsArchive() throws {
        let registry = try LocalRegistry()
        let archive = try makeImage("docker")
        try registry.push("docker-archive:" + archive, as: "demo:1")
        let local = try ImageResolver(source: .dockerArchive(path: archive))
        let pulled = try ImageResolver(source: .registry(try RegistryReference("127.0.0.1:\(registry.port)/demo:1")), registry: insecure)
        #expect(pulled.allPaths == local.allPaths)
        try ImageResolverTests().checkMerged(pulled)
        #expect(pulled.metadata.diffIDs == local.metadata.diffIDs)
        #expect(pulled.metadata.repoTags.first == "127.0.0.1:\(registry.port)/demo:1")
        // By digest too.
        let digest = try #require(pulled.metadata.manifestDigest)
        let byDigest = try ImageResolver(source: .registry(try RegistryReference("127.0.0.1:\(registry.port)/demo@\(digest)")),
                                         registry: insecure)
        #expect(byDigest.allPaths == local.allPaths)
    }

    @Test("a two-platform index: --platform picks the manifest, an absent platform is a clear error")
    func multiPlatform() throws {
        let registry = try LocalRegistry()
        let layout = try makeImage("oci-dir")
        try registry.push("oci:\(layout):1", as: "demo:multi", all: true)
        let ref = try RegistryReference("127.0.0.1:\(registry.port)/demo:multi")
        let amd = try ImageResolver(source: .registry(ref), platform: ImagePlatform(os: "linux", architecture: "amd64"), registry: insecure)
        let arm = try ImageResolver(source: .registry(ref), platform: ImagePlatform(os: "linux", architecture: "arm64"), registry: insecure)
        #expect(amd.metadata.architecture == "amd64" && arm.metadata.architecture == "arm64")
        try ImageResolverTests().checkMerged(amd)
        #expect(try arm.entry(at: "/etc/motd") != nil)
        #expect(try amd.entry(at: "/etc/motd") == nil)
        #expect(amd.allPaths == (try ImageResolver(source: .ociLayout(path: layout))).allPaths)
        expectError(.notFound) {
            _ = try ImageResolver(source: .registry(ref), platform: ImagePlatform(os: "linux", architecture: "s390x"), registry: insecure)
        }
        expectError(.notFound) {
            _ = try ImageResolver(source: .registry(try RegistryReference("127.0.0.1:\(registry.port)/demo:nope")), registry: insecure)
        }
    }

    @Test("Bearer-token flow: credentials from an auth file buy a token at the challenge's realm")
    func tokenAuth() throws {
        let registry = try LocalRegistry()
        try registry.push("docker-archive:" + (try makeImage("docker")), as: "demo:1")
        let proxy = try TokenProxy(upstream: registry.port)
        let ref = try RegistryReference("127.0.0.1:\(proxy.port)/demo:1")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let good = dir + "/good.json", bad = dir + "/bad.json"
        try #"{"auths":{"127.0.0.1:\#(proxy.port)":{"auth":"\#(Data("user:secret".utf8).base64EncodedString())"}}}"#
            .write(toFile: good, atomically: true, encoding: .utf8)
        try #"{"auths":{"127.0.0.1:\#(proxy.port)":{"username":"user","password":"wrong"}}}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let pulled = try ImageResolver(source: .registry(ref), registry: RegistryOptions(insecure: true, authFiles: [good]))
        try ImageResolverTests().checkMerged(pulled)
        for files in [[bad], []] {
            do {
                _ = try ImageResolver(source: .registry(ref), registry: RegistryOptions(insecure: true, authFiles: files, attempts: 1))
                Issue.record("expected an auth failure with \(files)")
            } catch let e as ImageError {
                #expect(e.message.contains("token endpoint") && e.message.contains("401"), "\(e)")
            }
        }
    }

    @Test("transient 503s are retried with backoff; a corrupted blob is a digest mismatch")
    func retriesAndDigests() throws {
        let registry = try LocalRegistry()
        try registry.push("docker-archive:" + (try makeImage("docker")), as: "demo:1")
        let creds = RegistryCredentials(username: "user", password: "secret")
        let flaky = try TokenProxy(upstream: registry.port, failFirst: 2)
        let ok = try ImageResolver(source: .registry(try RegistryReference("127.0.0.1:\(flaky.port)/demo:1")),
                                   registry: RegistryOptions(insecure: true, credentials: creds, attempts: 4, backoff: 0.05))
        try ImageResolverTests().checkMerged(ok)
        let corrupt = try TokenProxy(upstream: registry.port, corruptBlobs: true)
        expectError(.digestMismatch) {
            _ = try ImageResolver(source: .registry(try RegistryReference("127.0.0.1:\(corrupt.port)/demo:1")),
                                  registry: RegistryOptions(insecure: true, credentials: creds, attempts: 1))
        }
    }
}
