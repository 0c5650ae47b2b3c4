import BulkheadCore
import Testing

@testable import BulkheadDockerfile

/// `.dockerignore` matching as BuildKit does it (moby/patternmatcher `MatchesOrParentMatches`,
/// moby/patternmatcher/ignorefile `ReadAll`). The single-pattern tables are patternmatcher's
/// own test cases (`TestMatches`, and the `filepath.Match` cases of `matchTests`).
@Suite("Dockerignore matcher")
struct DockerignoreMatcherTests {
    func excluded(_ patterns: [String], _ path: String) throws -> Bool {
        try DockerignoreMatcher(lines: patterns).isExcluded(path)
    }

    @Test("one pattern against one path (patternmatcher TestMatches)", arguments: [
        // `**`
        ("**", "file", true), ("**", "file/", true), ("**/", "file", true), ("**/", "file/", true),
        ("**", "/", true), ("**/", "/", true), ("**", "dir/file", true), ("**/", "dir/file", true),
        ("**", "dir/file/", true), ("**/", "dir/file/", true), ("**/**", "dir/file", true),
        ("**/**", "dir/file/", true), ("dir/**", "dir/file", true), ("dir/**", "dir/file/", true),
        ("dir/**", "dir/dir2/file", true), ("dir/**", "dir/dir2/file/", true), ("**/dir", "dir", true),
        ("**/dir", "dir/file", true), ("**/dir2/*", "dir/dir2/file", true), ("**/dir2/*", "dir/dir2/file/", true),
        ("**/dir2/**", "dir/dir2/dir3/file", true), ("**/dir2/**", "dir/dir2/dir3/file/", true),
        ("**file", "file", true), ("**file", "dir/file", true), ("**/file", "dir/file", true),
        ("**file", "dir/dir/file", true), ("**/file", "dir/dir/file", true), ("**/file*", "dir/dir/file", true),
        ("**/file*", "dir/dir/file.txt", true), ("**/file*txt", "dir/dir/file.txt", true),
        ("**/file*.txt", "dir/dir/file.txt", true), ("**/file*.txt*", "dir/dir/file.txt", true),
        ("**/**/*.txt", "dir/dir/file.txt", true), ("**/**/*.txt2", "dir/dir/file.txt", false),
        ("**/*.txt", "file.txt", true), ("**/**/*.txt", "file.txt", true), ("a**/*.txt", "a/file.txt", true),
        ("a**/*.txt", "a/dir/file.txt", true), ("a**/*.txt", "a/dir/dir/file.txt", true),
        ("a/*.txt", "a/dir/file.txt", false), ("a/*.txt", "a/file.txt", true), ("a/*.txt**", "a/file.txt", true),
        ("**/foo/bar", "foo/bar", true), ("**/foo/bar", "dir/foo/bar", true), ("**/foo/bar", "dir/dir2/foo/bar", true),
        ("abc/**", "abc", false), ("abc/**", "abc/def", true), ("abc/**", "abc/def/ghi", true),
        ("**/.foo", ".foo", true), ("**/.foo", "bar.foo", false),
        // Character classes, `?`, and regexp metacharacters taken literally.
        ("a[b-d]e", "ae", false), ("a[b-d]e", "ace", true), ("a[b-d]e", "aae", false), ("a[^b-d]e", "aze", true),
        (".*", ".foo", true), (".*", "foo", false), ("abc.def", "abcdef", false), ("abc.def", "abc.def", true),
        ("abc.def", "abcZdef", false), ("abc?def", "abcZdef", true), ("abc?def", "abcdef", false),
        ("a\\\\", "a\\", true), ("a\\*b", "a*b", true),
        ("a(b)c/def", "a(b)c/def", true), ("a(b)c/def", "a(b)c/xyz", false), ("a.|)$(}+{bc", "a.|)$(}+{bc", true),
        ("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
        ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
    ])
    func single(_ pattern: String, _ path: String, _ expected: Bool) throws {
        #expect(try excluded([pattern], path) == expected, "\(pattern) vs \(path)")
    }

    @Test("filepath.Match cases (patternmatcher matchTests)", arguments: [
        ("abc", "abc", true), ("*", "abc", true), ("*c", "abc", true), ("a*", "a", true), ("a*", "abc", true),
        // A parent directory matches.
        ("a*", "ab/c", true),
        ("a*/b", "abc/b", true), ("a*/b", "a/c/b", false), ("a*b*c*d*e*/f", "axbxcxdxe/f", true),
        ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true), ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
        ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false), ("a*b?c*x", "abxbbxdbxebxczzx", true),
        ("a*b?c*x", "abxbbxdbxebxczzy", false), ("ab[c]", "abc", true), ("ab[b-d]", "abc", true),
        ("ab[e-g]", "abc", false), ("ab[^c]", "abc", false), ("ab[^b-d]", "abc", false), ("ab[^e-g]", "abc", true),
        ("a\\*b", "ab", false), ("a?b", "a☺b", true), ("a[^a]b", "a☺b", true), ("a???b", "a☺b", false),
        ("a[^a][^a][^a]b", "a☺b", false), ("[a-ζ]*", "α", true), ("*[a-ζ]", "A", false),
        ("a?b", "a/b", false), ("a*b", "a/b", false), ("[\\]a]", "]", true), ("[\\-]", "-", true),
        ("[x\\-]", "x", true), ("[x\\-]", "-", true), ("[x\\-]", "z", false), ("[\\-x]", "x", true),
        ("[\\-x]", "-", true), ("[\\-x]", "a", false), ("*x", "xxx", true),
    ])
    func filepathMatch(_ pattern: String, _ path: String, _ expected: Bool) throws {
        #expect(try excluded([pattern], path) == expected, "\(pattern) vs \(path)")
    }

    @Test("patterns filepath.Match rejects are parse errors", arguments: [
        "[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[", "[z-a]", "!",
    ])
    func invalid(_ pattern: String) {
        #expect(throws: DockerignoreMatcher.ParseError.self) { try DockerignoreMatcher(lines: ["ok", pattern]) }
        do {
            _ = try DockerignoreMatcher(lines: ["ok", pattern])
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test("several patterns: the last match wins, exceptions re-include", arguments: [
        (["**", "!util/docker/web"], "util/docker/web/foo", false),
        (["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", true),
        (["**", "!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),
        (["**", "!dist/*.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),
        (["!fileutils.go", "*.go"], "fileutils.go", true),
        (["*.go", "!fileutils.go"], "fileutils.go", false),
        (["docs", "!docs/README.md"], "docs/README.md", false),
        (["docs/", "!docs/README.md"], "docs/README.md", false),
        (["docs/*", "!docs/README.md"], "docs/README.md", false),
        (["docs", "!docs/README.md"], "docs/other.md", true),
        ([String](), "anything", false),
    ])
    func several(_ patterns: [String], _ path: String, _ expected: Bool) throws {
        #expect(try excluded(patterns, path) == expected, "\(patterns) vs \(path)")
    }

    @Test("paths and patterns are cleaned; a leading / is relative to the context", arguments: [
        (["/secret"], "secret", true), (["./build//out/"], "build/out/x", true), (["a/../b"], "b", true),
        (["tmp"], "./tmp/x", true), (["tmp"], "tmp/../src/x", false), (["node_modules/"], "node_modules", true),
        // `*` stays within one directory: `*/tmp/*` needs a directory before `tmp`.
        (["*/tmp/*"], "./tmp/helloworld.txt", false), (["*/tmp/*"], "app/tmp/helloworld.txt", true),
        (["*.log"], "logs/app.log", false), (["**/*.log"], "logs/app.log", true),
        // Absolute sources keep their `/` (patterns never have one), so only suffix-like patterns match.
        (["foo"], "/foo/bar", false), (["**/bar"], "/foo/bar", true),
    ])
    func cleaning(_ patterns: [String], _ path: String, _ expected: Bool) throws {
        #expect(try excluded(patterns, path) == expected, "\(patterns) vs \(path)")
    }

    @Test("file text: comments in column 1, blank lines, whitespace, BOM, CRLF (ignorefile ReadAll)")
    func reading() throws {
        let text = "\u{FEFF}test1\r\n/test2\n/a/file/here\n\n  \nlastfile\n# this is a comment\n  # not a comment\n! /inverted/abs/path\n\tspaced \n"
        let m = try DockerignoreMatcher(text)
        #expect(m.patterns.map(\.text) == ["test1", "test2", "a/file/here", "lastfile", "# not a comment", "inverted/abs/path", "spaced"])
        #expect(m.patterns.map(\.isException) == [false, false, false, false, false, true, false])
        #expect(m.patterns.map(\.line) == [1, 2, 3, 6, 8, 9, 10])
        #expect(m.hasExceptions)
        #expect(m.isExcluded("test1") && m.isExcluded("a/file/here/x") && !m.isExcluded("a/file"))
        #expect(m.isExcluded("# not a comment") && !m.isExcluded("inverted/abs/path"))
        #expect(try DockerignoreMatcher("").patterns.isEmpty)
        #expect(try DockerignoreMatcher("# only\n\n").patterns.isEmpty)
        #expect(throws: DockerignoreMatcher.ParseError.self) { try DockerignoreMatcher("ok\n  !  \n") }
    }

    @Test("how each pattern is evaluated (patternmatcher TestCompile)", arguments: [
        ("*", "tokens"), ("file*", "tokens"), ("**", "suffix"), ("**/**", "tokens"), ("dir/**", "prefix"),
        ("**/dir", "suffix"), ("**/dir2/*", "tokens"), ("**file", "suffix"), ("a[b-d]e", "tokens"),
        (".*", "tokens"), ("abc.def", "exact"), ("abc?def", "tokens"), ("**/foo/bar", "suffix"),
        ("a(b)c/def", "exact"), ("a.|)$(}+{bc", "exact"),
    ])
    func kinds(_ pattern: String, _ expected: String) throws {
        let kind = try #require(try DockerignoreMatcher(lines: [pattern]).patterns.first).kind
        let name = switch kind {
        case .exact: "exact"
        case .prefix: "prefix"
        case .suffix: "suffix"
        case .tokens: "tokens"
        }
        #expect(name == expected, "\(pattern)")
    }

    @Test("context root: only `*`, `**` and `**/*` exclude every entry")
    func contextRoot() throws {
        for p in ["*", "**", "**/*", "/*", "./**/"] {
            #expect(try DockerignoreMatcher(lines: [p]).excludesContextRoot, "\(p)")
        }
        for p in [".*", "*/*", "a", "!*"] {
            #expect(try !DockerignoreMatcher(lines: ["x", p]).excludesContextRoot, "\(p)")
        }
    }

    @Test("clean is Go's path.Clean", arguments: [
        ("", "."), (".", "."), ("./", "."), ("a/", "a"), ("a//b", "a/b"), ("./a/./b/", "a/b"), ("a/../b", "b"),
        ("../a", "../a"), ("a/../../b", "../b"), ("/../a", "/a"), ("/", "/"), ("//a//", "/a"), ("a/b/..", "a"),
    ])
    func clean(_ input: String, _ expected: String) {
        #expect(DockerignoreMatcher.clean(input) == expected)
    }
}

/// DF402 with ignore files the rule's examples do not cover: exceptions, the context root.
@Suite("DF402 copy-ignored-file with custom .dockerignore files")
struct CopyIgnoredFileRuleTests {
    func messages(_ dockerfile: String, ignore: String) throws -> [String] {
        let options = DockerfileLintOptions(dockerignore: try DockerignoreMatcher(ignore))
        let target = DockerfileLinter(rules: [CopyIgnoredFileRule.self], options: options).lint(text: dockerfile, path: "Dockerfile")
        return target.findings.map { "\($0.location.range?.start.line ?? 0): \($0.message)" }
    }

    @Test("BuildKit's test: COPY and ADD of an ignored Dockerfile")
    func buildKitTest() throws {
        #expect(try messages("\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n", ignore: "\nDockerfile\n") == [
            "3: Attempting to Copy file \"Dockerfile\" that is excluded by .dockerignore",
            "4: Attempting to Add file \"Dockerfile\" that is excluded by .dockerignore",
        ])
        // Only context sources: the ignored name as a destination, or from a stage, is fine.
        #expect(try messages("\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\nCOPY --from=base /foobar /Dockerfile\n",
                             ignore: "\nfoobar\n").isEmpty)
    }

    @Test("an ignore file with ! exceptions is not checked")
    func exceptions() throws {
        #expect(try messages("FROM scratch\nCOPY ./Dockerfile .\nCOPY secret.txt .\n", ignore: "**\n!Dockerfile\n").isEmpty)
        #expect(try messages("FROM scratch\nCOPY . .\n", ignore: "**\n!Dockerfile\n").isEmpty)
    }

    @Test("copying the context root warns only when every entry is excluded")
    func contextRoot() throws {
        #expect(try messages("\nFROM scratch\nCOPY . .\n", ignore: "\n.*\n").isEmpty)
        #expect(try messages("\nFROM scratch\nCOPY . .\n", ignore: "\n*\n") == [
            "3: Attempting to Copy file \".\" that is excluded by .dockerignore",
        ])
        #expect(try messages("FROM scratch\nCOPY ./ /app/\n", ignore: "**/*\n") == [
            "2: Attempting to Copy file \".\" that is excluded by .dockerignore",
        ])
    }

    @Test("sources are expanded with the stage's variables; unknown values are skipped")
    func expansion() throws {
        #expect(try messages("FROM scratch\nENV DIR=build\nCOPY ${DIR}/out /app/\n", ignore: "build\n") == [
            "3: Attempting to Copy file \"build/out\" that is excluded by .dockerignore",
        ])
        #expect(try messages("FROM registry.example.com/base:1\nCOPY $FROM_IMAGE/out /app/\n", ignore: "*\n").isEmpty)
    }

    @Test("no ignore file, or an empty one, gives nothing")
    func noIgnoreFile() throws {
        let target = DockerfileLinter(rules: [CopyIgnoredFileRule.self]).lint(text: "FROM scratch\nCOPY . .\n", path: "Dockerfile")
        #expect(target.findings.isEmpty)
        #expect(try messages("FROM scratch\nCOPY x .\n", ignore: "# nothing\n").isEmpty)
    }
}
