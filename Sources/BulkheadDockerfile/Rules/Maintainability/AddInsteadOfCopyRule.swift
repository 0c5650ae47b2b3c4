import BulkheadCore

/// DL3020: `ADD` of plain files or folders.
struct AddInsteadOfCopyRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF120", slug: "add-instead-of-copy", title: "ADD used for plain files",
        severity: .high, category: .maintainability,
        rationale: """
            `ADD` has implicit behaviour — it extracts local archives and downloads URLs — so a \
            reader cannot tell what an `ADD` of a file does without knowing the file. `COPY` \
            only copies; keep `ADD` for the cases that need its extras.
            """,
        fix: "Replace `ADD src/ /app/` with `COPY src/ /app/`.",
        references: [.hadolint("DL3020")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓ADD file /usr/src/app/",
                "FROM debian:12\n↓ADD file.zip /usr/src/app/",
                "FROM debian:12\n↓ADD app.tar.gz config.json /usr/src/app/",
            ],
            passing: [
                "FROM debian:12\nADD app.tar.gz /usr/src/app/",
                "FROM debian:12\nADD \"file.tgz\" rootfs.tar.xz /",
                "FROM debian:12\nADD https://example.com/file.txt /tmp/",
                "FROM debian:12\nCOPY file /usr/src/app/",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard instruction.name == .add, case .files(let files) = instruction.arguments else { return }
        let plain = files.sources.map { Hadolint.path($0, json: instruction.isJSON) }.filter { path in
            !(Hadolint.isArchive(path) || path.hasPrefix("http://") || path.hasPrefix("https://"))
        }
        guard let first = plain.first else { return }
        report(Violation(instruction, "Use COPY instead of ADD for files and folders (\(first))"))
    }
}
