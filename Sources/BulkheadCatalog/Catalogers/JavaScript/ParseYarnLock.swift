import BulkheadCore

/// Pure parser for `yarn.lock`: the classic (yarn 1) text format and the berry (yarn 2+) YAML
/// format (recognised by its `__metadata` entry).
///
/// Only registry packages are reported: berry entries whose `resolution` uses another protocol
/// (`workspace:`, `patch:`, `link:`, `portal:`, `file:`, git and tarball URLs) and classic entries
/// whose range is a path, URL or protocol are skipped, as Trivy does (a patched package also has
/// its own `npm:` entry). Aliases (`string-width-cjs@npm:string-width@^4.2.0`) are reported under
/// the real package name.
enum ParseYarnLock {
    static func parse(_ text: String, path: String) -> (entries: [JSLockEntry], diagnostics: [Diagnostic]) {
        let (entries, diagnostics) = isBerry(text) ? parseBerry(text, path: path) : parseClassic(text, path: path)
        return (entries.uniqued(), diagnostics)
    }

    /// Whether `text` is a berry lock file (it has a top-level `__metadata:` entry near the top).
    static func isBerry(_ text: String) -> Bool {
        text.split(separator: "\n", maxSplits: 64).contains { $0.hasPrefix("__metadata:") }
    }

    // MARK: classic

    private struct ClassicRecord {
        var descriptors: [Substring]
        var line: Int
        var version: String?
        var dependencies: [String] = []
        var inDependencies = false
    }

    static func parseClassic(_ text: String, path: String) -> (entries: [JSLockEntry], diagnostics: [Diagnostic]) {
        var entries: [JSLockEntry] = []
        var diagnostics: [Diagnostic] = []
        var record: ClassicRecord?
        var lineNumber = 0

        func finish() {
            defer { record = nil }
            guard let record else { return }
            guard let name = packageName(descriptors: record.descriptors) else { return }
            guard let version = record.version, !version.isEmpty else {
                diagnostics.append(.catalog(.missingField, "yarn.lock entry '\(name)' has no version; skipped",
                                            file: path, line: record.line))
                return
            }
            entries.append(JSLockEntry(name: name, version: version, descriptors: record.descriptors.map(String.init),
                                       dependencies: record.dependencies, line: record.line))
        }

        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent).trimmingWhitespace()
            if content.isEmpty { continue }
            if indent == 0 {
                finish()
                guard content.hasSuffix(":"), content.count > 1 else {
                    diagnostics.append(.catalog(.corruptEntry, "expected 'name@range:', found '\(content.prefix(60))'; entry skipped",
                                                file: path, line: lineNumber))
                    continue
                }
                record = ClassicRecord(descriptors: splitDescriptors(content.dropLast()), line: lineNumber)
                continue
            }
            guard record != nil else { continue }
            if indent == 2 {
                record?.inDependencies = false
                if content.hasSuffix(":") {
                    let section = content.dropLast()
                    record?.inDependencies = section == "dependencies" || section == "optionalDependencies"
                } else if let field = keyValue(content), field.key == "version" {
                    record?.version = field.value
                }
            } else if record?.inDependencies == true, let field = keyValue(content) {
                record?.dependencies.append(field.key + "@" + field.value)
            }
        }
        finish()
        return (entries, diagnostics)
    }

    /// `name "value"` or `name value` on one classic line, unquoted.
    private static func keyValue(_ content: String) -> (key: String, value: String)? {
        let parts = content.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        return (unquote(parts[0]), unquote(parts[1]))
    }

    private static func unquote(_ text: Substring) -> String {
        let trimmed = text.trimmingWhitespace()
        if trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") {
            return String(trimmed.dropFirst().dropLast())
        }
        return trimmed
    }

    /// `"a@^1", a@^2` → [`a@^1`, `a@^2`].
    static func splitDescriptors(_ key: Substring) -> [Substring] {
        key.split(separator: ",").map { part in
            var item = part.drop { $0 == " " }
            while item.last == " " { item = item.dropLast() }
            if item.count >= 2, item.hasPrefix("\""), item.hasSuffix("\"") { item = item.dropFirst().dropLast() }
            return item
        }.filter { !$0.isEmpty }
    }

    /// The real package name behind a classic entry's first descriptor; `nil` when the entry is
    /// not a registry package (its range is a path, URL or protocol other than `npm:`).
    static func packageName(descriptors: [Substring]) -> String? {
        guard let first = descriptors.first, let split = NpmName.splitDescriptor(first) else { return nil }
        let name = split.name, range = split.range
        if range.hasPrefix("npm:") {
            if let alias = NpmName.splitLast(range.dropFirst(4)), NpmName.isPlausible(alias.name) {
                return String(alias.name)
            }
            return NpmName.isPlausible(name) ? String(name) : nil
        }
        guard !range.contains(":"), !range.contains("/"), NpmName.isPlausible(name) else { return nil }
        return String(name)
    }

    // MARK: berry

    static func parseBerry(_ text: String, path: String) -> (entries: [JSLockEntry], diagnostics: [Diagnostic]) {
        let (documents, problems) = YAMLLite.parse(text)
        var diagnostics = problems.map {
            Diagnostic.catalog(.corruptEntry, "yarn.lock: \($0.message)", file: path, line: $0.line)
        }
        var entries: [JSLockEntry] = []
        for document in documents {
            for node in document.roots.map({ document.nodes[$0] }) where node.key != "__metadata" {
                guard node.value == nil else {
                    diagnostics.append(.catalog(.corruptEntry, "yarn.lock entry '\(node.key.prefix(60))' is not a mapping; skipped",
                                                file: path, line: node.line))
                    continue
                }
                let version = document.value("version", in: node)
                guard let name = berryName(key: node.key, resolution: document.value("resolution", in: node)) else { continue }
                guard let version, !version.isEmpty else {
                    diagnostics.append(.catalog(.missingField, "yarn.lock entry '\(name)' has no version; skipped",
                                                file: path, line: node.line))
                    continue
                }
                let dependencies = ["dependencies", "optionalDependencies"].flatMap { section in
                    document.child(section, of: node).map { document.children(of: $0).map { dependency in
                        berryDescriptor(name: dependency.key, range: dependency.value ?? "")
                    } } ?? []
                }
                entries.append(JSLockEntry(name: name, version: version,
                                           descriptors: splitDescriptors(Substring(node.key)).map(String.init),
                                           dependencies: dependencies, line: node.line))
            }
        }
        return (entries, diagnostics)
    }

    /// The package name of a berry entry from its `resolution` (`name@npm:1.2.3`), else from
    /// its first descriptor; `nil` for anything not resolved from the npm registry.
    static func berryName(key: String, resolution: String?) -> String? {
        let locator = resolution.map { Substring($0) } ?? splitDescriptors(Substring(key)).first
        guard let locator, let split = NpmName.splitDescriptor(locator), split.range.hasPrefix("npm:"),
              NpmName.isPlausible(split.name) else { return nil }
        if resolution == nil, let alias = NpmName.splitLast(split.range.dropFirst(4)), NpmName.isPlausible(alias.name) {
            return String(alias.name)
        }
        return String(split.name)
    }

    /// The descriptor berry writes in keys for a `name: range` dependency line: `name@npm:range`
    /// when the range has no protocol of its own.
    static func berryDescriptor(name: String, range: String) -> String {
        range.contains(":") ? name + "@" + range : name + "@npm:" + range
    }

    // MARK: development dependencies

    /// Marks the entries reachable only from the project's `devDependencies` (and not from its
    /// other dependencies) as dev; yarn.lock does not record it. Dependencies are followed by
    /// descriptor (`name@range`, so each version is judged on its own, as Trivy does), falling
    /// back to every entry of the name when a descriptor is not a key (`resolutions`). Without
    /// roots (no package.json beside the lock file) nothing is marked.
    static func markDevOnly(_ entries: [JSLockEntry], prodRoots: [String], devRoots: [String]) -> [JSLockEntry] {
        guard !devRoots.isEmpty else { return entries }
        var byDescriptor: [String: [Int]] = [:]
        var byName: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            for descriptor in entry.descriptors { byDescriptor[descriptor, default: []].append(index) }
            byName[entry.name, default: []].append(index)
        }
        func resolve(_ descriptor: String) -> [Int] {
            if let found = byDescriptor[descriptor] { return found }
            guard let split = NpmName.splitDescriptor(Substring(descriptor)) else { return [] }
            return byName[String(split.name)] ?? []
        }
        func reachable(from roots: [String]) -> Set<Int> {
            var seen = Set<Int>()
            var queue = roots.flatMap(resolve)
            while let index = queue.popLast() {
                guard seen.insert(index).inserted else { continue }
                queue += entries[index].dependencies.flatMap(resolve).filter { !seen.contains($0) }
            }
            return seen
        }
        let prod = reachable(from: prodRoots)
        let dev = reachable(from: devRoots)
        return entries.enumerated().map { index, entry in
            var marked = entry
            marked.isDev = dev.contains(index) && !prod.contains(index)
            return marked
        }
    }
}

/// The dependencies a project's `package.json` declares, for ``ParseYarnLock/markDevOnly``.
enum ProjectManifest {
    /// Descriptors (`name@range`, or `name@npm:range` for berry) of `dependencies`,
    /// `optionalDependencies` and `peerDependencies` (prod) and of `devDependencies` (dev); `nil`
    /// when the text is not a JSON object.
    static func roots(_ text: String, berry: Bool) -> (prod: [String], dev: [String])? {
        let (raw, _) = JSONInput.decode(Raw.self, from: text, path: "package.json", what: "package.json")
        guard let raw else { return nil }
        func descriptors(_ map: [String: String]) -> [String] {
            map.keys.sorted().map { name in
                let range = map[name] ?? ""
                return berry ? ParseYarnLock.berryDescriptor(name: name, range: range) : name + "@" + range
            }
        }
        return (descriptors(raw.prod), descriptors(raw.dev))
    }

    private struct Raw: Decodable {
        var prod: [String: String] = [:]
        var dev: [String: String] = [:]

        init(from decoder: any Decoder) throws {
            let fields = try decoder.container(keyedBy: JSONKey.self)
            func ranges(_ key: String) -> [String: String] {
                let map = (try? fields.decodeIfPresent([String: JSONText].self, forKey: JSONKey(key))) ?? [:]
                return map.compactMapValues(\.value)
            }
            prod = ranges("dependencies").merging(ranges("optionalDependencies")) { a, _ in a }
                .merging(ranges("peerDependencies")) { a, _ in a }
            dev = ranges("devDependencies")
        }
    }
}
