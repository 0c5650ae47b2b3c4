import BulkheadCore

/// The registry of every cataloger, sorted by name. Explicit and static (no registration by
/// side effect); a test checks names are unique and sorted.
public enum Catalogers {
    public static let all: [any Cataloger] = [
        ApkCataloger(),
        DpkgCataloger(),
        PythonPackageCataloger(),
    ]

    /// The catalogers carrying `tag` (`.image`, `.os`, `.language("python")`).
    public static func tagged(_ tag: CatalogerTag) -> [any Cataloger] {
        all.filter { $0.tags.contains(tag) }
    }
}
