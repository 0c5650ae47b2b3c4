/// A Debian package version, `[epoch:]upstream[-revision]`, ordered exactly as dpkg orders it
/// (`verrevcmp` in dpkg's `lib/dpkg/version.c`).
///
/// Parsing follows `dpkg --compare-versions`: blanks around the text are ignored, the epoch is the
/// number before the first `:`, the revision is whatever follows the last `-`. dpkg only warns
/// about an upstream part that does not start with a digit, so that is accepted. dpkg also only
/// warns about characters outside its set (letters, digits, `.+~`, and `-:` in the upstream
/// part), but here they are an error: a version with `_`, `,` or a space in it comes from broken
/// input, and ordering it anyway would hide that.
///
/// The value keeps just the text and offsets into it: short versions live inline in the
/// `String` and comparing never allocates.
public struct DebianVersion: SchemeVersion {
    public static var scheme: VersionScheme { .dpkg }

    private let text: String
    /// The epoch; 0 when the text has none (`1.0` and `0:1.0` are the same version).
    public let epoch: Int
    private let upstreamStart: Int32, upstreamEnd: Int32, revisionStart: Int32, end: Int32

    /// The upstream version (between the epoch and the last `-`).
    public var upstream: String { slice(upstreamStart, upstreamEnd) }
    /// The Debian revision (after the last `-`); empty when there is none, which dpkg orders
    /// the same as `0`.
    public var revision: String { slice(revisionStart, end) }
    /// The text as it was given.
    public var description: String { text }

    public init(parsing text: String) throws(VersionParseError) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        let parsed = withBytes(text) { Self.split($0) }
        switch parsed {
        case .failure(let reason): throw VersionParseError(.dpkg, text, reason)
        case .success(let p):
            epoch = p.epoch
            upstreamStart = Int32(p.upstream.lowerBound)
            upstreamEnd = Int32(p.upstream.upperBound)
            revisionStart = Int32(p.revision.lowerBound)
            end = Int32(p.revision.upperBound)
        }
    }

    private struct Parts {
        var epoch: Int, upstream: Range<Int>, revision: Range<Int>
    }

    private enum Split {
        case success(Parts)
        case failure(String)
    }

    /// dpkg's `parseversion`, with invalid characters made errors.
    private static func split(_ all: UnsafeBufferPointer<UInt8>) -> Split {
        guard all.count < Int(Int32.max) else { return .failure("version string is too long") }
        var start = 0, end = all.count
        while start < end, isBlank(all[start]) { start += 1 }
        while end > start, isBlank(all[end - 1]) { end -= 1 }
        guard start < end else { return .failure("version string is empty") }
        var colon = -1
        for i in start..<end {
            if isBlank(all[i]) { return .failure("version string has embedded spaces") }
            if colon < 0, all[i] == UInt8(ascii: ":") { colon = i }
        }

        // The epoch is read as dpkg reads it (strtol): an optional sign, then digits that must
        // run up to the colon.
        var epoch = 0
        var versionStart = start
        if colon >= 0 {
            var i = start
            var negative = false
            if all[i] == UInt8(ascii: "+") || all[i] == UInt8(ascii: "-") {
                negative = all[i] == UInt8(ascii: "-")
                i += 1
            }
            let digits = i
            var tooBig = false
            while i < colon, isDigit(all[i]) {
                epoch = epoch * 10 + Int(all[i] &- 48)
                if epoch > Int(Int32.max) { tooBig = true; epoch = Int(Int32.max) }
                i += 1
            }
            guard i > digits else { return .failure("epoch in version is empty") }
            guard i == colon else { return .failure("epoch in version is not number") }
            if negative && epoch != 0 { return .failure("epoch in version is negative") }
            if tooBig { return .failure("epoch in version is too big") }
            versionStart = colon + 1
            guard versionStart < end else { return .failure("nothing after colon in version number") }
        }

        var hyphen = -1
        for i in stride(from: end - 1, through: versionStart, by: -1) where all[i] == UInt8(ascii: "-") {
            hyphen = i
            break
        }
        let upstreamEnd = hyphen >= 0 ? hyphen : end
        guard upstreamEnd > versionStart else { return .failure("version number is empty") }
        if hyphen >= 0, hyphen + 1 == end { return .failure("revision number is empty") }
        for i in versionStart..<upstreamEnd where !isUpstreamChar(all[i]) {
            return .failure("invalid character in version number")
        }
        let revisionStart = hyphen >= 0 ? hyphen + 1 : end
        for i in revisionStart..<end where !isRevisionChar(all[i]) {
            return .failure("invalid character in revision number")
        }
        return .success(Parts(epoch: epoch, upstream: versionStart..<upstreamEnd, revision: revisionStart..<end))
    }

    private func slice(_ from: Int32, _ to: Int32) -> String {
        withBytes(text) { String(decoding: UnsafeBufferPointer(rebasing: $0[Int(from)..<Int(to)]), as: UTF8.self) }
    }

    /// dpkg's three-way comparison: negative, zero or positive.
    public static func compare(_ a: DebianVersion, _ b: DebianVersion) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        return withBytes(a.text) { pa in
            withBytes(b.text) { pb in
                let r = verrevcmp(UnsafeBufferPointer(rebasing: pa[Int(a.upstreamStart)..<Int(a.upstreamEnd)]),
                                  UnsafeBufferPointer(rebasing: pb[Int(b.upstreamStart)..<Int(b.upstreamEnd)]))
                if r != 0 { return r }
                return verrevcmp(UnsafeBufferPointer(rebasing: pa[Int(a.revisionStart)..<Int(a.end)]),
                                 UnsafeBufferPointer(rebasing: pb[Int(b.revisionStart)..<Int(b.end)]))
            }
        }
    }

    public static func < (a: DebianVersion, b: DebianVersion) -> Bool { compare(a, b) < 0 }
    /// Equal in dpkg's order (`1.0` == `0:1.0-0`), not equal text.
    public static func == (a: DebianVersion, b: DebianVersion) -> Bool { compare(a, b) == 0 }

    /// dpkg's weight of one byte in a non-digit run: `~` before the end of the string, the end
    /// before letters, letters before everything else.
    @inline(__always)
    private static func order(_ c: UInt8) -> Int {
        if isLetter(c) { return Int(c) }
        if c == UInt8(ascii: "~") { return -1 }
        return Int(c) + 256
    }

    /// Alternating non-digit runs (by `order`) and digit runs (numerically, any length).
    private static func verrevcmp(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = a.count, m = b.count
        var i = 0, j = 0
        while i < n || j < m {
            while (i < n && !isDigit(a[i])) || (j < m && !isDigit(b[j])) {
                // The end of a string, like a digit, weighs 0.
                let ac = i < n && !isDigit(a[i]) ? order(a[i]) : 0
                let bc = j < m && !isDigit(b[j]) ? order(b[j]) : 0
                if ac != bc { return ac - bc }
                i += 1
                j += 1
            }
            while i < n, a[i] == UInt8(ascii: "0") { i += 1 }
            while j < m, b[j] == UInt8(ascii: "0") { j += 1 }
            var firstDiff = 0
            while i < n, j < m, isDigit(a[i]), isDigit(b[j]) {
                if firstDiff == 0 { firstDiff = Int(a[i]) - Int(b[j]) }
                i += 1
                j += 1
            }
            if i < n, isDigit(a[i]) { return 1 }
            if j < m, isDigit(b[j]) { return -1 }
            if firstDiff != 0 { return firstDiff }
        }
        return 0
    }
}

/// The UTF-8 of a string without copying it (a copy only if it is not contiguous).
@inline(__always)
private func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    return Array(s.utf8).withUnsafeBufferPointer(body)
}

@inline(__always) private func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
@inline(__always) private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 97 < 26 }
@inline(__always) private func isUpstreamChar(_ c: UInt8) -> Bool {
    isDigit(c) || isLetter(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: "~")
        || c == UInt8(ascii: "-") || c == UInt8(ascii: ":")
}
@inline(__always) private func isRevisionChar(_ c: UInt8) -> Bool {
    isDigit(c) || isLetter(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: "~")
}
