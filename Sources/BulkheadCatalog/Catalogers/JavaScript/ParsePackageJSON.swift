import BulkheadCore

/// The fields of an installed package's `package.json` that cataloging needs.
public struct NpmPackageJSON: Sendable, Hashable {
    public var name: String
    public var version: String
    /// From `license` (a string or a legacy `{ "type": … }` object), else the legacy `licenses`
    /// array.
    public var licenses: [String]
    public var isPrivate: Bool
}

/// Pure parser for one `package.json`.
enum ParsePackageJSON {
    /// The manifest in `text`, or `nil` with a diagnostic when it is not a JSON object or lacks
    /// `name` or `version`.
    static func parse(_ text: String, path: String) -> (manifest: NpmPackageJSON?, diagnostics: [Diagnostic]) {
        let (raw, problem) = JSONInput.decode(Raw.self, from: text, path: path, what: "package.json")
        guard let raw else { return (nil, problem.map { [$0] } ?? []) }
        guard let name = raw.name?.trimmingWhitespace(), !name.isEmpty else {
            return (nil, [.catalog(.missingField, "package.json has no \"name\"; skipped", file: path)])
        }
        guard let version = raw.version?.trimmingWhitespace(), !version.isEmpty else {
            return (nil, [.catalog(.missingField, "package.json of '\(name)' has no \"version\"; skipped", file: path)])
        }
        return (NpmPackageJSON(name: name, version: version, licenses: raw.licenses, isPrivate: raw.isPrivate), [])
    }

    private struct Raw: Decodable {
        var name: String?
        var version: String?
        var licenses: [String]
        var isPrivate: Bool

        init(from decoder: any Decoder) throws {
            let fields = try decoder.container(keyedBy: JSONKey.self)
            name = fields.text("name")
            version = fields.text("version")
            let declared = fields.licenses("license")
            licenses = declared.isEmpty ? fields.licenses("licenses") : declared
            isPrivate = fields.flag("private")
        }
    }
}
