import BulkheadCore
import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadDockerfile

/// BuildKit's build-check documentation (`docs/rules/*.md`, read in place from the corpus): every
/// ```dockerfile snippet under a "❌ Bad" paragraph must give the mirroring Bulkhead rule at
/// least one finding, every snippet under "✅ Good" none. The rule runs alone, resolved by the
/// check's BuildKit name. A doc that shows a `.dockerignore` (CopyIgnoredFile) runs its snippets
/// with a matcher built from it.
@Suite("BuildKit check docs: Bad / Good snippets")
struct BuildKitDocExamplesTests {
    static let directory = "dockerfiles/buildkit-check-rules"

    /// The checks Bulkhead mirrors as DF4xx rules (by BuildKit name, the doc's `title`).
    static let implemented = [
        "ConsistentInstructionCasing", "CopyIgnoredFile", "ExposeInvalidFormat", "ExposeProtoCasing", "FromAsCasing",
        "FromPlatformFlagConstDisallowed", "InvalidDefaultArgInFrom", "InvalidDefinitionDescription",
        "JSONArgsRecommended", "LegacyKeyValueFormat", "MultipleInstructionsDisallowed", "NoEmptyContinuation",
        "StageNameCasing", "UndefinedArgInFrom", "UndefinedVar", "WorkdirRelativePath",
    ]

    /// Documented checks without a DF4xx rule of their own, and why.
    static let notCoveredHere: [String: String] = [
        "DuplicateStageName": "covered by the DL3024 rule",
        "MaintainerDeprecated": "covered by the DL4000 rule",
        "RedundantTargetPlatform": "covered by the DL3065 rule",
        "ReservedStageName": "covered by the DL3063 rule",
        "SecretsUsedInArgOrEnv": "covered by the DL3064 rule",
    ]

    enum Kind: String, Sendable { case bad = "❌ Bad", good = "✅ Good" }

    /// Doc snippets that are not run, each with its reason. `ordinal` counts the doc's snippets
    /// of that kind from 0, in order.
    struct Exclusion: Sendable {
        var doc: String
        var kind: Kind
        var ordinal: Int
        var reason: String
    }

    static let exclusions: [Exclusion] = [
        Exclusion(doc: "copy-ignored-file", kind: .bad, ordinal: 0,
                  reason: """
                      with the doc's `*/tmp/*`, BuildKit does not warn about `COPY ./tmp/helloworld.txt`: \
                      patternmatcher anchors patterns at the context root and `*` matches one whole \
                      path element, so the pattern needs a directory before `tmp` and the cleaned source \
                      `tmp/helloworld.txt` (nor its parent `tmp`) does not match; Bulkhead follows the \
                      implementation (DF402's examples carry `app/tmp/...` as the bad case)
                      """),
        Exclusion(doc: "from-platform-flag-const-disallowed", kind: .good, ordinal: 2,
                  reason: "uses `...` placeholder lines, so it is not a Dockerfile (the rule's own examples carry it without them)"),
        Exclusion(doc: "invalid-definition-description", kind: .good, ordinal: 0,
                  reason: """
                      the doc says a blank line separates an unrelated comment, but BuildKit's parser keeps \
                      comments across blank lines (only a bare `#` resets them), so BuildKit itself warns here; \
                      Bulkhead follows the implementation
                      """),
        Exclusion(doc: "legacy-key-value-format", kind: .bad, ordinal: 0,
                  reason: """
                      `ARG foo bar` declares two ARGs; BuildKit reports the legacy form only for ENV and LABEL \
                      (dispatchEnv / dispatchLabel), so it does not warn here and neither does Bulkhead
                      """),
    ]

    struct Snippet {
        var kind: Kind
        var ordinal: Int
        var text: String
        var line: Int
    }

    struct Doc {
        var file: String
        var title: String
        var snippets: [Snippet]
        /// The `.dockerignore` the doc's examples assume (a ```text block right after a
        /// paragraph naming `.dockerignore`).
        var dockerignore: String?
    }

    /// Front matter `title:` and the ```dockerfile blocks that directly follow a ❌ / ✅ paragraph
    /// (other blocks, e.g. in the Description section or inside a `>` note, are not examples).
    static func parse(_ text: String, file: String) -> Doc {
        var title = ""
        var snippets: [Snippet] = []
        var counts: [Kind: Int] = [:]
        var pending: Kind?
        var dockerignore: String?
        var pendingIgnore = false
        var lines = text.components(separatedBy: "\n")[...]
        var lineNumber = 0
        var inFrontMatter = false
        while let line = lines.popFirst() {
            lineNumber += 1
            if lineNumber == 1 && line == "---" {
                inFrontMatter = true
                continue
            }
            if inFrontMatter {
                if line == "---" { inFrontMatter = false } else if line.hasPrefix("title:") {
                    title = line.dropFirst("title:".count).trimmingCharacters(in: .whitespaces)
                }
                continue
            }
            if line.hasPrefix("```") {
                let isDockerfile = line.trimmingCharacters(in: .whitespaces) == "```dockerfile"
                let start = lineNumber + 1
                var body: [String] = []
                while let inner = lines.popFirst() {
                    lineNumber += 1
                    if inner.hasPrefix("```") { break }
                    body.append(inner)
                }
                if pendingIgnore, line.trimmingCharacters(in: .whitespaces) == "```text" {
                    dockerignore = body.joined(separator: "\n") + "\n"
                }
                pendingIgnore = false
                if isDockerfile, let kind = pending {
                    snippets.append(Snippet(kind: kind, ordinal: counts[kind, default: 0], text: body.joined(separator: "\n") + "\n", line: start))
                    counts[kind, default: 0] += 1
                    pending = nil
                }
                continue
            }
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { pendingIgnore = line.contains("`.dockerignore`") }
            if line.hasPrefix("❌") { pending = .bad } else if line.hasPrefix("✅") { pending = .good } else if line.hasPrefix("#") { pending = nil }
        }
        return Doc(file: file, title: title, snippets: snippets, dockerignore: dockerignore)
    }

    static func docs() throws -> [Doc] {
        try Corpus.list(directory).filter { $0.hasSuffix(".md") && $0 != "_index.md" }.map { name in
            let text = try String(contentsOf: Corpus.url("\(directory)/\(name)"), encoding: .utf8)
            return parse(text, file: String(name.dropLast(3)))
        }
    }

    @Test("every documented check is mirrored here or accounted for")
    func coverage() throws {
        let docs = try Self.docs()
        #expect(!docs.isEmpty, "no BuildKit check docs under \(Corpus.url(Self.directory).path)")
        let titles = Set(docs.map(\.title))
        for name in Self.implemented {
            #expect(titles.contains(name), "no doc for \(name) in \(Self.directory)")
        }
        for doc in docs {
            #expect(Self.implemented.contains(doc.title) || Self.notCoveredHere[doc.title] != nil,
                    "\(doc.file).md (\(doc.title)) is neither implemented nor listed as not covered")
        }
        // The snippets found, so a change in the docs' layout cannot silently drop examples.
        let mine = docs.filter { Self.implemented.contains($0.title) }.flatMap(\.snippets)
        #expect(mine.filter { $0.kind == .bad }.count == 19)
        #expect(mine.filter { $0.kind == .good }.count == 29)
    }

    @Test("every exclusion names an existing snippet")
    func exclusionsAreLive() throws {
        let docs = try Self.docs()
        for e in Self.exclusions {
            let doc = docs.first { $0.file == e.doc }
            #expect(doc?.snippets.contains { $0.kind == e.kind && $0.ordinal == e.ordinal } == true,
                    "stale exclusion: \(e.doc) \(e.kind.rawValue) #\(e.ordinal)")
        }
    }

    @Test("❌ Bad snippets give findings, ✅ Good snippets none", arguments: implemented)
    func snippets(_ name: String) throws {
        let doc = try #require(try Self.docs().first { $0.title == name }, "missing doc for \(name)")
        let id = try #require(DockerfileRules.index.resolve(name), "no rule answers to \(name)")
        let rule = try #require(DockerfileRules.all.first { $0.metadata.id == id })
        var options = rule.exampleOptions
        options.enabledRules.insert(id)
        if let ignore = doc.dockerignore { options.dockerignore = try DockerignoreMatcher(ignore) }
        if name == "CopyIgnoredFile" { #expect(doc.dockerignore == "*/tmp/*\n", "the doc's .dockerignore example was not found") }
        let linter = DockerfileLinter(rules: [rule], options: options)
        var ran: [Kind: Int] = [:]
        for snippet in doc.snippets {
            let where_ = "\(doc.file).md:\(snippet.line) (\(snippet.kind.rawValue) #\(snippet.ordinal))"
            if Self.exclusions.contains(where: { $0.doc == doc.file && $0.kind == snippet.kind && $0.ordinal == snippet.ordinal }) {
                continue
            }
            ran[snippet.kind, default: 0] += 1
            let target = linter.lint(text: snippet.text, path: "Dockerfile")
            #expect(target.diagnostics.filter { $0.level == .error }.isEmpty,
                    "\(where_) does not parse: \(target.diagnostics.map(\.message))\n\(snippet.text)")
            let findings = target.findings.map { "\($0.location): \($0.message)" }
            switch snippet.kind {
            case .bad:
                #expect(!target.findings.isEmpty, "\(where_): \(id) gave no finding\n\(snippet.text)")
            case .good:
                #expect(target.findings.isEmpty, "\(where_): \(id) gave \(findings)\n\(snippet.text)")
            }
        }
        let excluded = Self.exclusions.filter { $0.doc == doc.file }
        #expect(ran[.bad, default: 0] + excluded.filter { $0.kind == .bad }.count > 0, "\(doc.file).md has no ❌ Bad snippet")
        #expect(ran[.good, default: 0] + excluded.filter { $0.kind == .good }.count > 0, "\(doc.file).md has no ✅ Good snippet")
    }
}
