import Testing

@testable import BulkheadCore

@Suite("PathGlobSet")
struct PathGlobSetTests {
    static let globs = [
        "/var/lib/dpkg/status", "/var/lib/dpkg/status.d/*", "**/*.dist-info/METADATA", "**/*.egg-info",
        "**/node_modules/**/package.json", "**/*.jar", "usr/lib/*/libc.so.?", "**", "a/**/b/**/c", "*", "x?z/é?",
        "**/specifications/**/*.gemspec", "/etc/*release", "**/*.deps.json", "lib/apk/db/installed", "**/*", "*/**", "**/**",
    ]
    static let paths = [
        "var/lib/dpkg/status", "/var/lib/dpkg/status.d/libc6", "var/lib/dpkg/status.d", "usr/lib/python3/x-1.0.dist-info/METADATA",
        "x.egg-info", "a/b/c", "a/x/b/y/c", "a/b", "app/node_modules/@s/p/package.json", "node_modules/package.json",
        "opt/a.jar", "a.jar/x", "usr/lib/x86_64/libc.so.6", "usr/lib/x86_64/libc.so.66", "xyz/éé", "xyz/é", "x/z/é",
        "usr/share/ruby/specifications/default/json.gemspec", "etc/os-release", "etc/lsb-release", "etc/x/os-release",
        "lib/apk/db/installed", "", "/", "a//b///c", "app.deps.json", "deep/er/app.deps.json",
    ]

    @Test("each pattern agrees with PathGlob.match on every path")
    func agreesWithPathGlob() {
        for glob in Self.globs {
            let set = PathGlobSet([glob])
            let pattern = glob.hasPrefix("/") ? String(glob.dropFirst()) : glob
            for path in Self.paths {
                let rel = path.hasPrefix("/") ? String(path.dropFirst()) : path
                #expect(set.matches(path) == PathGlob.match(pattern, rel), "\(glob) vs \(path)")
            }
        }
    }

    @Test("a set matches when any member matches; an empty set matches nothing")
    func union() {
        let set = PathGlobSet(Array(Self.globs.prefix(6)))
        for path in Self.paths {
            let rel = path.hasPrefix("/") ? String(path.dropFirst()) : path
            let expected = Self.globs.prefix(6).contains { PathGlob.match($0.hasPrefix("/") ? String($0.dropFirst()) : $0, rel) }
            #expect(set.matches(path) == expected, "\(path)")
        }
        #expect(!PathGlobSet([]).matches("a"))
    }

    @Test("random patterns and paths agree with PathGlob.match")
    func random() {
        let alphabet: [Character] = ["a", "b", "*", "?", "/", "."]
        func word(_ n: Int) -> String { String((0..<Int.random(in: 0...n)).map { _ in alphabet.randomElement()! }) }
        for _ in 0..<3000 {
            var pattern = word(8)
            if Bool.random() { pattern = "**/" + pattern }
            let path = String(word(10).map { $0 == "*" ? "a" : $0 == "?" ? "b" : $0 })
            #expect(PathGlobSet([pattern]).matches(path) == PathGlob.match(pattern, path), "\(pattern) vs \(path)")
        }
    }
}
