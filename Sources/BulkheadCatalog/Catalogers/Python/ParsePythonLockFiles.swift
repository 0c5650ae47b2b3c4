import BulkheadCore
import FoundationEssentials

/// A package locked by a Python lock file.
struct PythonLockedPackage: Sendable, Hashable {
    var name: String
    var version: String
    /// Line of the entry when the format has them (TOML tables); `nil` for JSON.
    var line: Int?
}

/// Pure parser for `Pipfile.lock` (JSON): the `default` and `develop` sections, each
/// `"name": {"version": "==1.2.3", …}`. Entries without a version (editable, VCS and path
/// requirements) are not versions of a package and are skipped.
enum ParsePipfileLock {
    static func parse(_ bytes: [UInt8], path: String) -> (packages: [PythonLockedPackage], diagnostics: [Diagnostic]) {
        let lock: PipfileLock
        do {
            lock = try JSONDecoder().decode(PipfileLock.self, from: Data(bytes))
        } catch {
            return ([], [.catalog(.corruptEntry, "Pipfile.lock is not the expected JSON object", file: path)])
        }
        var packages: [PythonLockedPackage] = []
        var diagnostics: [Diagnostic] = []
        for (section, entries) in [("default", lock.default), ("develop", lock.develop)] {
            for name in (entries ?? [:]).keys.sorted() {
                guard let entry = entries?[name], !name.isEmpty else { continue }
                guard entry.wellFormed else {
                    diagnostics.append(.catalog(.corruptEntry, "Pipfile.lock \(section) entry '\(name)' is not an object; skipped",
                                                file: path))
                    continue
                }
                guard let raw = entry.version else { continue }
                let version = raw.drop { $0 == "=" }.trimmingWhitespace()
                guard !version.isEmpty else {
                    diagnostics.append(.catalog(.missingField, "Pipfile.lock \(section) entry '\(name)' has an empty version; skipped",
                                                file: path))
                    continue
                }
                packages.append(PythonLockedPackage(name: name, version: version, line: nil))
            }
        }
        return (packages, diagnostics)
    }

    private struct PipfileLock: Decodable {
        var `default`: [String: Entry]?
        var develop: [String: Entry]?
    }

    /// Decodes leniently: a non-object entry or a non-string version marks only that entry.
    private struct Entry: Decodable {
        var version: String?
        var wellFormed = true

        enum CodingKeys: String, CodingKey { case version }

        init(from decoder: any Decoder) throws {
            guard let c = try? decoder.container(keyedBy: CodingKeys.self) else {
                wellFormed = false
                return
            }
            version = try? c.decodeIfPresent(String.self, forKey: .version)
        }
    }
}

/// Pure parser for `poetry.lock` and `uv.lock`: every `[[package]]` table's `name` and `version`.
enum ParseTOMLLock {
    /// uv records the project itself (and workspace members) with these sources; their version
    /// may be dynamic, hence absent.
    static let localSources: Set<String> = ["editable", "virtual", "directory", "path"]

    /// `kind` names the format in diagnostics (`poetry.lock`, `uv.lock`).
    static func parse(_ text: String, path: String, kind: String) -> (packages: [PythonLockedPackage], diagnostics: [Diagnostic]) {
        let (root, tomlDiagnostics) = TOMLLite.parse(text, path: path)
        var diagnostics = tomlDiagnostics
        var packages: [PythonLockedPackage] = []
        for table in root.tables("package") where !table.corrupt {
            guard let name = table["name"]?.string, !name.isEmpty else {
                diagnostics.append(.catalog(.missingField, "\(kind) package has no name; skipped", file: path, line: table.line))
                continue
            }
            guard let version = table["version"]?.string, !version.isEmpty else {
                let source = table["source"]?.table?.values.keys
                if source.map({ !localSources.isDisjoint(with: $0) }) != true {
                    diagnostics.append(.catalog(.missingField, "\(kind) package '\(name)' has no version; skipped",
                                                file: path, line: table.line))
                }
                continue
            }
            packages.append(PythonLockedPackage(name: name, version: version, line: table.line))
        }
        return (packages, diagnostics)
    }
}
