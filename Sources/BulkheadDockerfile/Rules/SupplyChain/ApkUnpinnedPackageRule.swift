import BulkheadCore

/// DL3018: `apk add` without pinned versions.
struct ApkUnpinnedPackageRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF118", slug: "apk-unpinned-package", title: "apk add without pinned versions",
        severity: .medium, category: .supplyChain,
        rationale: """
            `apk add curl` installs whatever the Alpine mirror serves that day: builds are not \
            repeatable and package updates enter the image without review.
            """,
        fix: "Pin each package: `apk add --no-cache curl=8.9.1-r1` (or `curl~8.9` for the latest patch).",
        references: [.hadolint("DL3018")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine:3.20\n↓RUN apk add --no-cache flex",
                "FROM alpine:3.20\n↓RUN apk add --no-cache flex=2.6.4-r1 libffi",
                "FROM alpine:3.20\n↓ONBUILD RUN apk add --no-cache flex",
            ],
            passing: [
                "FROM alpine:3.20\nRUN apk add --no-cache flex=2.6.4-r1 git~2.45",
                "FROM alpine:3.20\nRUN apk add --no-cache \"flex>=2.6.1-r1\" \"python3<3.13\"",
                "FROM alpine:3.20\nRUN apk add --no-cache --virtual build-dependencies python3-dev=3.12.3-r1",
                "FROM alpine:3.20\nRUN apk add --no-cache --repository https://dl-cdn.alpinelinux.org/alpine/edge/testing flow=0.78.0-r0",
                "FROM alpine:3.20\nRUN apk add --no-cache mypackage-1.1.1.apk",
            ],
            hiddenPassing: [
                "FROM alpine:3.20\nRUN apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/testing flow=0.78.0-r0",
                "FROM alpine:3.20\nRUN apk add --no-cache -t .build-deps gcc=13.2.1_git20240309-r0",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        var unpinned: [String] = []
        for command in run.hadolintCommands where command.is("apk", withAnyOf: ["add"]) {
            let packages = command.argumentsWithoutFlags(valueFlags: ["t", "virtual", "repository", "X"])
                .filter { $0 != "add" }
            unpinned += packages.filter { package in
                !(package.contains(where: { "=~><".contains($0) }) || package.hasSuffix(".apk"))
            }
        }
        guard !unpinned.isEmpty else { return }
        report(Violation(instruction, """
            Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>` (unpinned: \(unpinned.joined(separator: ", ")))
            """))
    }
}
