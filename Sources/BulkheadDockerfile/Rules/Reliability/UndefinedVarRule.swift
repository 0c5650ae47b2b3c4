import BulkheadCore

/// BuildKit UndefinedVar: a variable used where BuildKit expands it (COPY, ADD, ENV, LABEL,
/// WORKDIR, USER, VOLUME, STOPSIGNAL, ARG defaults, `RUN --mount` options) that is neither in the
/// environment nor a declared ARG.
struct UndefinedVarRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF420", slug: "undefined-var", title: "Variable used before it is defined",
        severity: .low, category: .reliability,
        rationale: """
            BuildKit expands an undefined variable to an empty string without complaint, so a typo \
            (`$PAHT`) or an ARG declared in another stage quietly produces a wrong path or value. \
            Like BuildKit, the check covers the instructions BuildKit expands itself (not shell-form \
            RUN/CMD/ENTRYPOINT, where the shell expands), counts ARGs declared in the stage or a stage \
            it is built from, ENV, and the base image's ENV, and suggests a close name. Bulkhead \
            cannot pull the base image: it knows the ENV of `scratch` and of common official images \
            (alpine, debian, python, node, golang, …); on other images it only reports names that look \
            like a typo of a defined one (one edit away, or a swap of two characters).
            """,
        fix: "Declare the variable first (`ARG foo` / `ENV foo=…`) in the stage that uses it, or fix the name's spelling.",
        references: [.buildkit("UndefinedVar")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine AS base\n↓COPY $foo .",
                "FROM alpine AS base\n↓ARG VERSION=$foo",
                "FROM alpine\n↓ENV PATH=$PAHT:/app/bin",
            ],
            passing: [
                "FROM alpine AS base\nARG foo\nCOPY $foo .",
                "FROM python AS base\nARG VERSION=$PYTHON_VERSION",
                "FROM alpine\nRUN echo $UNDEFINED_IN_SHELL",
            ],
            hiddenTriggering: [
                // BuildKit's tests.
                "FROM alpine\n↓COPY $foo .\nARG foo=bar\nRUN echo $foo",
                "FROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\n↓COPY $DIR_ASSET .",
                // An ENV line cannot use a variable it defines itself.
                "FROM scratch\n↓ENV A=1 B=$A",
                // ARGs are not inherited by a stage FROM an image.
                "ARG TAG=1\nFROM alpine\n↓LABEL version=$TAG",
                // Predefined ARGs must be declared in the stage.
                "FROM alpine\n↓WORKDIR /out/$TARGETARCH",
                // A fallback value does not define the variable.
                "FROM alpine\n↓USER ${APP_USER:-app}",
                "FROM alpine\n↓RUN --mount=type=cache,target=$CACHE_DIR make",
                "FROM alpine\n↓COPY <<EOF /etc/motd\nHello $NAME\nEOF",
                // On an unknown image, only likely typos are reported.
                "FROM example.com/custom\nENV APP_HOME=/app\n↓WORKDIR $APP_HOM",
                "FROM example.com/custom\n↓ENV PATH=$PAHT:/app/bin",
            ],
            hiddenPassing: [
                "FROM scratch\nARG foo\nCOPY Dockerfile${foo} .",
                "FROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .",
                "FROM alpine\nRUN echo $PATH",
                "ARG TAG=1\nFROM alpine\nARG TAG\nLABEL version=$TAG",
                "FROM alpine\nARG TARGETARCH\nWORKDIR /out/$TARGETARCH",
                "FROM alpine\nENV A=1\nENV B=$A",
                "FROM alpine\nCOPY '$literal' /x\nLABEL a=\\$b",
                "FROM alpine\nCOPY <<'EOF' /etc/motd\nHello $NAME\nEOF",
                "FROM alpine\nCMD echo $HOME",
                "FROM golang:1.22\nWORKDIR $GOPATH/src/app",
                "FROM example.com/custom\nWORKDIR $APP_HOME",
                "FROM example.com/go-builder\nENV PATH=$GOPATH/bin:$PATH\nWORKDIR $GOPATH/src",
                "FROM example.com/custom\nARG V1=1\nLABEL v=$V2",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {}

    func finish(state: Void, in context: DockerfileContext, report: (Violation) -> Void) {
        let escape = context.file.escape
        var reported: [Int: Set<String>] = [:]
        func check(_ word: BuildKitCheck.Word, in scope: BuildKitCheck.Scope, at ins: Instruction) {
            for (name, result) in word.lookups where !scope.isDefined(name) {
                guard result == .unset || result == .possiblyUnset else { continue }
                let suggestion = BuildKitCheck.suggest(name, among: scope.keys)
                if result == .possiblyUnset && !Self.isLikelyTypo(name, of: suggestion) { continue }
                guard reported[ins.index, default: []].insert(name).inserted else { continue }
                var message = "Usage of undefined variable '$\(name)'"
                if let suggestion { message += " (did you mean $\(suggestion)?)" }
                report(Violation(ins, message))
            }
        }
        BuildKitCheck.walkScopes(context.file, visit: { ins, scope in
            for (text, raw) in expandedWords(ins, escape: escape) {
                let word = BuildKitCheck.process(text, escape: raw ? "\\" : escape, skipQuotes: raw) { scope.lookup($0) }
                check(word, in: scope, at: ins)
            }
        }, argDefault: { ins, word, scope in
            check(word, in: scope, at: ins)
        })
    }

    /// On a base image whose ENV is unknown, a missing name is only reported when it looks like a
    /// typo of a defined one: one edit away, or two on a name of the same length (a swap), and
    /// not a short name (`GOPATH` is not a typo of `PATH`).
    static func isLikelyTypo(_ name: String, of suggestion: String?) -> Bool {
        guard let suggestion, name.count >= 4 else { return false }
        let d = BuildKitCheck.levenshtein(Array(name.unicodeScalars), Array(suggestion.unicodeScalars))
        return d == 1 || (d == 2 && name.count == suggestion.count)
    }

    /// The words BuildKit expands for an instruction, and whether each is a heredoc body
    /// (expanded with `\` as escape and quotes kept).
    private func expandedWords(_ ins: Instruction, escape: Character) -> [(String, Bool)] {
        var out: [(String, Bool)] = []
        switch (ins.name, ins.arguments) {
        case (.env, .pairs(let pairs)), (.label, .pairs(let pairs)):
            for p in pairs { out += [(p.key, false), (p.rawValue, false)] }
        case (.copy, .files(let files)), (.add, .files(let files)):
            let flagNames: Set<String> = ins.name == .add ? ["chown", "chmod", "checksum"] : ["chown", "chmod"]
            for f in ins.flags where flagNames.contains(f.name.lowercased()) { out.append((f.value ?? "", false)) }
            for s in files.sources where ins.heredocs.isEmpty || !s.raw.hasPrefix("<<") { out.append((s.raw, false)) }
            if let d = files.destination { out.append((d.raw, false)) }
            for doc in ins.heredocs where doc.expand { out.append((doc.content, true)) }
        case (.workdir, .string(let w)), (.user, .string(let w)), (.stopsignal, .string(let w)):
            out.append((w.raw, false))
        case (.volume, .words(let words)):
            out += words.map { ($0.raw, false) }
        case (.run, _):
            out += BuildKitCheck.mountValues(ins).map { ($0, false) }
        default:
            break
        }
        return out
    }
}
