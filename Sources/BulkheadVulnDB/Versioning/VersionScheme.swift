/// The ordering rules of one packaging ecosystem. Every advisory range is compared with the
/// scheme of the package it names; a version that does not parse in its scheme is an error
/// that names the scheme and the text, never a silent "not affected".
public enum VersionScheme: String, Sendable, Hashable, CaseIterable, Codable {
    case dpkg, rpm, apk, pep440, semver, nuget, go, maven, rubygems, composer

    /// Parses `text` as a version of this scheme.
    public func parse(_ text: String) throws(VersionParseError) -> AnyVersion {
        switch self {
        case .dpkg: AnyVersion(try DebianVersion(parsing: text))
        case .rpm: AnyVersion(try RPMVersion(parsing: text))
        case .apk: AnyVersion(try APKVersion(parsing: text))
        case .pep440: AnyVersion(try PEP440Version(parsing: text))
        case .semver: AnyVersion(try SemanticVersion(parsing: text))
        case .nuget: AnyVersion(try NuGetVersion(parsing: text))
        case .go: AnyVersion(try GoVersion(parsing: text))
        case .maven: AnyVersion(try MavenVersion(parsing: text))
        case .rubygems: AnyVersion(try RubyGemsVersion(parsing: text))
        case .composer: AnyVersion(try ComposerVersion(parsing: text))
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

/// A parsed version of any scheme. Comparing versions of two different schemes is a
/// programming error and orders by scheme name so sorting stays total.
public struct AnyVersion: Sendable, Comparable, CustomStringConvertible {
    public let scheme: VersionScheme
    private let box: any VersionBox

    public init<V: SchemeVersion>(_ version: V) {
        scheme = V.scheme
        box = Box(value: version)
    }

    public var description: String { box.text }

    public static func < (a: AnyVersion, b: AnyVersion) -> Bool {
        guard a.scheme == b.scheme else { return a.scheme.rawValue < b.scheme.rawValue }
        return a.box.less(than: b.box)
    }

    public static func == (a: AnyVersion, b: AnyVersion) -> Bool {
        a.scheme == b.scheme && !a.box.less(than: b.box) && !b.box.less(than: a.box)
    }
}

private protocol VersionBox: Sendable {
    var text: String { get }
    func less(than other: any VersionBox) -> Bool
}

private struct Box<V: SchemeVersion>: VersionBox {
    let value: V
    var text: String { value.description }
    func less(than other: any VersionBox) -> Bool {
        guard let o = other as? Box<V> else { return false }
        return value < o.value
    }
}
