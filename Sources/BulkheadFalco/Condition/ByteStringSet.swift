import Foundation

/// A set of strings compared as UTF-8 bytes (Falco's `in` lists: shell names, sensitive file
/// names, package managers…), built once per condition and probed once per event.
///
/// `Set<String>` would hash with per-process-seeded SipHash and compare with Unicode
/// equivalence; Falco compares bytes, and a lookup here is one multiply-mix hash over 8-byte
/// words, a probe in an open-addressing table kept at most half full, and one `memcmp`.
struct ByteStringSet: Sendable {
    /// Every member's bytes, back to back.
    private let storage: [UInt8]
    /// Open addressing, at most half full; the size is a power of two. An empty slot has
    /// `length` -1; a probe compares the full hash before it compares bytes.
    private let slots: [Slot]
    private let mask: Int
    let count: Int

    private struct Slot {
        var hash: Int = 0
        var start: Int32 = 0
        var length: Int32 = -1
    }

    init(_ members: [String]) {
        var storage: [UInt8] = []
        var ranges: [(start: Int, length: Int)] = []
        var seen = Set<[UInt8]>()
        for m in members where seen.insert(Array(m.utf8)).inserted {
            ranges.append((storage.count, m.utf8.count))
            storage.append(contentsOf: m.utf8)
        }
        var size = 8
        while size < ranges.count * 2 { size <<= 1 }
        var slots = [Slot](repeating: Slot(), count: size)
        storage.withUnsafeBufferPointer { all in
            for r in ranges {
                let h = Self.hash(UnsafeBufferPointer(rebasing: all[r.start..<r.start + r.length]))
                var slot = h & (size - 1)
                while slots[slot].length >= 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = Slot(hash: h, start: Int32(r.start), length: Int32(r.length))
            }
        }
        self.storage = storage
        self.slots = slots
        self.mask = size - 1
        self.count = ranges.count
    }

    func contains(_ s: String) -> Bool {
        Bytes.withBytes(s) { contains(bytes: $0) }
    }

    func contains(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let h = Self.hash(bytes)
        return slots.withUnsafeBufferPointer { table in
            var slot = h & mask
            while true {
                let e = table[slot]
                if e.length < 0 { return false }
                if e.hash == h, Int(e.length) == bytes.count {
                    return bytes.count == 0 || storage.withUnsafeBufferPointer {
                        memcmp($0.baseAddress! + Int(e.start), bytes.baseAddress!, bytes.count) == 0
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// A multiply-mix over 8-byte little-endian words (the tail zero-padded), length folded in.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let raw = UnsafeRawPointer(bytes.baseAddress!)
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 29
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
        return Int(truncatingIfNeeded: h >> 1)
    }
}
