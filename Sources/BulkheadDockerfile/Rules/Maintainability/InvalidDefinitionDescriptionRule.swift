import BulkheadCore

/// BuildKit InvalidDefinitionDescription (experimental): a comment right above `FROM … AS name`
/// or `ARG name` is taken as its description and should start with the name.
struct InvalidDefinitionDescriptionRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF409", slug: "invalid-definition-description",
        title: "Comment for build stage or argument does not follow the description format",
        severity: .info, category: .maintainability,
        rationale: """
            `docker buildx build --call=outline` and `--call=targets` show the comment directly above \
            a named stage or an ARG as its description when it starts with the name \
            (`# VERSION sets the release to build`). A comment there that does not is probably not \
            meant as a description. As in BuildKit, the comment block counts up to the previous \
            instruction or a bare `#` line, and a blank line does not end it (BuildKit's parser keeps \
            comments across blank lines, although its documentation says otherwise). BuildKit ships \
            this check as experimental and off, so it is off by default here too.
            """,
        fix: "Start the comment with the stage or ARG name (`# base is the common build stage`), or separate an unrelated comment with a bare `#` line.",
        references: [.buildkit("InvalidDefinitionDescription")],
        examples: RuleExamples(
            triggering: [
                "ARG A=1\n# a non-descriptive comment\n↓FROM scratch AS base\n\n# another non-descriptive comment\n↓ARG VERSION=1",
                "FROM scratch AS base\n# definitely a bad comment\n↓ARG foo=baz bar=qux baz=quux",
            ],
            passing: [
                "ARG A=1\n# base is a stage for compiling source\nFROM scratch AS base\n# VERSION This is the version number.\nARG VERSION=1",
                "FROM scratch AS base\n# a non-descriptive comment\n#\nARG VERSION=1",
                "FROM scratch AS base\nARG VERSION=1",
            ],
            hiddenTriggering: [
                // BuildKit's test: names are compared exactly (stage names lowercased).
                "RUN true\n# bar this is the bar\n↓ARG foo=bar\n# BasE this is the BasE image\n↓FROM scratch AS base\n# definitely a bad comment\n↓ARG version=latest",
            ],
            hiddenPassing: [
                "RUN true\n# foo this is the foo\nARG foo=bar\n# base this is the base image\nFROM scratch AS base\n# version this is the version number\nARG version=latest\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n# comment for something other than ARG or FROM\nCOPY Dockerfile .",
                // A FROM without a stage name has nothing to describe.
                "RUN true\n# the base image\nFROM scratch",
                // Parser directives are not comments.
                "# syntax=docker/dockerfile:1\nFROM scratch AS base",
            ]),
        enabledByDefault: false)

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let keys: [String]
        let kind: String
        switch instruction.arguments {
        case .from(let from):
            guard let alias = from.alias else { return }
            keys = [alias.value.lowercased()]
            kind = "FROM"
        case .args(let decls) where instruction.name == .arg:
            keys = decls.map(\.name)
            kind = "ARG"
        default:
            return
        }
        guard !keys.isEmpty, let comment = descriptionComments(before: instruction, in: context.file).last else { return }
        let firstWord = comment.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if keys.contains(firstWord) { return }
        let example = keys.count > 1 ? "<arg_key>" : keys[0]
        report(Violation(instruction, "Comment for \(kind) should follow the format: `# \(example) <description>`"))
    }

    /// BuildKit's `PrevComment`: the comment lines since the previous instruction (blank lines
    /// included, reset by a bare `#`), without parser directives.
    private func descriptionComments(before instruction: Instruction, in file: Dockerfile) -> [String] {
        let start = instruction.range.start.line
        let previousEnd = instruction.index > 0 ? file.instructions[instruction.index - 1].range.end.line : 0
        let directiveLines = Set(file.directives.map(\.line))
        var out: [String] = []
        for comment in file.comments where comment.line > previousEnd && comment.line < start {
            if directiveLines.contains(comment.line) { continue }
            if comment.text.isEmpty { out = [] } else { out.append(comment.text) }
        }
        return out
    }
}
