import BulkheadCore

/// DL3010: an archive COPY'd into the image and then extracted by a RUN.
///
/// As in Hadolint, the tracking restarts at every FROM, so only the last stage is checked.
struct CopiedArchiveExtractedRule: DockerfileRule {
    static let extractors: Set<String> = [
        "unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat",
    ]

    static let metadata = RuleMetadata(
        id: "DF110", slug: "copied-archive-extracted", title: "Archive copied, then extracted in a RUN",
        severity: .low, category: .hygiene,
        rationale: """
            Copying an archive and extracting it in a later RUN stores the archive in one layer \
            and its contents in another: the image carries both, even if the archive is deleted \
            afterwards. `ADD` extracts local tar archives in one step.
            """,
        fix: "Use `ADD app.tar.gz /usr/src/app/` for local tar archives, or extract in a build stage and COPY the result.",
        references: [.hadolint("DL3010")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓COPY packaged-app.tar /usr/src/app/\nRUN tar -xf /usr/src/app/packaged-app.tar",
                "FROM debian:12\n↓COPY foo/bar/packaged-app.tar /foo.tar\nRUN tar -xf /foo.tar",
                "FROM debian:12\n↓COPY app.tar.gz /tmp/\nRUN cd /opt && gunzip /tmp/app.tar.gz",
            ],
            passing: [
                "FROM debian:12\nADD packaged-app.tar /usr/src/app/",
                "FROM debian:12\nCOPY --from=builder /out/app.tar /opt/app.tar\nRUN tar -xf /opt/app.tar",
                "FROM debian:12\nCOPY packaged-app.tar /usr/src/app/\nRUN ls /usr/src/app",
                "FROM debian:12 AS build\nCOPY app.tar /tmp/\nRUN tar -xf /tmp/app.tar\nFROM debian:12\nRUN echo",
            ],
            hiddenTriggering: [
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n↓COPY build\\foo\\bar.tar.gz \"C:\\Program Files\\Foo\"\nRUN tar -xf \"C:\\Program Files\\Foo\\bar.tar.gz\"",
                // Any option containing x counts as extraction for Hadolint (`--exclude`).
                "FROM debian:12\n↓COPY app.tar /tmp/\nRUN tar --exclude=doc -f /tmp/app.tar",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        /// Archives copied in the current stage: (COPY instruction, archive base name).
        var copied: [(instruction: Instruction, archive: String)] = []
        var extracted: Set<Int> = []
        var order: [Instruction] = []
        for ins in context.file.instructions {
            switch ins.name {
            case .from:
                copied = []
                extracted = []
                order = []
            case .copy where ins.flag("from") == nil:
                guard case .files(let files) = ins.arguments else { continue }
                let target = files.destination.map { Hadolint.basename(Hadolint.path($0, json: ins.isJSON)) } ?? ""
                if Hadolint.isArchive(target) {
                    copied.append((ins, target))
                } else {
                    for source in files.sources {
                        let path = Hadolint.path(source, json: ins.isJSON)
                        if Hadolint.isArchive(path) { copied.append((ins, Hadolint.basename(path))) }
                    }
                }
            case .run:
                guard !copied.isEmpty, let run = context.script(for: ins) else { continue }
                var extractedNames: Set<String> = []
                for command in run.hadolintCommands where Self.isExtractor(command) {
                    for arg in command.argumentsWithoutFlags { extractedNames.insert(Hadolint.basename(arg)) }
                }
                for entry in copied where extractedNames.contains(entry.archive) && !extracted.contains(entry.instruction.index) {
                    extracted.insert(entry.instruction.index)
                    order.append(entry.instruction)
                }
            default:
                break
            }
        }
        for ins in order {
            report(Violation(ins, "Use `ADD` for extracting archives into an image"))
        }
    }

    static func isExtractor(_ command: ShellCommand) -> Bool {
        if command.name == "tar" {
            return command.arguments.contains { arg in
                arg.value == "--extract" || arg.value == "--get" || (arg.value.hasPrefix("-") && arg.value.contains("x"))
            }
        }
        return extractors.contains(command.name)
    }
}
