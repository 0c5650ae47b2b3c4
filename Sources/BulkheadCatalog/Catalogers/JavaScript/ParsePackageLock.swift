import BulkheadCore

/// Pure parser for npm's `package-lock.json` (and `npm-shrinkwrap.json`): lockfileVersion 1 (the
/// nested `dependencies` tree) and 2/3 (the flat `packages` map keyed by `node_modules/…` paths).
///
/// Skipped: the root project (`""`), `link` entries and the local folders they point to
/// (workspaces and `file:` dependencies are the project's own code), and in version 1 versions
/// that are not registry versions (`file:`, `git+…`, tarball URLs). Aliases
/// (`"npm:string-width@4.2.3"`, `"name": "string-width"`) are reported under the real name.
enum ParsePackageLock {
    /// Nesting of version-1 `dependencies` followed before the rest is ignored.
    static let maxDepth = 64

    static func parse(_ text: String, path: String) -> (entries: [JSLockEntry], diagnostics: [Diagnostic]) {
        let (raw, problem) = JSONInput.decode(RawLock.self, from: text, path: path, what: "package-lock.json")
        guard let raw else { return ([], problem.map { [$0] } ?? []) }
        var diagnostics: [Diagnostic] = []
        let entries: [JSLockEntry]
        if let packages = raw.packages, (raw.lockfileVersion ?? 2) >= 2 {
            entries = flatEntries(packages, text: text, path: path, diagnostics: &diagnostics)
        } else if let dependencies = raw.dependencies {
            entries = treeEntries(dependencies, text: text, path: path, diagnostics: &diagnostics)
        } else {
            entries = []
        }
        return (entries.uniqued(), diagnostics)
    }

    /// Version 2/3: every `…node_modules/<name>` key except links.
    private static func flatEntries(_ packages: [String: RawPackage], text: String, path: String,
                                    diagnostics: inout [Diagnostic]) -> [JSLockEntry] {
        var out: [JSLockEntry] = []
        for key in packages.keys.sorted() where !key.isEmpty {
            guard let package = packages[key], !package.isLink else { continue }
            guard package.isObject else {
                let line = JSONErrorLocator.line(ofKey: key, in: text, alreadyLocated: diagnostics.count)
                diagnostics.append(.catalog(.corruptEntry, "package-lock entry '\(key)' is not an object; skipped",
                                            file: path, line: line))
                continue
            }
            guard let pathName = nameFromPath(key) else { continue }
            let name = package.name ?? pathName
            guard let version = package.version, !version.isEmpty else {
                let line = JSONErrorLocator.line(ofKey: key, in: text, alreadyLocated: diagnostics.count)
                diagnostics.append(.catalog(.missingField, "package-lock entry '\(key)' has no version; skipped",
                                            file: path, line: line))
                continue
            }
            out.append(JSLockEntry(name: name, version: version, isDev: package.isDev, licenses: package.licenses))
        }
        return out
    }

    /// The package name after the last `node_modules/` of a v2 key; `nil` for keys outside
    /// `node_modules` (the project's own workspace folders).
    static func nameFromPath(_ key: String) -> String? {
        let segments = key.split(separator: "/")
        guard let last = segments.lastIndex(of: "node_modules"), last + 1 < segments.count else { return nil }
        let name = segments[(last + 1)...].joined(separator: "/")
        return NpmName.isPlausible(name) ? name : nil
    }

    /// Version 1: the nested tree, walked with an explicit stack; a dev dependency's subtree is
    /// dev too.
    private static func treeEntries(_ roots: [String: RawDependency], text: String, path: String,
                                    diagnostics: inout [Diagnostic]) -> [JSLockEntry] {
        var out: [JSLockEntry] = []
        var stack: [(name: String, dependency: RawDependency, dev: Bool)] =
            roots.keys.sorted(by: >).compactMap { key in roots[key].map { (key, $0, false) } }
        while let (key, dependency, parentDev) = stack.popLast() {
            guard dependency.isObject else {
                let line = JSONErrorLocator.line(ofKey: key, in: text, alreadyLocated: diagnostics.count)
                diagnostics.append(.catalog(.corruptEntry, "package-lock dependency '\(key)' is not an object; skipped",
                                            file: path, line: line))
                continue
            }
            let dev = parentDev || dependency.isDev
            if let found = registryNameVersion(key: key, version: dependency.version) {
                out.append(JSLockEntry(name: found.name, version: found.version, isDev: dev))
            } else if dependency.version?.isEmpty ?? true {
                let line = JSONErrorLocator.line(ofKey: key, in: text, alreadyLocated: diagnostics.count)
                diagnostics.append(.catalog(.missingField, "package-lock dependency '\(key)' has no version; skipped",
                                            file: path, line: line))
            }
            let children = dependency.dependencies
            stack += children.keys.sorted(by: >).compactMap { child in children[child].map { (child, $0, dev) } }
        }
        return out
    }

    /// Name and version of a v1 entry: `npm:<name>@<version>` aliases resolved, non-registry
    /// versions (containing `:` or `/`) rejected.
    static func registryNameVersion(key: String, version: String?) -> (name: String, version: String)? {
        guard let version, !version.isEmpty else { return nil }
        if version.hasPrefix("npm:") {
            guard let alias = NpmName.splitLast(version.dropFirst(4)), NpmName.isPlausible(alias.name),
                  !alias.version.isEmpty else { return nil }
            return (String(alias.name), String(alias.version))
        }
        guard !version.contains(":"), !version.contains("/") else { return nil }
        return (key, version)
    }

    private struct RawLock: Decodable {
        var lockfileVersion: Int?
        var packages: [String: RawPackage]?
        var dependencies: [String: RawDependency]?

        init(from decoder: any Decoder) throws {
            let fields = try decoder.container(keyedBy: JSONKey.self)
            lockfileVersion = fields.text("lockfileVersion").flatMap { Int($0) }
            packages = try? fields.decodeIfPresent([String: RawPackage].self, forKey: JSONKey("packages"))
            dependencies = try? fields.decodeIfPresent([String: RawDependency].self, forKey: JSONKey("dependencies"))
        }
    }

    /// A v2/v3 `packages` value, read field by field so one odd field never fails the file.
    private struct RawPackage: Decodable {
        var isObject = false
        var name: String?
        var version: String?
        var isDev = false
        var isLink = false
        var licenses: [String] = []

        init(from decoder: any Decoder) throws {
            guard let fields = try? decoder.container(keyedBy: JSONKey.self) else { return }
            isObject = true
            name = fields.text("name").flatMap { NpmName.isPlausible($0) ? $0 : nil }
            version = fields.text("version")
            isDev = fields.flag("dev")
            isLink = fields.flag("link")
            licenses = fields.licenses("license")
        }
    }

    /// A v1 `dependencies` value with its nested `dependencies` (up to ``maxDepth`` levels).
    private struct RawDependency: Decodable {
        var isObject = false
        var version: String?
        var isDev = false
        var dependencies: [String: RawDependency] = [:]

        init(from decoder: any Decoder) throws {
            guard let fields = try? decoder.container(keyedBy: JSONKey.self) else { return }
            isObject = true
            version = fields.text("version")
            isDev = fields.flag("dev")
            // Each level adds two coding-path components ("dependencies", name).
            if decoder.codingPath.count < 2 * ParsePackageLock.maxDepth {
                dependencies = (try? fields.decodeIfPresent([String: RawDependency].self,
                                                            forKey: JSONKey("dependencies"))) ?? [:]
            }
        }
    }
}
