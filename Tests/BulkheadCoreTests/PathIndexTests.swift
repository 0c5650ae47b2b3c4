import Testing

@testable import BulkheadCore

@Suite("PathIndex")
struct PathIndexTests {
    /// Absolute paths as resolvers list them, sorted.
    static let paths = (PathGlobSetTests.paths.map { $0.hasPrefix("/") ? $0 : "/" + $0 } + [
        "/opt/app/lib/b.JAR", "/opt/app/lib/a.jar", "/srv/.jar", "/srv/jar", "/srv/x.tar.gz", "/srv/x.gz",
        "/usr/lib/python3/site-packages/six-1.16.0.dist-info/METADATA", "/METADATA", "/dir.jar/inner.txt",
    ]).sorted()

    /// The answer without the index: every path tested with PathGlob, the single-pattern matcher.
    static func expected(_ globs: [String]) -> [Int] {
        paths.indices.filter { i in
            let rel = paths[i].dropFirst()
            return globs.contains { PathGlob.match($0.hasPrefix("/") ? String($0.dropFirst()) : $0, String(rel)) }
        }
    }

    @Test("indices agree with PathGlob for every glob, narrowed or not, alone and in sets")
    func agreesWithPathGlob() {
        let index = PathIndex(Self.paths)
        let globs = PathGlobSetTests.globs + ["**/*.gz", "**/*.tar.gz", "**/METADATA", "*.jar", "**/*.JAR"]
        for glob in globs {
            #expect(index.indices(matching: PathGlobSet([glob])) == Self.expected([glob]), "\(glob)")
        }
        for pair in [["**/*.jar", "**/METADATA"], ["**/*.gz", "/srv/jar", "**/*.jar"], ["**/*.jar", "**/*"]] {
            #expect(index.indices(matching: PathGlobSet(pair)) == Self.expected(pair), "\(pair)")
        }
    }

    @Test("narrowing: literal names and *.ext narrow; anything that can match any name does not")
    func narrowing() throws {
        let literal = try #require(PathGlobSet(["**/METADATA", "**/*.jar", "/etc/os-release"]).narrowing)
        #expect(Set(literal.baseNames) == ["METADATA", "os-release"])
        #expect(literal.extensions == ["jar"])
        for wide in ["**/*", "**", "/var/lib/dpkg/status.d/*", "**/*.tar.gz", "lib*.so", "/etc/*release"] {
            #expect(PathGlobSet(["**/METADATA", wide]).narrowing == nil, "\(wide)")
        }
    }
}
