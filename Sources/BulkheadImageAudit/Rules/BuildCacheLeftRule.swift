import BulkheadCore

/// IM008: package-manager caches and indexes left in the image.
struct BuildCacheLeftRule: HygieneRule {
    static let metadata = HygieneRules.meta(
        "IM008", "build-cache-left", "Build Caches Left in the Image", .low, .hygiene,
        rationale: "apt lists, downloaded .debs, apk, pip, npm and yarn caches are dead weight in every pull and every node's disk, and they date the image (stale package indexes).",
        fix: "Clean in the same RUN that installs (`apt-get install … && rm -rf /var/lib/apt/lists/*`, `pip install --no-cache-dir`, `npm ci && npm cache clean --force`), or use a cache mount (`RUN --mount=type=cache,target=/var/cache/apt`).",
        references: [.hadolint("DL3009"), .hadolint("DL3042")],
        triggering: "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages (8 MB)", passing: "/var/lib/apt/lists/ empty")

    static let caches: [(prefix: String, what: String)] = [
        ("/var/lib/apt/lists/", "apt package lists"), ("/var/cache/apt/", "apt package cache"), ("/var/cache/apk/", "apk cache"),
        ("/var/cache/yum/", "yum cache"), ("/var/cache/dnf/", "dnf cache"), ("/root/.cache/pip/", "pip cache"),
        ("/root/.npm/_cacache/", "npm cache"), ("/usr/local/share/.cache/yarn/", "yarn cache"), ("/root/.cache/yarn/", "yarn cache"),
        ("/root/.cache/go-build/", "Go build cache"), ("/root/.m2/repository/", "Maven repository"), ("/root/.gradle/caches/", "Gradle cache"),
    ]
    /// Below this total a cache is noise (lock files, empty indexes).
    static let minimumBytes = 64 << 10

    func check(_ facts: ImageFacts, report: (HygieneViolation) -> Void) {
        var totals: [String: (bytes: Int, files: Int, first: String, layer: String?)] = [:]
        for f in facts.files where f.kind == .regular {
            guard let c = Self.caches.first(where: { f.path.hasPrefix($0.prefix) }) else { continue }
            let base = f.path.split(separator: "/").last ?? ""
            if base == "lock" || base.hasPrefix("partial") { continue }
            var t = totals[c.prefix] ?? (0, 0, f.path, f.layer)
            t.bytes += f.size; t.files += 1
            totals[c.prefix] = t
        }
        for c in Self.caches {
            guard let t = totals[c.prefix], t.bytes >= Self.minimumBytes else { continue }
            report(HygieneViolation("\(c.what) left in \(c.prefix): \(t.files) files, \(Self.size(t.bytes))", path: c.prefix, layer: t.layer))
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes / (1 << 20)) MiB" : "\(bytes / 1024) KiB"
    }
}
