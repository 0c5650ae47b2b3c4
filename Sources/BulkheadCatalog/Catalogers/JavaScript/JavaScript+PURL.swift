import BulkheadCore

/// npm package URLs: `pkg:npm/<name>@<version>` or `pkg:npm/%40<scope>/<name>@<version>`.
enum NpmPURL {
    /// The purl for an npm package name (`lodash`, `@babel/core`). The purl spec asks for npm
    /// names and scopes in lowercase (as Trivy writes them); the `@` of a scope is
    /// percent-encoded by ``PURL``.
    static func make(name: String, version: String) -> PURL {
        let lowered = name.lowercased()
        if lowered.hasPrefix("@"), let slash = lowered.firstIndex(of: "/") {
            return PURL(type: Ecosystem.npm.purlType, namespace: String(lowered[..<slash]),
                        name: String(lowered[lowered.index(after: slash)...]), version: version)
        }
        return PURL(type: Ecosystem.npm.purlType, name: lowered, version: version)
    }
}

/// Rules on npm package names and `node_modules` paths shared by the JavaScript parsers.
enum NpmName {
    /// Splits `name@range` at the `@` that ends the name (a scope's leading `@` is part of the
    /// name): `@babel/core@^7` → (`@babel/core`, `^7`). `nil` when there is no such `@`.
    static func splitDescriptor(_ descriptor: Substring) -> (name: Substring, range: Substring)? {
        let searchStart = descriptor.hasPrefix("@") ? descriptor.index(after: descriptor.startIndex) : descriptor.startIndex
        guard let at = descriptor[searchStart...].firstIndex(of: "@"), at > descriptor.startIndex else { return nil }
        return (descriptor[..<at], descriptor[descriptor.index(after: at)...])
    }

    /// Splits `name@version` at the last `@` that is not the scope's: `@types/node@18.0.0` →
    /// (`@types/node`, `18.0.0`).
    static func splitLast(_ text: Substring) -> (name: Substring, version: Substring)? {
        guard let at = text.lastIndex(of: "@"), at > text.startIndex else { return nil }
        let name = text[..<at]
        guard !name.isEmpty, name != "@" else { return nil }
        return (name, text[text.index(after: at)...])
    }

    /// Whether `name` has the shape of an npm package name: `name` or `@scope/name`, no empty
    /// parts, no whitespace.
    static func isPlausible(_ name: some StringProtocol) -> Bool {
        guard !name.isEmpty, name.count <= 214, !name.contains(where: { $0.isWhitespace }) else { return false }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if name.hasPrefix("@") { return parts.count == 2 && parts[0].count > 1 && !parts[1].isEmpty }
        return parts.count == 1
    }

    /// Whether a lock file at `path` lies inside a `node_modules` tree (a dependency's own lock
    /// file, which does not describe what is installed: Syft and Trivy skip those too).
    static func isInsideNodeModules(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains("node_modules")
    }
}
