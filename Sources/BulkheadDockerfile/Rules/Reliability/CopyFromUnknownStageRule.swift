import BulkheadCore

/// DL3022: `COPY --from` naming neither an earlier stage nor an image.
struct CopyFromUnknownStageRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF122", slug: "copy-from-unknown-stage", title: "COPY --from names no earlier stage",
        severity: .medium, category: .reliability,
        rationale: """
            `COPY --from=name` copies from an earlier stage called `name`; when there is none, \
            BuildKit silently treats `name` as an image and pulls it from a registry — usually a \
            typo that builds from something unintended, or fails late.
            """,
        fix: "Name a stage defined above (`FROM golang:1.22 AS build` … `COPY --from=build …`), or a full image reference with a tag (`--from=nginx:1.27`).",
        references: [.hadolint("DL3022")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓COPY --from=builder /out /out",
                "FROM debian:12\n↓COPY --from=nginx /etc/nginx /etc/nginx",
                "FROM debian:12\n↓COPY --from=build /out /out\nFROM debian:12 AS build",
            ],
            passing: [
                "FROM golang:1.22 AS build\nRUN make\nFROM scratch\nCOPY --from=build /out /out",
                "FROM debian:12\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx",
                "FROM golang:1.22\nRUN make\nFROM scratch\nCOPY --from=0 /out /out",
            ],
            hiddenTriggering: [
                "↓COPY --from=0 /out /out\nFROM debian:12",
                "FROM debian:12 AS build\n↓COPY --from=\"build\" /out /out",
            ],
            hiddenPassing: ["FROM debian:12\nCOPY --from=0 /out /out"]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        // Hadolint keeps quotes in flag values (`--from="build"` names no stage); BuildKit drops them.
        guard instruction.name == .copy, instruction.flag("from")?.value != nil,
              let source = Hadolint.rawFlagValue("from", of: instruction, anywhereInFlags: true) else { return }
        if Hadolint.dropQuotes(source).contains(":") { return }
        let earlier = context.file.stages.prefix { $0.fromIndex < instruction.index }
        if earlier.contains(where: { $0.writtenName == source }) { return }
        let digits = source.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let n = Int(digits), n < earlier.count { return }
        report(Violation(instruction, "`COPY --from` should reference a previously defined `FROM` alias (--from=\(source))"))
    }
}
