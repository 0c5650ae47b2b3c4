import BulkheadCore

/// BuildKit WorkdirRelativePath: the first WORKDIR of a stage chain is relative, so it depends
/// on the base image's working directory.
struct WorkdirRelativePathRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF421", slug: "workdir-relative-path", title: "Relative WORKDIR without an absolute one before it",
        severity: .low, category: .reliability,
        rationale: """
            A relative WORKDIR is resolved against the current working directory, which until the \
            Dockerfile sets an absolute one is the base image's: if upstream changes it, files land \
            somewhere else. As BuildKit does, only the first WORKDIR of a stage (counting the stages it \
            is built `FROM`) is checked, after variable expansion; later relative ones are fine once \
            an absolute one anchors them. Windows paths (`C:\\app`) count as absolute.
            Off by default: Hadolint's DL3000 (on by default) reports the same mistake; enable this rule for BuildKit's exact semantics.
            """,
        fix: "Start with an absolute path: `WORKDIR /usr/share/nginx/html`.",
        references: [.buildkit("WorkdirRelativePath")],
        examples: RuleExamples(
            triggering: [
                "FROM nginx AS web\n↓WORKDIR usr/share/nginx/html\nCOPY public .",
                "FROM alpine\n↓WORKDIR app/\nWORKDIR src",
            ],
            passing: [
                "FROM nginx AS web\nWORKDIR /usr/share/nginx/html\nCOPY public .",
                "FROM alpine\nWORKDIR /app\nWORKDIR src",
            ],
            hiddenTriggering: [
                "FROM scratch\n↓WORKDIR app/",
                "FROM scratch\nARG DIR=app\n↓WORKDIR $DIR",
                "FROM scratch\nARG DIR=/opt/app\n↓WORKDIR ${DIR##*/}",
            ],
            hiddenPassing: [
                // BuildKit's test: the base stage set an absolute WORKDIR.
                "FROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/",
                "FROM scratch\nARG DIR=/app\nWORKDIR $DIR",
                "FROM scratch\nARG DIR=/opt/app\nWORKDIR ${DIR#/opt}",
                "FROM scratch\nARG DIR=/opt/app\nWORKDIR ${DIR/opt/srv}",
                "FROM scratch\nARG DIR=app\nWORKDIR ${DIR:+/}$DIR",
                "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app",
                // The value is not known statically.
                "FROM someimage\nWORKDIR $APP_HOME",
            ]),
        enabledByDefault: false)

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        let escape = context.file.escape
        BuildKitCheck.walkScopes(context.file, visit: { ins, scope in
            guard ins.name == .workdir, !scope.workdirSet, case .string(let path) = ins.arguments else { return }
            let word = BuildKitCheck.process(path.raw, escape: escape) { scope.lookup($0) }
            guard !word.isUncertain, !BuildKitCheck.isAbsolutePath(word.value) else { return }
            report(Violation(ins, "Relative workdir \(BuildKitCheck.goQuote(word.value)) can have unexpected results if the base image changes"))
        })
    }
}
