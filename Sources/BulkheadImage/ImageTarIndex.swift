import Foundation

/// Offsets of entries in a plain (uncompressed) outer image tar, so layer blobs can be streamed
/// straight from the file (`FileByteSource(path:offset:length:)`) instead of held in memory.
/// Understands ustar, GNU `L` long names and PAX `x` path/size; anything unexpected returns nil
/// and the caller falls back to reading through ``TarReader``.
enum ImageTarIndex {
    struct Item: Hashable { var offset: Int; var size: Int }

    static func build(path: String, names: Set<String>) -> [String: Item]? {
        guard !names.isEmpty else { return [:] }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var found: [String: Item] = [:]
        var offset = 0
        var longName: String?
        var paxPath: String?
        var paxSize: Int?
        var headers = 0
        while found.count < names.count {
            headers += 1
            guard headers <= 10_000_000 else { return nil }
            guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
                  let data = try? handle.read(upToCount: 512), data.count == 512 else { return nil }
            let h = [UInt8](data)
            if h.allSatisfy({ $0 == 0 }) { break }
            // Checksum: header bytes with the checksum field read as spaces.
            var sum = 0
            for (i, b) in h.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(b) }
            guard let stored = octal(h[148..<156]), stored == sum else { return nil }
            guard var size = number(h[124..<136]), size >= 0 else { return nil }
            let type = h[156]
            let dataOffset = offset + 512
            if let s = paxSize, type != UInt8(ascii: "x"), type != UInt8(ascii: "g"), type != UInt8(ascii: "L") { size = s }
            let next = dataOffset + (size + 511) / 512 * 512
            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "x"):
                guard size <= 1 << 20, (try? handle.seek(toOffset: UInt64(dataOffset))) != nil,
                      let body = try? handle.read(upToCount: size), body.count == size else { return nil }
                if type == UInt8(ascii: "L") {
                    longName = cString([UInt8](body)[...])
                } else {
                    let (p, s) = pax([UInt8](body))
                    if let p { paxPath = p }
                    if let s { paxSize = s }
                }
            case UInt8(ascii: "g"):
                break
            default:
                var name = cString(h[0..<100])
                let magic = cString(h[257..<262])
                if magic == "ustar" {
                    let prefix = cString(h[345..<500])
                    if !prefix.isEmpty { name = prefix + "/" + name }
                }
                if let l = longName { name = l }
                if let p = paxPath { name = p }
                longName = nil
                paxPath = nil
                paxSize = nil
                let isRegular = type == 0 || type == UInt8(ascii: "0") || type == UInt8(ascii: "7")
                let n = OuterArchive.normalise(name)
                if isRegular, names.contains(n), found[n] == nil { found[n] = Item(offset: dataOffset, size: size) }
            }
            offset = next
        }
        return found
    }

    static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    static func octal(_ bytes: ArraySlice<UInt8>) -> Int? {
        var v = 0
        var seen = false
        for b in bytes {
            if b == 0 || b == 32 { if seen { break } else { continue } }
            guard b >= 48, b <= 55 else { return nil }
            seen = true
            v = v * 8 + Int(b - 48)
            guard v < 1 << 50 else { return nil }
        }
        return v
    }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard let first = bytes.first else { return nil }
        if first & 0x80 != 0 {
            guard first == 0x80 else { return nil }
            var v = 0
            for b in bytes.dropFirst() {
                guard v < 1 << 50 else { return nil }
                v = v << 8 | Int(b)
            }
            return v
        }
        return octal(bytes)
    }

    /// `path` and `size` from PAX records ("LEN key=value\n").
    static func pax(_ body: [UInt8]) -> (String?, Int?) {
        var path: String?
        var size: Int?
        var i = 0
        while i < body.count {
            guard let sp = body[i...].firstIndex(of: 32),
                  let len = Int(String(decoding: body[i..<sp], as: UTF8.self)), len > 0, i + len <= body.count else { break }
            let record = body[(sp + 1)..<(i + len)]
            if let eq = record.firstIndex(of: UInt8(ascii: "=")) {
                let key = String(decoding: record[record.startIndex..<eq], as: UTF8.self)
                var value = Array(record[(eq + 1)...])
                if value.last == 10 { value.removeLast() }
                if key == "path" { path = String(decoding: value, as: UTF8.self) }
                if key == "size" { size = Int(String(decoding: value, as: UTF8.self)) }
            }
            i += len
        }
        return (path, size)
    }
}
