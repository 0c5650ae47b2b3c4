import BulkheadCore

/// DL3067: `COPY --from=stage / /`.
struct CopyEntireFilesystemRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF167", slug: "copy-entire-filesystem", title: "COPY --from copies a whole filesystem",
        severity: .medium, category: .hygiene,
        rationale: """
            `COPY --from=build / /` drags the entire build stage (compilers, caches, package \
            manager state, possibly secrets) into the image and overwrites its base files, \
            defeating the point of a multi-stage build.
            """,
        fix: "Copy only the artifacts: `COPY --from=build /app/bin/server /usr/local/bin/server`.",
        references: [.hadolint("DL3067")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12 AS build\nRUN make\nFROM scratch\n↓COPY --from=build / /",
                "FROM scratch\n↓COPY --from=build \"/\" \"/\"",
            ],
            passing: [
                "FROM scratch\nCOPY / /",
                "FROM scratch\nCOPY --from=build /app /",
                "FROM scratch\nCOPY --from=build / /app",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .copy, instruction.flag("from") != nil,
              case .files(let files) = instruction.arguments,
              let destination = files.destination, Hadolint.dropQuotes(destination.raw) == "/",
              files.sources.contains(where: { Hadolint.dropQuotes($0.raw) == "/" }) else { return }
        report(Violation(instruction, "Do not copy an entire filesystem from another stage"))
    }
}
