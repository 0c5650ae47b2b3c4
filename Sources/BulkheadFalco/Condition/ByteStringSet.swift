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
    /// Per member: where its bytes start in `storage`, and how many there are.
    private let starts: [Int]
    private let lengths: [Int]
    /// Member index + 1 per slot (0 = empty); the size is a power of two.
    private let slots: [Int32]
    private let mask: Int

    init(_ members: [String]) {
        var storage: [UInt8] = []
        var starts: [Int] = [], lengths: [Int] = []
        var seen = Set<[UInt8]>()
        for m in members where seen.insert(Array(m.utf8)).inserted {
            starts.append(storage.count)
            lengths.append(m.utf8.count)
            storage.append(contentsOf: m.utf8)
        }
        var size = 8
        while size < starts.count * 2 { size <<= 1 }
        var slots = [Int32](repeating: 0, count: size)
        storage.withUnsafeBufferPointer { all in
            for i in starts.indices {
                let bytes = UnsafeBufferPointer(rebasing: all[starts[i]..<starts[i] + lengths[i]])
                var slot = Self.hash(bytes) & (size - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = Int32(i + 1)
            }
        }
        self.storage = storage
        self.starts = starts
        self.lengths = lengths
        self.slots = slots
        self.mask = size - 1
    }

    var count: Int { starts.count }

    func contains(_ s: String) -> Bool {
        Bytes.withBytes(s) { contains(bytes: $0) }
    }

    func contains(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var slot = Self.hash(bytes) & mask
        return storage.withUnsafeBufferPointer { all in
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return false }
                let i = entry - 1
                if lengths[i] == bytes.count,
                   bytes.count == 0 || memcmp(all.baseAddress! + starts[i], bytes.baseAddress!, bytes.count) == 0 {
                    return true
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// A multiply-mix over 8-byte little-endian words (the tail zero-padded), length folded in.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return Int(truncatingIfNeeded: h >> 1) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(base[i]) << shift
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
