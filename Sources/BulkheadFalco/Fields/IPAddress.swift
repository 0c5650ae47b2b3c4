import Foundation

/// An IPv4 or IPv6 address held in 128 bits (IPv4 as the low 32 bits with `isV4`), and a CIDR
/// network. Parsing accepts dotted quads, RFC 4291 text (with `::` and an IPv4 tail) and
/// `[v6]` brackets.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64
    public var isV4: Bool

    /// IPv4 from its four bytes in network order.
    public init(v4 b: (UInt8, UInt8, UInt8, UInt8)) {
        high = 0
        low = UInt64(b.0) << 24 | UInt64(b.1) << 16 | UInt64(b.2) << 8 | UInt64(b.3)
        isV4 = true
    }

    /// IPv6 from its sixteen bytes in network order.
    public init(v6 bytes: some Collection<UInt8>) {
        var h: UInt64 = 0, l: UInt64 = 0
        for (i, b) in bytes.prefix(16).enumerated() {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
        }
        high = h
        low = l
        isV4 = false
    }

    public init?(_ text: some StringProtocol) {
        var t = Substring(text)
        if t.hasPrefix("["), t.hasSuffix("]") { t = t.dropFirst().dropLast() }
        if let v4 = IPAddress.parseV4(t) {
            high = 0
            low = UInt64(v4)
            isV4 = true
            return
        }
        guard let (h, l) = IPAddress.parseV6(t) else { return nil }
        high = h
        low = l
        isV4 = false
    }

    static func parseV4(_ t: Substring) -> UInt32? {
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, let n = UInt32(p), n <= 255 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    static func parseV6(_ t: Substring) -> (UInt64, UInt64)? {
        guard t.contains(":"), t.count <= 45 else { return nil }
        var groups: [UInt16] = []
        let halves = t.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parseGroups(_ s: String, allowV4Tail: Bool) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let items = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, item) in items.enumerated() {
                if allowV4Tail, i == items.count - 1, item.contains("."), let v4 = parseV4(item) {
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xffff))
                } else {
                    guard !item.isEmpty, item.count <= 4, let g = UInt16(item, radix: 16) else { return nil }
                    out.append(g)
                }
            }
            return out
        }
        if halves.count == 2 {
            guard let a = parseGroups(halves[0], allowV4Tail: false), let b = parseGroups(halves[1], allowV4Tail: true),
                  a.count + b.count <= 7 else { return nil }
            groups = a + Array(repeating: 0, count: 8 - a.count - b.count) + b
        } else {
            guard let a = parseGroups(halves[0], allowV4Tail: true), a.count == 8 else { return nil }
            groups = a
        }
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<4 { h = h << 16 | UInt64(groups[i]) }
        for i in 4..<8 { l = l << 16 | UInt64(groups[i]) }
        return (h, l)
    }

    public var description: String { description(bracketed: false) }

    public func description(bracketed: Bool) -> String {
        if isV4 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 255).\((v >> 8) & 255).\(v & 255)"
        }
        var groups: [UInt16] = []
        for i in (0..<4).reversed() { groups.append(UInt16(truncatingIfNeeded: high >> (UInt64(i) * 16))) }
        for i in (0..<4).reversed() { groups.append(UInt16(truncatingIfNeeded: low >> (UInt64(i) * 16))) }
        // Longest run of zero groups (length >= 2) becomes "::".
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8, groups[j] == 0 { j += 1 }
                if j - i > bestLen, j - i >= 2 { bestStart = i; bestLen = j - i }
                i = j
            } else { i += 1 }
        }
        var text = ""
        var k = 0
        while k < 8 {
            if k == bestStart {
                text += "::"
                k += bestLen
                continue
            }
            if !text.isEmpty, !text.hasSuffix(":") { text += ":" }
            text += String(groups[k], radix: 16)
            k += 1
        }
        return bracketed ? "[\(text)]" : text
    }
}

/// `address/prefix`; a bare address is a /32 (or /128) network.
public struct IPNetwork: Sendable, Hashable {
    public var address: IPAddress
    public var prefix: Int

    public init?(_ text: some StringProtocol) {
        let t = String(text)
        if let slash = t.firstIndex(of: "/") {
            guard let a = IPAddress(t[..<slash]), let p = Int(t[t.index(after: slash)...]) else { return nil }
            guard p >= 0, p <= (a.isV4 ? 32 : 128) else { return nil }
            address = a
            prefix = p
        } else {
            guard let a = IPAddress(t) else { return nil }
            address = a
            prefix = a.isV4 ? 32 : 128
        }
    }

    public func contains(_ ip: IPAddress) -> Bool {
        guard ip.isV4 == address.isV4 else { return false }
        if address.isV4 {
            if prefix == 0 { return true }
            let mask = UInt64(UInt32.max << UInt32(32 - prefix))
            return (ip.low & mask) == (address.low & mask)
        }
        func masked(_ h: UInt64, _ l: UInt64) -> (UInt64, UInt64) {
            if prefix >= 64 {
                let lm: UInt64 = prefix == 128 ? .max : (prefix == 64 ? 0 : ~(UInt64.max >> UInt64(prefix - 64)))
                return (h, l & lm)
            }
            let hm: UInt64 = prefix == 0 ? 0 : ~(UInt64.max >> UInt64(prefix))
            return (h & hm, 0)
        }
        return masked(ip.high, ip.low) == masked(address.high, address.low)
    }
}
