import BulkheadCore

/// DL3059: consecutive single-command RUN instructions that could be one layer.
struct ConsecutiveRunRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF159", slug: "consecutive-run-instructions", title: "Consecutive RUN instructions could be merged",
        severity: .low, category: .hygiene,
        rationale: """
            Every RUN adds a layer. Adjacent RUNs that each run a single command (with the same \
            `--mount`/`--network` flags) can usually be chained with `&&` into one layer, which keeps \
            the image smaller and lets cleanup happen in the layer that made the mess. RUNs that \
            already chain several commands are left alone: splitting them is usually deliberate.
            """,
        fix: "Merge them: `RUN apt-get update && apt-get install -y curl` instead of two RUN lines.",
        references: [.hadolint("DL3059")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\nRUN /foo.sh\n↓RUN /bar.sh",
                "FROM debian:12\nRUN /foo.sh\n# a comment\n\n↓RUN /bar.sh",
                "FROM debian:12\nRUN foo && bar\nRUN foo\n↓RUN bar",
                "FROM debian:12\nRUN x=1\n↓RUN c\n↓RUN d",
            ],
            passing: [
                "FROM debian:12\nRUN a\nWORKDIR /\nRUN b",
                "FROM debian:12\nRUN foo && bar\nRUN foobar",
                "FROM debian:12\nRUN --mount=type=secret,id=foo a\nRUN --mount=type=secret,id=bar b",
                "FROM debian:12\nRUN a | b\nRUN c",
            ],
            hiddenTriggering: [
                "FROM debian:12\nRUN --mount=type=secret,id=foo a\n↓RUN --mount=type=secret,id=foo b",
                "FROM debian:12\nRUN [\"a\"]\n↓RUN [\"b\"]",
            ],
            hiddenPassing: [
                "FROM debian:12\nRUN foo; bar\nRUN baz",
                "FROM debian:12\nRUN baz\nRUN foo; bar",
                "FROM debian:12\nRUN echo $(date)\nRUN baz",
                "FROM debian:12\nRUN a\nFROM debian:12\nRUN b",
                "FROM debian:12\nRUN a\nRUN time make",
            ]))

    /// RUN flags compared structurally (mounts as a set of sorted options).
    struct FlagsKey: Hashable, Sendable {
        var mounts: Set<[String]>
        var others: [String]
    }

    struct Previous: Sendable {
        var flags: FlagsKey
        /// Hadolint's command count, which counts every simple command twice.
        var count: Int
    }

    struct State: Sendable {
        var previous: Previous?
    }

    func makeState() -> State { State() }

    static func flags(_ instruction: Instruction) -> FlagsKey {
        let mounts = Set(RunMount.all(of: instruction, reading: .unquotedValues).map(\.options))
        let others = instruction.flags.filter { $0.name.lowercased() != "mount" }
            .map { "\($0.name.lowercased())=\($0.value ?? "")" }.sorted()
        return FlagsKey(mounts: mounts, others: others)
    }

    /// Hadolint's count: each simple command whose name is a literal word, twice (ShellCheck
    /// yields both the command and its redirection wrapper). `[[ … ]]` is no simple command.
    /// `time cmd` counts as two commands.
    static func count(_ script: ShellScript) -> Int {
        let source = Array(script.source.utf8)
        var simple = 0
        for cmd in script.commands {
            guard let first = cmd.words.first, !first.hasExpansion, first.raw != "[[" else { continue }
            simple += isTimed(cmd, in: source) ? 2 : 1
        }
        return 2 * simple
    }

    /// Whether the command is preceded by the `time` keyword.
    static func isTimed(_ command: ShellCommand, in source: [UInt8]) -> Bool {
        var end = min(command.offset, source.count)
        while end > 0, source[end - 1] == 0x20 || source[end - 1] == 0x09 { end -= 1 }
        guard end >= 4, Array(source[(end - 4)..<end]) == Array("time".utf8) else { return false }
        let before = end - 4
        return before == 0 || Array(" \t\n;&|({!".utf8).contains(source[before - 1])
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        guard instruction.name == .run else {
            state.previous = nil
            return
        }
        let flags = Self.flags(instruction)
        // Non-POSIX shells (pwsh, cmd) are not parsed: their RUNs count as "several commands".
        let count = Hadolint.strictHeredocScript(instruction, in: context).map(Self.count) ?? Int.max
        guard let previous = state.previous, previous.flags == flags, count <= 2, previous.count <= 2 else {
            state.previous = Previous(flags: flags, count: count)
            return
        }
        report(Violation(instruction, "Multiple consecutive `RUN` instructions. Consider consolidation."))
    }
}
