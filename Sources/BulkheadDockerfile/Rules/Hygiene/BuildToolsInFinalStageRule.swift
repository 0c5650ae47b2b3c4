import BulkheadCore

/// Compilers, build tool chains and VCS clients installed in the final stage of a multi-stage build.
struct BuildToolsInFinalStageRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF310", slug: "build-tools-in-final-stage", title: "Build tools installed in the final stage",
        severity: .low, category: .hygiene,
        rationale: """
            A multi-stage build exists so the shipped image holds only what runs. Compilers, \
            `make`, `git` and `-dev` headers in the final stage grow the image and its CVE count, and \
            give an attacker who gets in the tools to build and fetch more.
            """,
        fix: "Install build dependencies in the build stage and `COPY --from=build` only the artifacts; keep the final stage to runtime packages.",
        references: [.url("https://docs.docker.com/build/building/multi-stage/")],
        examples: RuleExamples(
            triggering: [
                "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM debian:12-slim\nRUN apt-get update && ↓apt-get install -y --no-install-recommends gcc make\nCOPY --from=build /app /app",
                "FROM node:22 AS build\nRUN npm ci\nFROM node:22-alpine\nRUN ↓apk add --no-cache git",
            ],
            passing: [
                "FROM golang:1.23 AS build\nRUN apt-get install -y gcc\nFROM debian:12-slim\nRUN apt-get install -y ca-certificates",
                "FROM debian:12\nRUN apt-get install -y gcc make",
            ]))

    static let buildTools: Set<String> = [
        "gcc", "g++", "clang", "make", "cmake", "build-essential", "build-base", "autoconf", "automake", "libtool",
        "git", "mercurial", "subversion", "golang", "go", "rustc", "cargo", "maven", "gradle", "gcc-c++",
        "musl-dev", "libc6-dev", "libc-dev", "pkg-config", "pkgconf", "ninja-build", "bison", "flex",
    ]

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard context.file.stages.count > 1, context.isInFinalStage(instruction),
              let run = context.script(for: instruction) else { return }
        for cmd in run.commands where PackageInstall.isInstall(cmd) {
            let tools = PackageInstall.packages(cmd).map(PackageInstall.baseName).filter { Self.buildTools.contains($0) }
            if !tools.isEmpty {
                report(Violation(instruction, run, scriptOffset: cmd.offset,
                                 "final stage installs build tools: \(tools.joined(separator: ", "))"))
                return
            }
        }
    }
}
