import BulkheadCore

extension PURL {
    /// `pkg:golang/<module path>@<version>`: the path up to its last `/` is the namespace, the
    /// last element the name (`pkg:golang/github.com/cli/cli/v2@v2.63.0`), as syft does; the
    /// version is omitted when empty.
    static func golang(module path: String, version: String) -> PURL {
        var namespace: String?
        var name = path
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex, path.index(after: slash) != path.endIndex {
            namespace = String(path[..<slash])
            name = String(path[path.index(after: slash)...])
        }
        return PURL(type: Ecosystem.go.purlType, namespace: namespace, name: name, version: version.isEmpty ? nil : version)
    }
}
