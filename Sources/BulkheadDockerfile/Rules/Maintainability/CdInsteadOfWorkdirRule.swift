import BulkheadCore

/// DL3003: `cd` in RUN instead of WORKDIR.
struct CdInsteadOfWorkdirRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF103", slug: "cd-instead-of-workdir", title: "RUN uses cd instead of WORKDIR",
        severity: .medium, category: .maintainability,
        rationale: """
            A `cd` only lasts for its own RUN, so the next instruction silently runs somewhere \
            else. `WORKDIR` sets the directory for every following instruction and documents it.
            """,
        fix: "Replace `RUN cd /src && make` with `WORKDIR /src` followed by `RUN make` (or use `make -C /src`).",
        references: [.hadolint("DL3003")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN cd /opt",
                "FROM debian:12\n↓RUN curl -fsSLO https://example.com/x.tgz && tar xzf x.tgz && cd x && make",
            ],
            passing: [
                "FROM debian:12\nWORKDIR /opt\nRUN make",
                "FROM debian:12\nRUN make -C /opt",
            ],
            hiddenPassing: ["FROM debian:12\nONBUILD RUN cd /opt"]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: false),
              run.commands.contains(where: { $0.name == "cd" }) else { return }
        report(Violation(instruction, "Use WORKDIR to switch to a directory"))
    }
}
