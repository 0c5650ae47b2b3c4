import Foundation
import Testing

@testable import BulkheadImage

@Suite("Image tar index")
struct ImageTarIndexTests {
    @Test("offsets agree with TarReader contents, and windowed layers stream like in-memory ones")
    func offsets() throws {
        for mode in ["docker", "docker-blobs", "oci-tar"] {
            let path = try makeImage(mode)
            var expected: [String: [UInt8]] = [:]
            var reader = TarReader(try FileByteSource(path: path), name: path)
            while let e = try reader.next() {
                if e.kind == .regular { expected[e.path] = try reader.readContents(limit: 1 << 24) }
            }
            let index = try #require(ImageTarIndex.build(path: path, names: Set(expected.keys)))
            #expect(index.count == expected.count)
            let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            for (name, item) in index {
                #expect(Array(data[item.offset..<(item.offset + item.size)]) == expected[name], "\(mode): \(name)")
            }
        }
    }

    @Test("a gzipped outer tar is not indexed (caller falls back to TarReader)")
    func gzipped() throws {
        let path = try makeImage("docker-gz")
        #expect(ImageTarIndex.build(path: path, names: ["manifest.json"]) == nil)
    }
}
