import BulkheadCore

/// BuildKit UndefinedArgInFrom: a variable in FROM (image or `--platform`) that is neither a
/// global ARG nor one of BuildKit's predefined platform ARGs.
struct UndefinedArgInFromRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF419", slug: "undefined-arg-in-from", title: "FROM uses an undeclared ARG",
        severity: .low, category: .reliability,
        rationale: """
            FROM only sees the ARGs declared before the first FROM and BuildKit's predefined ones \
            (`BUILDPLATFORM`, `TARGETARCH`, …). Any other variable expands to an empty string, which \
            usually means a typo (`$BULIDPLATFORM`) or an ARG declared in the wrong place; as BuildKit \
            does, a close declared name is suggested. A `${VAR:-default}` fallback does not make an \
            undeclared ARG acceptable.
            """,
        fix: "Declare the ARG before the first FROM (`ARG VARIANT=-alpine`), or fix the name's spelling.",
        references: [.buildkit("UndefinedArgInFrom")],
        examples: RuleExamples(
            triggering: [
                "↓FROM node:22${VARIANT} AS jsbuilder",
                "↓FROM --platform=$BULIDPLATFORM alpine",
            ],
            passing: [
                "ARG VARIANT=\"-alpine3.20\"\nFROM node:22${VARIANT} AS jsbuilder",
                "FROM --platform=$BUILDPLATFORM alpine",
                "ARG DEBUG\nFROM scratch${DEBUG}",
            ],
            hiddenTriggering: [
                // BuildKit's tests.
                "ARG MY_OS=linux\nARG MY_ARCH=amd64\n↓FROM --platform=linux/${MYARCH} busybox",
                "ARG tag=latest\n↓FROM busybox:${tag}${version} AS b",
                // Declared in a stage is not global.
                "FROM alpine AS a\nARG TAG=1\n↓FROM alpine:$TAG",
            ],
            hiddenPassing: [
                "ARG base=scratch\nFROM $base\nCOPY Dockerfile .",
                "ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch",
                "ARG DEBUG\nFROM scra${DEBUG:-tch}",
                "ARG DEBUG=\"\"\nFROM scratch${DEBUG-@bogus}",
                "FROM --platform=$TARGETPLATFORM alpine:${TARGETARCH}",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        let globals = BuildKitCheck.GlobalArgs(file: context.file)
        var argKeys = globals.declared
        for k in globals.keys where !argKeys.contains(k) { argKeys.append(k) }
        let known = Set(argKeys)
        for stage in context.file.stages {
            let ins = context.file.instructions[stage.fromIndex]
            guard case .from(let from) = ins.arguments else { continue }
            var words = [from.imageWord.raw]
            if let platform = from.platform { words.append(platform) }
            var reported: Set<String> = []
            for raw in words {
                let word = BuildKitCheck.process(raw, escape: context.file.escape) { globals.lookup($0) }
                for (name, result) in word.lookups where result == .unset && !known.contains(name) {
                    guard reported.insert(name).inserted else { continue }
                    var message = "FROM argument '\(name)' is not declared"
                    if let s = BuildKitCheck.suggest(name, among: argKeys) { message += " (did you mean \(s)?)" }
                    report(Violation(ins, message))
                }
            }
        }
    }
}
