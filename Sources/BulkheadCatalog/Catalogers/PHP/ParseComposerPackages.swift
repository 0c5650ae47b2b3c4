import BulkheadCore

/// One package recorded by Composer in `composer.lock` or `vendor/composer/installed.json`.
public struct ComposerPackage: Sendable, Hashable {
    public var name: String
    public var version: String
    /// The `license` field: an array of SPDX identifiers (or, in old files, one string).
    public var licenses: [String]
    /// Listed under `packages-dev` (composer.lock) or in `dev-package-names` (installed.json v2).
    public var isDev: Bool
}

/// Pure parser for Composer's package lists: `composer.lock` (`packages` and `packages-dev`) and
/// `installed.json` (Composer 1: a top-level array; Composer 2: `{"packages": [...],
/// "dev-package-names": [...]}`).
enum ParseComposerPackages {
    /// Records beyond this count in one list are ignored (hostile input).
    static let maxPackages = 100_000

    static func parseLock(_ text: String, path: String) -> (packages: [ComposerPackage], diagnostics: [Diagnostic]) {
        let (raw, problem) = JSONInput.decode(RawDocument.self, from: text, path: path, what: "composer.lock")
        guard let raw else { return ([], problem.map { [$0] } ?? []) }
        var diagnostics: [Diagnostic] = []
        let packages = packages(raw.packages, dev: false, text: text, path: path, diagnostics: &diagnostics)
            + packages(raw.packagesDev, dev: true, text: text, path: path, diagnostics: &diagnostics)
        return (packages, diagnostics)
    }

    static func parseInstalled(_ text: String, path: String) -> (packages: [ComposerPackage], diagnostics: [Diagnostic]) {
        let (raw, problem) = JSONInput.decode(RawDocument.self, from: text, path: path, what: "installed.json")
        guard let raw else { return ([], problem.map { [$0] } ?? []) }
        var diagnostics: [Diagnostic] = []
        var packages = packages(raw.packages, dev: false, text: text, path: path, diagnostics: &diagnostics)
        for index in packages.indices where raw.devPackageNames.contains(packages[index].name) {
            packages[index].isDev = true
        }
        return (packages, diagnostics)
    }

    private static func packages(_ records: [RawPackage], dev: Bool, text: String, path: String,
                                 diagnostics: inout [Diagnostic]) -> [ComposerPackage] {
        var out: [ComposerPackage] = []
        for (index, record) in records.enumerated() {
            guard let name = record.name?.trimmingWhitespace(), !name.isEmpty else {
                diagnostics.append(.catalog(record.isObject ? .missingField : .corruptEntry,
                                            "composer package #\(index + 1) has no name; skipped", file: path))
                continue
            }
            guard let version = record.version?.trimmingWhitespace(), !version.isEmpty else {
                diagnostics.append(.catalog(.missingField, "composer package '\(name)' has no version; skipped",
                                            file: path, line: diagnostics.count < JSONErrorLocator.maxLocatedRecords
                                                ? line(of: name, in: text) : nil))
                continue
            }
            out.append(ComposerPackage(name: name, version: version, licenses: record.licenses, isDev: dev))
        }
        return out
    }

    /// The line of `"name": "<name>"` in the file, for locating a record.
    private static func line(of name: String, in text: String) -> Int? {
        var number = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.contains("\"name\""), line.contains("\"" + name + "\"") { return number }
            number += 1
        }
        return nil
    }

    /// composer.lock, installed.json v2 (objects) or installed.json v1 (an array).
    private struct RawDocument: Decodable {
        var packages: [RawPackage] = []
        var packagesDev: [RawPackage] = []
        var devPackageNames: Set<String> = []

        init(from decoder: any Decoder) throws {
            if let fields = try? decoder.container(keyedBy: JSONKey.self) {
                packages = Self.list(fields, "packages")
                packagesDev = Self.list(fields, "packages-dev")
                let names = (try? fields.decodeIfPresent([JSONText].self, forKey: JSONKey("dev-package-names"))) ?? nil
                devPackageNames = Set((names ?? []).compactMap(\.value))
            } else {
                var array = try decoder.unkeyedContainer()
                packages = Self.elements(&array)
            }
        }

        private static func list(_ fields: KeyedDecodingContainer<JSONKey>, _ key: String) -> [RawPackage] {
            guard var array = try? fields.nestedUnkeyedContainer(forKey: JSONKey(key)) else { return [] }
            return elements(&array)
        }

        private static func elements(_ array: inout any UnkeyedDecodingContainer) -> [RawPackage] {
            var out: [RawPackage] = []
            while !array.isAtEnd, out.count < ParseComposerPackages.maxPackages {
                guard let record = try? array.decode(RawPackage.self) else { break }
                out.append(record)
            }
            return out
        }
    }

    /// One package object, read field by field.
    private struct RawPackage: Decodable {
        var isObject = false
        var name: String?
        var version: String?
        var licenses: [String] = []

        init(from decoder: any Decoder) throws {
            guard let fields = try? decoder.container(keyedBy: JSONKey.self) else { return }
            isObject = true
            name = fields.text("name")
            version = fields.text("version")
            licenses = fields.licenses("license")
        }
    }
}
