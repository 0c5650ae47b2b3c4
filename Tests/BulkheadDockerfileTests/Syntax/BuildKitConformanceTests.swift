import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadDockerfile

/// BuildKit's own parser cases (`frontend/dockerfile/parser/testfiles*`), read in place.
@Suite("BuildKit parser conformance")
struct BuildKitConformanceTests {
    static let cases = Corpus.list("dockerfiles/buildkit-parser/testfiles")
    static let negative = Corpus.list("dockerfiles/buildkit-parser/testfiles-negative")

    @Test("the corpus is present")
    func corpusPresent() {
        #expect(Self.cases.count == 33)
        #expect(Self.negative.count == 4)
    }

    @Test("dump matches BuildKit's expected AST", arguments: cases)
    func dumpMatches(_ name: String) throws {
        let dir = "dockerfiles/buildkit-parser/testfiles/\(name)"
        let bytes = try [UInt8](Data(contentsOf: Corpus.url("\(dir)/Dockerfile")))
        let expected = try Corpus.read("\(dir)/result")
        let file = try DockerfileParser.parse(bytes: bytes, path: "Dockerfile")
        #expect(file.buildKitDump + "\n" == expected)
    }

    @Test("negative cases are rejected with a located error", arguments: negative)
    func negativeFails(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Corpus.url("dockerfiles/buildkit-parser/testfiles-negative/\(name)/Dockerfile")))
        let error = #expect(throws: DockerfileError.self) {
            try DockerfileParser.parse(bytes: bytes, path: "Dockerfile")
        }
        #expect(error?.location?.file == "Dockerfile")
        #expect(error?.location?.range != nil)
    }

    @Test("instruction line ranges skip comments and blank lines in continuations")
    func lineRanges() throws {
        let text = try Corpus.read("dockerfiles/buildkit-parser/testfile-line/Dockerfile")
        let file = try DockerfileParser.parse(text)
        #expect(file.instructions.map { [$0.range.start.line, $0.range.end.line] } == [[5, 5], [11, 12], [17, 31]])
    }

    @Test("every real-world Dockerfile in the corpus parses", arguments: ["dockerfiles/official", "dockerfiles/buildkit-modern"])
    func realWorldParses(_ dir: String) throws {
        let names = Corpus.list(dir).filter { $0.hasSuffix(".Dockerfile") }
        #expect(names.count > 10)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: Corpus.url("\(dir)/\(name)")))
            do {
                let file = try DockerfileParser.parse(bytes: bytes, path: name)
                #expect(!file.stages.isEmpty, "\(name) has no stage")
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }
}
