/// Which `package.json` files under `node_modules` are the manifests of installed packages.
///
/// npm, yarn and pnpm lay packages out as `node_modules/<name>/` or
/// `node_modules/@scope/<name>/`, nested dependencies as `<package>/node_modules/<name>/`, and
/// pnpm's store as `node_modules/.pnpm/<id>/node_modules/<name>/`. Any other `package.json` under
/// `node_modules` is not a package: `glob/dist/esm/package.json` only sets the module type for a
/// sub-folder, and `<package>/test/fixtures/node_modules/x/package.json` is a test fixture that
/// was never installed. Trivy makes the first distinction; the second one is ours.
enum NodeModulesLayout {
    /// Whether `path` is `…/node_modules/<name>/package.json` following the layout above from the
    /// first `node_modules` segment on.
    static func isPackageManifest(_ path: String) -> Bool {
        let segments = path.split(separator: "/")
        guard segments.last == "package.json", let first = segments.firstIndex(of: "node_modules") else { return false }
        let last = segments.count - 1
        var i = first + 1
        // Each step consumes one package name (and the `node_modules` after it) or one pnpm
        // store entry, so the loop ends within `segments.count` steps.
        while i < last {
            if segments[i] == ".pnpm" {
                guard i + 2 < last, segments[i + 2] == "node_modules" else { return false }
                i += 3
                continue
            }
            let end = segments[i].hasPrefix("@") ? i + 1 : i
            guard end < last, isNameSegment(segments[i]), end == i || isNameSegment(segments[end]),
                  end == i || !segments[end].hasPrefix("@") else { return false }
            if end + 1 == last { return true }
            guard segments[end + 1] == "node_modules" else { return false }
            i = end + 2
        }
        return false
    }

    /// A directory name that can hold a package (`.bin`, `.cache` and other dot folders cannot).
    private static func isNameSegment(_ segment: Substring) -> Bool {
        !segment.isEmpty && !segment.hasPrefix(".") && segment != "@"
    }
}
