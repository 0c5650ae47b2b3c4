import Foundation
import Testing

@testable import BulkheadImage

@Suite("SHA-256 digests")
struct SHA256DigestTests {
    @Test("digests match the FIPS 180 test vectors and sha256sum")
    func vectors() throws {
        #expect(SHA256Digest.of(Array("abc".utf8)) == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.of([UInt8]()) == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var s = SHA256Digest.Stream()
        s.update(Array("a".utf8))
        s.update(Array("bc".utf8))
        #expect(s.finalize() == SHA256Digest.of(Array("abc".utf8)))
    }
}
