/// The ordering rules of one packaging ecosystem. Every advisory range is compared with the
/// scheme of the package it names; a version that does not parse in its scheme is an error
/// that names the scheme and the text, never a silent "not affected".
public enum VersionScheme: String, Sendable, Hashable, CaseIterable, Codable {
    case dpkg, rpm, apk, pep440, semver, nuget, go, maven, rubygems, composer

    /// Parses `text` as a version of this scheme.
    public func parse(_ text: String) throws(VersionParseError) -> AnyVersion {
        switch self {
        case .dpkg: .dpkg(try DebianVersion(parsing: text))
        case .rpm: .rpm(try RPMVersion(parsing: text))
        case .apk: .apk(try APKVersion(parsing: text))
        case .pep440: .pep440(try PEP440Version(parsing: text))
        case .semver: .semver(try SemanticVersion(parsing: text))
        case .nuget: .nuget(try NuGetVersion(parsing: text))
        case .go: .go(try GoVersion(parsing: text))
        case .maven: .maven(try MavenVersion(parsing: text))
        case .rubygems: .rubygems(try RubyGemsVersion(parsing: text))
        case .composer: .composer(try ComposerVersion(parsing: text))
        }
    }

    /// Compares two version strings of this scheme.
    public func compare(_ a: String, _ b: String) throws(VersionParseError) -> Ordering {
        let x = try parse(a), y = try parse(b)
        return x < y ? .less : (y < x ? .greater : .equal)
    }

    public enum Ordering: Sendable, Hashable { case less, equal, greater }
}

/// A version of one scheme: parsed once from text, then compared with `<` and `==`.
///
/// `==` means "equal in precedence" (dpkg `1.0` == `1.0-0`... as the scheme defines it), not
/// "same text"; `description` gives the text back as it was parsed.
public protocol SchemeVersion: Comparable, Sendable, CustomStringConvertible {
    static var scheme: VersionScheme { get }
    init(parsing text: String) throws(VersionParseError)
}

/// Why a text is not a version of a scheme.
public struct VersionParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var scheme: VersionScheme
    public var text: String
    public var reason: String

    public init(_ scheme: VersionScheme, _ text: String, _ reason: String) {
        self.scheme = scheme
        self.text = text
        self.reason = reason
    }

    public var description: String { "invalid \(scheme.rawValue) version '\(text)': \(reason)" }
}

/// A parsed version of any scheme: one case per scheme, so comparing two of them is a switch
/// and a direct call (matching compares millions of versions; no existential boxes or casts).
/// Comparing versions of two different schemes is a programming error and orders by scheme
/// name so sorting stays total.
public enum AnyVersion: Sendable, Comparable, CustomStringConvertible {
    case dpkg(DebianVersion)
    case rpm(RPMVersion)
    case apk(APKVersion)
    case pep440(PEP440Version)
    case semver(SemanticVersion)
    case nuget(NuGetVersion)
    case go(GoVersion)
    case maven(MavenVersion)
    case rubygems(RubyGemsVersion)
    case composer(ComposerVersion)

    public var scheme: VersionScheme {
        switch self {
        case .dpkg: .dpkg
        case .rpm: .rpm
        case .apk: .apk
        case .pep440: .pep440
        case .semver: .semver
        case .nuget: .nuget
        case .go: .go
        case .maven: .maven
        case .rubygems: .rubygems
        case .composer: .composer
        }
    }

    public var description: String {
        switch self {
        case .dpkg(let v): v.description
        case .rpm(let v): v.description
        case .apk(let v): v.description
        case .pep440(let v): v.description
        case .semver(let v): v.description
        case .nuget(let v): v.description
        case .go(let v): v.description
        case .maven(let v): v.description
        case .rubygems(let v): v.description
        case .composer(let v): v.description
        }
    }

    /// -1, 0 or 1; nil when the schemes differ.
    private static func order(_ a: AnyVersion, _ b: AnyVersion) -> Int? {
        func cmp<V: SchemeVersion>(_ x: V, _ y: V) -> Int { x < y ? -1 : (y < x ? 1 : 0) }
        switch (a, b) {
        case (.dpkg(let x), .dpkg(let y)): return cmp(x, y)
        case (.rpm(let x), .rpm(let y)): return cmp(x, y)
        case (.apk(let x), .apk(let y)): return cmp(x, y)
        case (.pep440(let x), .pep440(let y)): return cmp(x, y)
        case (.semver(let x), .semver(let y)): return cmp(x, y)
        case (.nuget(let x), .nuget(let y)): return cmp(x, y)
        case (.go(let x), .go(let y)): return cmp(x, y)
        case (.maven(let x), .maven(let y)): return cmp(x, y)
        case (.rubygems(let x), .rubygems(let y)): return cmp(x, y)
        case (.composer(let x), .composer(let y)): return cmp(x, y)
        default: return nil
        }
    }

    public static func < (a: AnyVersion, b: AnyVersion) -> Bool {
        guard let o = order(a, b) else { return a.scheme.rawValue < b.scheme.rawValue }
        return o < 0
    }

    public static func == (a: AnyVersion, b: AnyVersion) -> Bool { order(a, b) == 0 }
}
