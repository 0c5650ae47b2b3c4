import BulkheadCore

/// `ADD https://…` without `--checksum`.
struct AddURLWithoutChecksumRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF305", slug: "add-url-without-checksum", title: "ADD of a remote URL without --checksum",
        severity: .medium, category: .supplyChain,
        rationale: """
            `ADD <url>` downloads at build time with no integrity check: the file can change under \
            the same URL, and the build silently ships whatever it got. BuildKit's `--checksum` \
            makes the build fail instead.
            """,
        fix: "Add `--checksum=sha256:<digest>` (`ADD --checksum=sha256:… https://…/app.tar.gz /opt/`), or download with curl and verify.",
        references: [.url("https://docs.docker.com/reference/dockerfile/#add---checksum")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine:3.20\n↓ADD https://example.com/app.tar.gz /opt/",
                "FROM alpine:3.20\n↓ADD --chown=app http://example.com/tool /usr/local/bin/tool",
            ],
            passing: [
                "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /opt/",
                "FROM alpine:3.20\nADD app.tar.gz /opt/",
                "FROM alpine:3.20\nADD git@github.com:moby/buildkit.git#v0.14.1 /src",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let add = instruction.effective
        guard add.name == .add, add.flag("checksum") == nil, case .files(let files) = add.arguments else { return }
        guard let url = files.sources.first(where: {
            let v = $0.value.lowercased()
            return (v.hasPrefix("http://") || v.hasPrefix("https://")) && !v.hasSuffix(".git") && !v.contains(".git#")
        }) else { return }
        report(Violation(instruction, "ADD downloads \(url.value) without --checksum"))
    }
}
