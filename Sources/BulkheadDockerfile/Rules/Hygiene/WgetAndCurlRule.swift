import BulkheadCore

/// DL4001: a stage uses both wget and curl.
struct WgetAndCurlRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF201", slug: "wget-and-curl", title: "Both wget and curl are used",
        severity: .medium, category: .hygiene,
        rationale: """
            Installing and using two HTTP clients for the same job adds packages (and their \
            vulnerabilities) to the image and makes download handling inconsistent.
            """,
        fix: "Pick one tool for the stage, e.g. replace `wget -qO- URL` with `curl -fsSL URL`.",
        references: [.hadolint("DL4001")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\nRUN wget https://example.com/a\n↓RUN curl -fsSL https://example.com/b",
                "FROM debian:12\n↓RUN wget https://example.com/a && curl https://example.com/b",
                "FROM debian:12\nRUN wget x\n↓RUN curl y\nRUN echo\n↓RUN wget z",
            ],
            passing: [
                "FROM debian:12\nRUN wget https://example.com/a\nRUN wget https://example.com/b",
                "FROM debian:12 AS a\nRUN wget https://example.com/a\nFROM debian:12\nRUN curl https://example.com/b",
            ],
            hiddenTriggering: [
                "FROM debian:12\nONBUILD RUN wget x\nFROM debian:12\n↓ONBUILD RUN curl y",
            ]))

    struct State: Sendable {
        var stage: Set<String> = []
        /// Hadolint's separate pass over ONBUILD instructions (never reset: it sees no FROM).
        var onbuild: Set<String> = []
    }

    func makeState() -> State { State() }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void) {
        if instruction.name == .from {
            state.stage = []
            return
        }
        guard let script = Hadolint.strictHeredocScript(instruction, in: context) else { return }
        let tools = Set(script.commands.map(\.name)).intersection(["curl", "wget"])
        guard !tools.isEmpty else { return }
        let count: Int
        if instruction.name == .onbuild {
            state.onbuild.formUnion(tools)
            count = state.onbuild.count
        } else {
            state.stage.formUnion(tools)
            count = state.stage.count
        }
        if count >= 2 {
            report(Violation(instruction, "Either use Wget or Curl but not both"))
        }
    }
}
