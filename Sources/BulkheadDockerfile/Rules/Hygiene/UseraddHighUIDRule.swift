import BulkheadCore

/// DL3046: `useradd -u <long uid>` without `-l`.
struct UseraddHighUIDRule: DockerfileRule {
    static let message = "`useradd` without flag `-l` and high UID will result in excessively large Image."

    static let metadata = RuleMetadata(
        id: "DF146", slug: "useradd-high-uid-without-l", title: "useradd with a high UID and without -l",
        severity: .medium, category: .hygiene,
        rationale: """
            `useradd` initialises `/var/log/lastlog` and `/var/log/faillog`, sparse files indexed by \
            UID. Image layers do not keep files sparse, so a UID with more than 5 digits can add \
            gigabytes of zeroes to the image.
            """,
        fix: "Add `-l` (`--no-log-init`): `useradd -l -u 123456 app`, or use a UID below 100000.",
        references: [.hadolint("DL3046")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN useradd -u 123456 luser",
                "FROM debian:12\n↓RUN groupadd app && useradd -ou 1234567 -g app app",
                "FROM debian:12\n↓ONBUILD RUN useradd -u 123456 app",
            ],
            passing: [
                "FROM debian:12\nRUN useradd luser",
                "FROM debian:12\nRUN useradd -u 12345 luser",
                "FROM debian:12\nRUN useradd -l -u 123456 luser",
                "FROM debian:12\nRUN useradd --no-log-init -u 123456 luser",
            ],
            hiddenTriggering: [
                "FROM debian:12\n↓RUN useradd -u ${UID} app",
                "FROM debian:12\n↓RUN useradd -u $UID app",
            ],
            hiddenPassing: [
                "FROM debian:12\nRUN useradd --uid 1234567 luser",
                "FROM debian:12\nRUN useradd -u=1234567 luser",
                "FROM debian:12\nRUN echo useradd -u 123456 luser",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let script = HadolintC.script(instruction, in: context) else { return }
        for command in script.commands where command.name == "useradd" {
            guard !command.hasAnyFlag(["l", "no-log-init"]), command.hasAnyFlag(["u", "uid"]) else { continue }
            let uids = HadolintC.flagArgumentWords(command, "u").map(HadolintC.hadolintText)
            if let uid = uids.first(where: { $0.unicodeScalars.count > 5 }) {
                report(Violation(instruction, "\(Self.message) (UID \(uid))"))
                return
            }
        }
    }
}
