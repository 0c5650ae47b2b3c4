import BulkheadCore

/// DL3062: `go install`/`go get`/`go run` of a package without a pinned version.
struct GoInstallUnpinnedRule: DockerfileRule {
    static let message = "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`"

    static let metadata = RuleMetadata(
        id: "DF162", slug: "go-install-unpinned", title: "go install without a pinned version",
        severity: .medium, category: .supplyChain,
        rationale: """
            `go install example.com/tool` (or `@latest`) builds whatever the module's latest \
            version is at build time: rebuilds silently pick up new code, including a compromised \
            release. A version suffix makes the build reproducible and checkable against `go.sum`.
            """,
        fix: "Pin the version: `go install example.com/tool@v1.2.3`.",
        references: [.hadolint("DL3062")],
        examples: RuleExamples(
            triggering: [
                "FROM golang:1.22\n↓RUN go install example.com/pkg",
                "FROM golang:1.22\n↓RUN go install example.com/pkg@latest",
                "FROM golang:1.22\n↓RUN go get example.com/pkg",
                "FROM golang:1.22\n↓RUN go run example.com/pkg",
            ],
            passing: [
                "FROM golang:1.22\nRUN go install example.com/pkg@v1.2.3",
                "FROM golang:1.22\nRUN go install ./cmd/app",
                "FROM golang:1.22\nRUN go build -o /app . && go install .",
                "FROM golang:1.22\nRUN go run example.com/pkg@v1.2.3 --foo bar",
            ],
            hiddenTriggering: [
                "FROM golang:1.22\n↓RUN go get -tool foobar",
                "FROM golang:1.22\n↓ONBUILD RUN go install example.com/pkg",
            ],
            hiddenPassing: [
                "FROM golang:1.22\nRUN go install /go/app/foobar",
                "FROM golang:1.22\nRUN go run example.com/pkg@v1.2.3 foobar",
                // A `go run` in the RUN masks the `go install` checks, as in Hadolint.
                "FROM golang:1.22\nRUN go run ./gen && go install example.com/pkg",
            ]))

    static func isPinned(_ package: String) -> Bool {
        if package == "." || package.hasPrefix("/") || package.hasPrefix(".") { return true }
        return package.contains("@") && !package.hasSuffix("@latest") && !package.hasSuffix("@none")
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let script = Hadolint.strictHeredocScript(instruction, in: context) else { return }
        var packages: [String] = []
        for cmd in script.commands where cmd.is("go", withAnyOf: ["run"]) {
            for (index, arg) in cmd.argumentsWithoutFlags.enumerated() where index <= 1 && arg != "run" {
                packages.append(arg)
            }
        }
        if packages.isEmpty {
            for cmd in script.commands where cmd.is("go", withAnyOf: ["install", "get"]) {
                packages += cmd.argumentsWithoutFlags.filter { !["install", "get", "tool"].contains($0) }
            }
        }
        let unpinned = packages.filter { !Self.isPinned($0) }
        guard !unpinned.isEmpty else { return }
        var seen: Set<String> = []
        let names = unpinned.filter { seen.insert($0).inserted }
        report(Violation(instruction, "\(Self.message) (unpinned: \(names.joined(separator: ", ")))"))
    }
}
