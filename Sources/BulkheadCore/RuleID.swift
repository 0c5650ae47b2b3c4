/// A stable rule identifier such as `DF107`, or a peer's identifier used as an alias (`DL3007`).
///
/// Bulkhead's own ids are `<FAMILY><NNN>` (`DF` Dockerfile, `KS` Kubernetes, `IM` image,
/// `SE` secrets). Peer ids (Hadolint's `DL3008`, BuildKit's `FromAsCasing`) are accepted
/// wherever an id is accepted and resolved through ``RuleMetadata/aliases``.
public struct RuleID: RawRepresentable, Sendable, Hashable, Comparable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The family prefix (`DF`, `KS`, …): the leading uppercase letters.
    public var family: String { String(rawValue.prefix(while: { $0.isUppercase })) }

    /// Whether the id has Bulkhead's own shape: two uppercase letters and three digits.
    public var isWellFormed: Bool {
        let chars = Array(rawValue)
        return chars.count == 5 && chars[0].isUppercase && chars[1].isUppercase
            && chars[2...].allSatisfy { $0.isASCII && $0.isNumber }
    }
}
