import Foundation
// TEMPORARY stubs until the real comparators land (removed before commit).
public struct SemanticVersion: SchemeVersion {
    public static let scheme = VersionScheme.semver
    public let description: String
    public init(parsing text: String) throws(VersionParseError) { if text.isEmpty { throw VersionParseError(.semver, text, "empty") }; description = text }
    public static func < (a: Self, b: Self) -> Bool { a.description.compare(b.description, options: .numeric) == .orderedAscending }
}
public struct NuGetVersion: SchemeVersion {
    public static let scheme = VersionScheme.nuget
    public let description: String
    public init(parsing text: String) throws(VersionParseError) { if text.isEmpty { throw VersionParseError(.nuget, text, "empty") }; description = text }
    public static func < (a: Self, b: Self) -> Bool { a.description.compare(b.description, options: .numeric) == .orderedAscending }
}
public struct GoVersion: SchemeVersion {
    public static let scheme = VersionScheme.go
    public let description: String
    public init(parsing text: String) throws(VersionParseError) { if text.isEmpty { throw VersionParseError(.go, text, "empty") }; description = text }
    public static func < (a: Self, b: Self) -> Bool { a.description.compare(b.description, options: .numeric) == .orderedAscending }
}
public struct MavenVersion: SchemeVersion {
    public static let scheme = VersionScheme.maven
    public let description: String
    public init(parsing text: String) throws(VersionParseError) { if text.isEmpty { throw VersionParseError(.maven, text, "empty") }; description = text }
    public static func < (a: Self, b: Self) -> Bool { a.description.compare(b.description, options: .numeric) == .orderedAscending }
}
public struct RubyGemsVersion: SchemeVersion {
    public static let scheme = VersionScheme.rubygems
    public let description: String
    public init(parsing text: String) throws(VersionParseError) { if text.isEmpty { throw VersionParseError(.rubygems, text, "empty") }; description = text }
    public static func < (a: Self, b: Self) -> Bool { a.description.compare(b.description, options: .numeric) == .orderedAscending }
}
public struct ComposerVersion: SchemeVersion {
    public static let scheme = VersionScheme.composer
    public let description: String
    public init(parsing text: String) throws(VersionParseError) { if text.isEmpty { throw VersionParseError(.composer, text, "empty") }; description = text }
    public static func < (a: Self, b: Self) -> Bool { a.description.compare(b.description, options: .numeric) == .orderedAscending }
}
