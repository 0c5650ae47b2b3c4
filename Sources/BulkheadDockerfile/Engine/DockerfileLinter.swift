import BulkheadCore

/// Lints parsed Dockerfiles: one pass over the instructions feeding every enabled rule, then
/// pragmas and options applied, giving findings ready for a ``Report``.
///
/// ```swift
/// let linter = DockerfileLinter(options: .init(trustedRegistries: ["docker.io"]))
/// let target = linter.lint(text: contents, path: "Dockerfile")
/// ```
public struct DockerfileLinter: Sendable {
    public let rules: [any DockerfileRule.Type]
    public let options: DockerfileLintOptions
    /// Whether ``rules`` is the built-in list, whose alias index is shared and built once.
    private let usesBuiltInRules: Bool

    public init(rules: [any DockerfileRule.Type] = DockerfileRules.all, options: DockerfileLintOptions = .init()) {
        self.rules = rules
        self.options = options
        self.usesBuiltInRules = rules.count == DockerfileRules.all.count
    }

    /// Resolves rule names in pragmas; built only when a file has pragmas.
    public var index: RuleIndex {
        usesBuiltInRules ? DockerfileRules.index : RuleIndex(rules.map { $0.metadata })
    }

    /// Parses and lints one file. A parse error becomes an error diagnostic on the target.
    public func lint(text: String, path: String) -> Report.Target {
        lint(bytes: Array(text.utf8), path: path)
    }

    public func lint(bytes: [UInt8], path: String) -> Report.Target {
        do {
            let file = try DockerfileParser.parse(bytes: bytes, path: path)
            return lint(file)
        } catch {
            return Report.Target(name: path, kind: .dockerfile, findings: [], diagnostics: [
                Diagnostic(code: "parse-error.\(error.code.rawValue)", level: .error, message: error.message,
                           location: error.location ?? SourceLocation(file: path)),
            ])
        }
    }

    /// Lints a parsed file.
    public func lint(_ file: Dockerfile) -> Report.Target {
        let context = DockerfileContext(file: file, options: options)
        var raw: [(RuleMetadata, Violation)] = []
        var runners: [RuleRunner] = []
        for rule in rules where options.isEnabled(rule.metadata) {
            runners.append(makeRunner(rule))
        }
        for instruction in file.instructions {
            for runner in runners {
                runner.check(instruction, context) { raw.append((runner.metadata, $0)) }
            }
        }
        for runner in runners {
            runner.finish(context) { raw.append((runner.metadata, $0)) }
        }
        let pragmas = PragmaSet(file: file, index: { index })
        var findings: [Finding] = []
        var suppressed: [Finding] = []
        var occurrences: [String: Int] = [:]
        var diagnostics = pragmas.diagnostics
        for (meta, v) in raw {
            let instruction = v.instructionIndex.map { file.instructions[$0] }
                ?? file.instructions.last { $0.range.start.line <= v.position.line }
            let context = instruction.map { $0.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") } ?? ""
            let key = "\(meta.id.rawValue)\u{1F}\(context)"
            let occurrence = occurrences[key, default: 0]
            occurrences[key] = occurrence + 1
            let finding = Finding(
                ruleID: meta.id, severity: options.severityOverrides[meta.id] ?? meta.severity, title: meta.title,
                message: v.message,
                location: SourceLocation(file: file.path, range: SourceRange(start: v.position, end: v.position)),
                fix: meta.fix, aliases: meta.references.compactMap { $0.aliasID?.rawValue },
                fingerprint: Finding.computeFingerprint(ruleID: meta.id, file: file.path, context: context,
                                                        occurrence: occurrence))
            if pragmas.suppresses(meta.id, instruction: instruction, line: v.position.line, in: file) {
                suppressed.append(finding)
            } else {
                findings.append(finding)
            }
        }
        diagnostics += pragmas.unused.map {
            Diagnostic(code: "unknown-rule", level: .warning, message: "ignore pragma names unknown rule '\($0.1)'",
                       location: SourceLocation(file: file.path, line: $0.0))
        }
        return Report.Target(name: file.path, kind: .dockerfile, findings: findings, diagnostics: diagnostics,
                             suppressed: suppressed)
    }
}

/// A type-erased rule with its per-file state.
struct RuleRunner {
    let metadata: RuleMetadata
    let check: (Instruction, DockerfileContext, (Violation) -> Void) -> Void
    let finish: (DockerfileContext, (Violation) -> Void) -> Void
}

final class StateBox<S> {
    var value: S
    init(_ value: S) { self.value = value }
}

func makeRunner<R: DockerfileRule>(_ type: R.Type) -> RuleRunner {
    let rule = R()
    let box = StateBox(rule.makeState())
    return RuleRunner(
        metadata: R.metadata,
        check: { instruction, context, report in rule.check(instruction, in: context, state: &box.value, report: report) },
        finish: { context, report in rule.finish(state: box.value, in: context, report: report) })
}

/// The ignore pragmas of one file, resolved to canonical ids.
struct PragmaSet {
    var global: Set<RuleID> = []
    /// Instruction index → ids ignored for it.
    var perInstruction: [Int: Set<RuleID>] = [:]
    /// Stage index → (first instruction index, ids).
    var perStage: [(stage: Int, from: Int, ids: Set<RuleID>)] = []
    var unused: [(Int, String)] = []
    var diagnostics: [Diagnostic] = []

    init(file: Dockerfile, index makeIndex: () -> RuleIndex) {
        var resolved: RuleIndex? = nil
        for comment in file.comments {
            guard let pragma = Pragma.parse(comment.text, line: comment.line) else { continue }
            let index = resolved ?? makeIndex()
            resolved = index
            var ids: Set<RuleID> = []
            for name in pragma.ids {
                if let id = index.resolve(name) { ids.insert(id) } else { unused.append((comment.line, name)) }
            }
            let next = file.instructions.first { $0.range.start.line > comment.line }
            switch pragma.scope {
            case .global:
                global.formUnion(ids)
            case .nextInstruction:
                if let next { perInstruction[next.index, default: []].formUnion(ids) }
            case .stage:
                if let next, let s = next.stageIndex { perStage.append((s, next.index, ids)) }
            }
        }
    }

    func suppresses(_ id: RuleID, instruction: Instruction?, line: Int, in file: Dockerfile) -> Bool {
        if global.contains(id) { return true }
        guard let instruction else { return false }
        if perInstruction[instruction.index]?.contains(id) == true { return true }
        for entry in perStage where entry.ids.contains(id) {
            if instruction.stageIndex == entry.stage && instruction.index >= entry.from { return true }
        }
        return false
    }
}
