import BulkheadCore

/// The registry of every cataloger, sorted by name. Explicit and static (no registration by
/// side effect); a test checks names are unique and sorted.
public enum Catalogers {
    public static let all: [any Cataloger] = [
        ApkCataloger(),
        CargoAuditableCataloger(),
        DotnetDepsCataloger(),
        DpkgCataloger(),
        GoBinaryCataloger(),
        GoModCataloger(),
        JavaArchiveCataloger(),
        GradleLockfileCataloger(),
        JavaPomCataloger(),
        JavaScriptLockCataloger(),
        NpmPackageCataloger(),
        ComposerInstalledCataloger(),
        ComposerLockCataloger(),
        PythonPackageCataloger(),
        PythonLockCataloger(),
        RpmCataloger(),
        GemfileLockCataloger(),
        GemspecCataloger(),
        CargoLockCataloger(),
    ]

    /// Every glob a cataloger (or OS detection) reads, for image resolvers to keep.
    public static func wantedGlobs(_ catalogers: [any Cataloger] = all) -> [String] {
        var seen = Set<String>()
        return (LinuxRelease.wantedGlobs + catalogers.flatMap(\.wantedGlobs)).filter { seen.insert($0).inserted }
    }

    /// Whether any of `catalogers` reads executables.
    public static func wantsExecutables(_ catalogers: [any Cataloger] = all) -> Bool {
        catalogers.contains { $0.wantsExecutables }
    }

    /// The catalogers carrying `tag` (`.image`, `.os`, `.language("python")`).
    public static func tagged(_ tag: CatalogerTag) -> [any Cataloger] {
        all.filter { $0.tags.contains(tag) }
    }
}
