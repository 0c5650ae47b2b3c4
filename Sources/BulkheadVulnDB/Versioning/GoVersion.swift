/// A Go module version, ordered as `golang.org/x/mod/semver` orders it.
///
/// Go versions are SemVer 2.0.0 with Go's strictness: numbers without leading zeros, `v1`
/// and `v1.2` as shorthands for `v1.0.0` and `v1.2.0` (but a pre-release or build only after
/// all three numbers). Numbers may have up to 38 digits (Go has no limit; no real version
/// comes close). Pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`,
/// `v1.2.4-0.20191109021931-daa7c04131f5`, `v1.2.3-pre.0.20191109021931-daa7c04131f5`) are
/// plain pre-releases, so SemVer precedence puts them where Go does: below the release they
/// precede and after the version they were derived from. `+incompatible` is build metadata
/// and is ignored for ordering.
///
/// The leading `v` is optional: OSV's Go ranges write `1.2.3`, and the Go standard library's
/// floor is `1.22.0-0`. A Go toolchain tag, the version of the standard library in a binary, is
/// read as golang.org/x/vuln reads it: `go1.22.1` is `1.22.1`, `go1.21` is `1.21.0`,
/// `go1.21rc2` is `1.21.0-rc.2`, `go1.19beta1` is `1.19.0-beta.1`, `go1` is `1.0.0`.
public struct GoVersion: SchemeVersion {
    public static var scheme: VersionScheme { .go }

    let precedence: SemverPrecedence

    /// The text as it was given.
    public var description: String { precedence.text }
    /// Whether the version has a pre-release part; every pseudo-version has one.
    public var isPrerelease: Bool { !precedence.prerelease.isEmpty }

    public init(parsing text: String) throws(VersionParseError) {
        do {
            precedence = try VersionSyntax.withBytes(text) { b throws(VersionSyntax.Failure) in
                guard b.count > 2, b[0] == UInt8(ascii: "g"), b[1] == UInt8(ascii: "o") else {
                    return try SemverPrecedence.parse(b, go: true, text: text)
                }
                let semver = try Self.semver(toolchainTag: b)
                return try semver.withUnsafeBufferPointer { s throws(VersionSyntax.Failure) in
                    try SemverPrecedence.parse(s, go: true, text: text)
                }
            }
        } catch {
            throw VersionParseError(.go, text, error.reason)
        }
    }

    /// `goMAJOR[.MINOR[.PATCH]][(beta|rc)N]` as SemVer text (`MAJOR.MINOR.PATCH[-kind.N]`); the
    /// numbers are then checked by the SemVer parser.
    private static func semver(
        toolchainTag b: UnsafeBufferPointer<UInt8>
    ) throws(VersionSyntax.Failure) -> [UInt8] {
        var out: [UInt8] = []
        var i = 2, numbers = 0
        while numbers < 3, i < b.count, VersionSyntax.isDigit(b[i]) {
            if numbers > 0 { out.append(UInt8(ascii: ".")) }
            while i < b.count, VersionSyntax.isDigit(b[i]) {
                out.append(b[i])
                i += 1
            }
            numbers += 1
            guard numbers < 3, i + 1 < b.count, b[i] == UInt8(ascii: "."), VersionSyntax.isDigit(b[i + 1]) else {
                break
            }
            i += 1
        }
        guard numbers > 0 else { throw .init("a Go toolchain tag needs a version number after 'go'") }
        for _ in numbers..<3 { out += Array(".0".utf8) }
        guard i < b.count else { return out }
        let kindStart = i
        while i < b.count, VersionSyntax.isLetter(b[i]) { i += 1 }
        let kind = Array(b[kindStart..<i])
        guard kind == Array("rc".utf8) || kind == Array("beta".utf8), i < b.count else {
            throw .init("a Go toolchain tag ends in rcN or betaN, if anything")
        }
        out.append(UInt8(ascii: "-"))
        out += kind
        out.append(UInt8(ascii: "."))
        while i < b.count {
            guard VersionSyntax.isDigit(b[i]) else {
                throw .init("a Go toolchain tag ends in rcN or betaN, if anything")
            }
            out.append(b[i])
            i += 1
        }
        return out
    }

    public static func < (a: Self, b: Self) -> Bool { SemverPrecedence.compare(a.precedence, b.precedence) < 0 }
    public static func == (a: Self, b: Self) -> Bool { SemverPrecedence.compare(a.precedence, b.precedence) == 0 }
}
