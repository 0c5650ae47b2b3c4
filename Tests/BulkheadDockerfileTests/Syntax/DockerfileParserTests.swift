import BulkheadCore
import BulkheadTesting
import Foundation
import Testing

@testable import BulkheadDockerfile

@Suite("Dockerfile parser")
struct DockerfileParserTests {
    @Test("heredocs: several on one line, quoted delimiters, <<- strips tabs")
    func heredocs() throws {
        let text = "FROM alpine\nRUN <<A cat <<-\"B\"\necho a\nA\n\tb $X\n\tB\nCOPY <<EOF /etc/x\nhello\nEOF\n"
        let file = try DockerfileParser.parse(text)
        let run = file.instructions[1]
        #expect(run.heredocs.map(\.name) == ["A", "B"])
        #expect(run.heredocs[0].content == "echo a\n")
        #expect(run.heredocs[1].content == "\tb $X\n")
        #expect(run.heredocs[1].chomp && !run.heredocs[1].expand)
        #expect(run.range.end.line == 6)
        #expect(file.instructions[2].name == .copy)
        #expect(file.instructions[2].heredocs.first?.content == "hello\n")
        #expect(file.instructions[2].range.start.line == 7)
    }

    @Test("an unterminated heredoc is a located error")
    func unterminatedHeredoc() {
        let error = #expect(throws: DockerfileError.self) { try DockerfileParser.parse("FROM a\nRUN <<EOF\necho\n", path: "Df") }
        #expect(error?.code == .unterminatedHeredoc)
        #expect(error?.location?.description == "Df:2:1")
    }

    @Test("an unknown instruction is a located error naming it")
    func unknown() {
        let error = #expect(throws: DockerfileError.self) { try DockerfileParser.parse("FROM a\n  RUNN x\n", path: "Df") }
        #expect(error?.code == .unknownInstruction)
        #expect(error?.location?.description == "Df:2:3")
        #expect(error?.message.contains("RUNN") == true)
    }

    @Test("FROM needs one or three arguments")
    func fromArity() {
        #expect(throws: DockerfileError.self) { try DockerfileParser.parse("FROM a b\n") }
    }

    @Test("directives: escape=` switches the continuation character; syntax and check are recorded")
    func directives() throws {
        let file = try DockerfileParser.parse("# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nFROM a\nRUN echo `\n  hi\n")
        #expect(file.directive("syntax") == "docker/dockerfile:1")
        #expect(file.directive("check") == "skip=all")
        #expect(file.escape == "`")
        #expect(file.instructions[1].rawArguments == ["echo   hi"])
    }

    @Test("a repeated directive is an error")
    func duplicateDirective() {
        #expect(throws: DockerfileError.self) { try DockerfileParser.parse("# escape=`\n# escape=\\\nFROM a\n") }
    }

    @Test("stages, aliases, flags, ONBUILD and positions")
    func stages() throws {
        let file = try DockerfileParser.parse(
            "ARG V=1\nFROM --platform=$BUILDPLATFORM golang:${V} AS Build\nONBUILD RUN make\nFROM scratch\nCOPY --from=build --chmod=755 /a /b\n")
        #expect(file.stages.count == 2)
        #expect(file.stages[0].name == "build" && file.stages[0].writtenName == "Build")
        #expect(file.globalInstructions.count == 1)
        let from = file.instructions[1]
        #expect(from.flag("platform")?.value == "$BUILDPLATFORM")
        guard case .onbuild(let inner) = file.instructions[2].arguments else {
            Issue.record("ONBUILD not nested")
            return
        }
        #expect(inner.value.name == .run)
        let copy = file.instructions[4]
        #expect(copy.flag("from")?.value == "build")
        guard case .files(let files) = copy.arguments else { return }
        #expect(files.sources.map(\.value) == ["/a"])
        #expect(files.destination?.value == "/b")
        #expect(copy.position(ofOffset: copy.argumentsOffset) == SourcePosition(line: 5, column: 31))
    }

    @Test("variables are scoped per stage as BuildKit does")
    func variables() throws {
        let file = try DockerfileParser.parse("ARG A=1\nARG B=2\nFROM x\nARG A\nENV C=${A}-${B:-none}\nRUN true\n")
        let context = DockerfileContext(file: file)
        let vars = context.variables(before: file.instructions[5])
        #expect(vars["A"] == "1")
        #expect(vars["B"] == nil)
        #expect(vars["C"] == "1-none")
    }

    @Test("hostile instructions are linted by every rule without a crash", arguments: [
        "FROM a\nRUN --mount== cat /run/secrets/x\n", "FROM a\nRUN --mount=,,,=,type= x\n", "FROM a\nCOPY --from= --chmod= a b\n",
        "FROM a\nEXPOSE 99999999999999999999 -1 /tcp 1-\n", "FROM a\nUSER :\n", "FROM a\nENV =x\n",
        "FROM a\nLABEL \"\"=\"\"\n", "FROM @sha256:\nFROM :\n", "FROM a AS \nRUN x\n", "FROM a\nHEALTHCHECK --interval= CMD\n",
        "FROM a\nONBUILD\n", "FROM a\nARG\nARG =\n", "FROM a\nWORKDIR\n", "FROM a\nRUN [\"\"]\nCMD []\n",
        "FROM a\nRUN \\\n", "FROM a\nSHELL [\"\"]\nRUN x | y\n", "FROM a\nADD --checksum= http:// /\n",
    ])
    func hostileInstructions(_ text: String) {
        _ = DockerfileLinter().lint(text: text, path: "Dockerfile")
    }

    @Test("mutated real Dockerfiles end in a value or a typed error, never a crash or hang")
    func fuzz() throws {
        let names = Corpus.list("dockerfiles/official").filter { $0.hasSuffix(".Dockerfile") }.prefix(40)
        #expect(names.count == 40)
        var rng = SeededRandom(seed: 0xB01C)
        let alphabet = Array("\\`\"'$<>|&;(){}[]#=\n\t -EOFRUNCOPY".utf8)
        for name in names {
            let original = try [UInt8](Data(contentsOf: Corpus.url("dockerfiles/official/\(name)")))
            for _ in 0..<25 {
                var bytes = original
                for _ in 0..<8 {
                    let i = Int(rng.next() % UInt64(max(bytes.count, 1)))
                    switch rng.next() % 3 {
                    case 0: if !bytes.isEmpty { bytes[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                    case 1: if !bytes.isEmpty { bytes.remove(at: i) }
                    default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: min(i, bytes.count))
                    }
                }
                _ = DockerfileLinter().lint(bytes: bytes, path: name)
            }
        }
    }
}

