/// An RPM version, `[epoch:]version[-release]`, ordered as rpm 4.18's `rpm.labelCompare`:
/// epochs numerically (missing is 0), then version and release with `rpmvercmp`.
///
/// `rpmvercmp` splits on anything that is not an ASCII letter or digit, compares digit runs
/// numerically (leading zeros dropped) and letter runs bytewise, ranks digits above letters,
/// sorts `~` before everything (even the end of the string) and `^` after the end of the string
/// but before anything else. The split is rpm's `parseEVR`: the epoch is a run of leading digits
/// ended by `:`, the release is what follows the last `-`. A version without a release sorts
/// before the same version with any release (`1.0` < `1.0-` < `1.0-1`), as in `labelCompare`.
///
/// rpm accepts nearly any text; here empty text, an empty version part and whitespace or control
/// characters are errors, since they only come from broken input.
///
/// The value keeps just the text and offsets into it: short versions live inline in the
/// `String` and comparing never allocates.
public struct RPMVersion: SchemeVersion {
    public static var scheme: VersionScheme { .rpm }

    private let text: String
    /// The epoch; 0 when the text has none.
    public let epoch: Int
    private let versionStart: Int32, versionEnd: Int32
    /// Where the release starts, or -1 when the text has no `-`.
    private let releaseStart: Int32

    /// The version part (between the epoch and the last `-`).
    public var version: String { slice(Int(versionStart), Int(versionEnd)) }
    /// The release part after the last `-`, or nil when the text has no `-` (which is not the
    /// same as an empty release: `1.0` < `1.0-`).
    public var release: String? { releaseStart < 0 ? nil : slice(Int(releaseStart), text.utf8.count) }
    /// The text as it was given.
    public var description: String { text }

    public init(parsing text: String) throws(VersionParseError) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        let parsed = withBytes(text) { Self.split($0) }
        switch parsed {
        case .failure(let reason): throw VersionParseError(.rpm, text, reason)
        case .success(let p):
            epoch = p.epoch
            versionStart = Int32(p.version.lowerBound)
            versionEnd = Int32(p.version.upperBound)
            releaseStart = Int32(p.releaseStart)
        }
    }

    private enum Split {
        case success((epoch: Int, version: Range<Int>, releaseStart: Int))
        case failure(String)
    }

    /// rpm's `parseEVR`: leading digits ended by `:` are the epoch, the release follows the
    /// last `-`.
    private static func split(_ all: UnsafeBufferPointer<UInt8>) -> Split {
        guard !all.isEmpty else { return .failure("version string is empty") }
        guard all.count < Int(Int32.max) else { return .failure("version string is too long") }
        var hyphen = -1
        for (i, c) in all.enumerated() {
            if c <= 0x20 || c == 0x7F { return .failure("whitespace or control character in version") }
            if c == UInt8(ascii: "-") { hyphen = i }
        }
        var s = 0
        var epoch = 0
        var tooBig = false
        while s < all.count, isDigit(all[s]) {
            epoch = epoch * 10 + Int(all[s] &- 48)
            if epoch > Int(UInt32.max) { tooBig = true; epoch = 0 }
            s += 1
        }
        var versionStart = 0
        if s < all.count, all[s] == UInt8(ascii: ":") {
            if tooBig { return .failure("epoch is too big") }
            versionStart = s + 1
        } else {
            epoch = 0
        }
        let versionEnd = hyphen >= 0 ? hyphen : all.count
        guard versionEnd > versionStart else { return .failure("version part is empty") }
        return .success((epoch, versionStart..<versionEnd, hyphen >= 0 ? hyphen + 1 : -1))
    }

    private func slice(_ from: Int, _ to: Int) -> String {
        withBytes(text) { String(decoding: UnsafeBufferPointer(rebasing: $0[from..<to]), as: UTF8.self) }
    }

    /// `labelCompare`'s three-way result: -1, 0 or 1.
    public static func compare(_ a: RPMVersion, _ b: RPMVersion) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        return withBytes(a.text) { pa in
            withBytes(b.text) { pb in
                let r = rpmvercmp(UnsafeBufferPointer(rebasing: pa[Int(a.versionStart)..<Int(a.versionEnd)]),
                                  UnsafeBufferPointer(rebasing: pb[Int(b.versionStart)..<Int(b.versionEnd)]))
                if r != 0 { return r }
                switch (a.releaseStart >= 0, b.releaseStart >= 0) {
                case (false, false): return 0
                case (false, true): return -1
                case (true, false): return 1
                case (true, true):
                    return rpmvercmp(UnsafeBufferPointer(rebasing: pa[Int(a.releaseStart)...]),
                                     UnsafeBufferPointer(rebasing: pb[Int(b.releaseStart)...]))
                }
            }
        }
    }

    public static func < (a: RPMVersion, b: RPMVersion) -> Bool { compare(a, b) < 0 }
    /// Equal in rpm's order (`1.0` == `0:1.0`, `1.01` == `1.1`), not equal text.
    public static func == (a: RPMVersion, b: RPMVersion) -> Bool { compare(a, b) == 0 }

    /// rpm's segment comparison (rpmio/rpmvercmp.c), over bytes with "end of buffer" in place of
    /// the C string's terminator.
    private static func rpmvercmp(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = a.count, m = b.count
        if n == m, memoryEqual(a, b) { return 0 }
        let tilde = UInt8(ascii: "~"), caret = UInt8(ascii: "^")
        var i = 0, j = 0
        while i < n || j < m {
            while i < n, !isAlnum(a[i]), a[i] != tilde, a[i] != caret { i += 1 }
            while j < m, !isAlnum(b[j]), b[j] != tilde, b[j] != caret { j += 1 }
            let ca: UInt8 = i < n ? a[i] : 0, cb: UInt8 = j < m ? b[j] : 0
            if ca == tilde || cb == tilde {
                if ca != tilde { return 1 }
                if cb != tilde { return -1 }
                i += 1
                j += 1
                continue
            }
            if ca == caret || cb == caret {
                if i == n { return -1 }
                if j == m { return 1 }
                if ca != caret { return 1 }
                if cb != caret { return -1 }
                i += 1
                j += 1
                continue
            }
            if i == n || j == m { break }
            var ie = i, je = j
            let numeric = isDigit(a[i])
            if numeric {
                while ie < n, isDigit(a[ie]) { ie += 1 }
                while je < m, isDigit(b[je]) { je += 1 }
            } else {
                while ie < n, isLetter(a[ie]) { ie += 1 }
                while je < m, isLetter(b[je]) { je += 1 }
            }
            // Segments of different kinds: digits are newer than letters.
            if je == j { return numeric ? 1 : -1 }
            if numeric {
                while i < ie, a[i] == UInt8(ascii: "0") { i += 1 }
                while j < je, b[j] == UInt8(ascii: "0") { j += 1 }
                if ie - i != je - j { return ie - i > je - j ? 1 : -1 }
            }
            while i < ie, j < je {
                if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
                i += 1
                j += 1
            }
            if i < ie { return 1 }
            if j < je { return -1 }
        }
        if i >= n && j >= m { return 0 }
        return i >= n ? -1 : 1
    }
}

/// The UTF-8 of a string without copying it (a copy only if it is not contiguous).
@inline(__always)
private func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    return Array(s.utf8).withUnsafeBufferPointer(body)
}

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
@inline(__always) private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 97 < 26 }
@inline(__always) private func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }
@inline(__always) private func memoryEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    for k in 0..<a.count where a[k] != b[k] { return false }
    return true
}
