import BulkheadCore

/// A rule after loading: condition with lists substituted, exceptions appended and macros
/// expanded, ready to compile against its source.
public struct LoadedRule: Sendable {
    public var name: String
    public var description: String
    public var output: String
    public var priority: FalcoPriority
    /// Sorted, as Falco keeps them.
    public var tags: [String]
    public var source: String
    public var enabled: Bool
    public var condition: ConditionNode
    public var conditionText: String
    public var eventTypes: EventTypeSet
    public var location: SourceLocation
    /// Fields Falco defines that no Bulkhead source provides; non-empty means the rule is not
    /// evaluable and is skipped.
    public var unavailableFields: [String]

    public var isEvaluable: Bool { unavailableFields.isEmpty }
}

/// Loads Falco rules files in order (later files change earlier ones) and compiles them:
/// Falco's reader → collector → compiler, with every error and warning collected.
public struct RuleLoader {
    private var collector = RuleCollector()
    public private(set) var result = LoadResult()
    private let sources: [any FalcoFieldSource]

    public init(sources: [any FalcoFieldSource]) {
        self.sources = sources
    }

    private func source(named name: String) -> (any FalcoFieldSource)? {
        sources.first { $0.name == name || $0.aliases.contains(name) }
    }

    private var sourceNames: Set<String> { Set(sources.flatMap { [$0.name] + $0.aliases }) }

    /// Whether `field` can appear on the left of a comparison in `source` (exception validation).
    private func isValidField(_ sourceName: String, _ field: String) -> Bool {
        guard let s = source(named: sourceName) else { return true }
        return Self.resolves(s, field)
    }

    private static func resolves<S: FalcoFieldSource>(_ s: S, _ field: String) -> Bool {
        var name = field, arg: String?
        if field.hasSuffix("]"), let open = field.firstIndex(of: "[") {
            name = String(field[..<open])
            arg = String(field[field.index(after: open)..<field.index(before: field.endIndex)])
        }
        switch s.resolve(field: name, argument: arg) {
        case .unknown: return false
        default: return true
        }
    }

    /// Reads one rules file's content. `file` names it in messages.
    public mutating func load(file: String, content: String) {
        let names = sourceNames
        let check: (String, String) -> Bool = { [self] in isValidField($0, $1) }
        var reader = RuleFileReader(file: file, sources: names, fieldCheck: check, result: result)
        reader.read(content, into: &collector)
        result = reader.result
    }

    /// Compiles everything loaded so far.
    public mutating func finish() -> [LoadedRule] {
        var compiler = Compilation(collector: collector, loader: self)
        let rules = compiler.run()
        result.messages += compiler.messages
        return rules
    }

    // MARK: - compilation

    private struct Compilation {
        let collector: RuleCollector
        let loader: RuleLoader
        var messages: [LoadMessage] = []
        var lists: [(name: String, items: [String])] = []
        var listUsed: [Bool] = []
        var macroASTs: [String: ConditionNode] = [:]
        var resolvedMacros: [String: ConditionNode] = [:]
        var brokenMacros: Set<String> = []
        var macroUsed: Set<String> = []

        init(collector: RuleCollector, loader: RuleLoader) {
            self.collector = collector
            self.loader = loader
        }

        mutating func run() -> [LoadedRule] {
            compileLists()
            compileMacros()
            let rules = compileRules()
            for m in collector.macros where !macroUsed.contains(m.name) {
                messages.append(LoadMessage(code: .unusedMacro, message: "Macro not referred to by any other rule/macro",
                                            itemType: "macro", itemName: m.name, location: m.location))
            }
            for (i, l) in collector.lists.enumerated() where !listUsed[i] {
                messages.append(LoadMessage(code: .unusedList, message: "List not referred to by any other rule/macro",
                                            itemType: "list", itemName: l.name, location: l.location))
            }
            return rules
        }

        /// A list item naming a list defined before it is replaced by that list's items (one level,
        /// as defined — Falco's visibility rule).
        mutating func compileLists() {
            listUsed = Array(repeating: false, count: collector.lists.count)
            for list in collector.lists {
                var items: [String] = []
                for item in list.items {
                    if let refIndex = collector.listPosition(named: item),
                       collector.lists[refIndex].index < list.visibility {
                        listUsed[refIndex] = true
                        items += collector.lists[refIndex].items
                    } else {
                        items.append(item)
                    }
                }
                lists.append((list.name, items))
            }
        }

        mutating func substituteLists(_ text: String) -> String {
            var cond = text
            for (i, l) in lists.enumerated() {
                let r = ListSubstitution.resolve(cond, name: l.name, items: l.items)
                if r.used {
                    cond = r.text
                    listUsed[i] = true
                }
            }
            return cond
        }

        mutating func compileMacros() {
            for m in collector.macros {
                let text = substituteLists(m.condition)
                do {
                    macroASTs[m.name] = try ConditionParser.parse(text)
                } catch {
                    brokenMacros.insert(m.name)
                    messages.append(LoadMessage(code: .compileCondition, message: error.message, itemType: "macro",
                                                itemName: m.name, location: position(m.conditionLocation, error.position)))
                }
            }
            for m in collector.macros where macroASTs[m.name] != nil {
                let visible = Set(collector.macros.filter { $0.index < m.visibility }.map(\.name))
                var stack: [String] = [m.name]
                do {
                    resolvedMacros[m.name] = try expand(macroASTs[m.name]!, visible: visible, stack: &stack)
                } catch {
                    brokenMacros.insert(m.name)
                    messages.append(LoadMessage(code: .validate, message: error.message, itemType: "macro",
                                                itemName: m.name, location: m.location))
                }
            }
        }

        struct ExpandError: Error { var message: String }

        mutating func expand(_ node: ConditionNode, visible: Set<String>?, stack: inout [String]) throws(ExpandError) -> ConditionNode {
            switch node {
            case .and(let c): return .and(try c.map { n throws(ExpandError) in try expand(n, visible: visible, stack: &stack) })
            case .or(let c): return .or(try c.map { n throws(ExpandError) in try expand(n, visible: visible, stack: &stack) })
            case .not(let n): return .not(try expand(n, visible: visible, stack: &stack))
            case .check: return node
            case .macro(let name, _):
                guard visible.map({ $0.contains(name) }) ?? (collector.macro(named: name) != nil),
                      let body = macroASTs[name] else {
                    if brokenMacros.contains(name) { throw ExpandError(message: "Macro '\(name)' used in filter has errors") }
                    throw ExpandError(message: "Undefined macro '\(name)' used in filter.")
                }
                if stack.contains(name) { throw ExpandError(message: "reference loop in macro '\(name)'") }
                macroUsed.insert(name)
                if visible == nil, let done = resolvedMacros[name] { return done }
                stack.append(name)
                defer { stack.removeLast() }
                return try expand(body, visible: visible, stack: &stack)
            }
        }

        mutating func compileRules() -> [LoadedRule] {
            var out: [LoadedRule] = []
            for r in collector.rules where !r.unknownSource {
                guard let src = loader.source(named: r.source) else { continue }
                func fail(_ code: LoadMessage.Code, _ message: String, _ location: SourceLocation?) {
                    messages.append(LoadMessage(code: code, message: message, itemType: "rule", itemName: r.name, location: location ?? r.location))
                }
                var conditionText: String
                do {
                    conditionText = try RuleConditionText.withExceptions(r.condition, r.exceptions)
                } catch {
                    messages.append(LoadMessage(code: error.code, message: error.message, itemType: error.itemType ?? "rule",
                                                itemName: error.itemName ?? r.name, location: error.location))
                    continue
                }
                var output = r.output
                if output.contains("%container.info") {
                    messages.append(LoadMessage(code: .deprecatedItem, message: "%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will automatically add required fields to the output message.", itemType: "rule", itemName: r.name, location: r.location))
                    output = output.replacingOccurrences(of: "%container.info", with: "")
                }
                var unavailable: [String] = []
                // Output fields.
                switch OutputTemplateCheck.check(output, source: src) {
                case .ok(let missing): unavailable += missing
                case .unknown(let token):
                    if r.skipIfUnknownFilter {
                        fail(.unknownFilter, "invalid formatting token \(token)", r.outputLocation)
                        continue
                    }
                    fail(.compileOutput, "invalid formatting token \(token)", r.outputLocation)
                    continue
                case .invalid(let message):
                    fail(.compileOutput, message, r.outputLocation)
                    continue
                }
                // Condition.
                conditionText = substituteLists(conditionText)
                let ast: ConditionNode
                do {
                    ast = try ConditionParser.parse(conditionText)
                } catch {
                    fail(.compileCondition, error.message, position(r.conditionLocation, error.position))
                    continue
                }
                var stack: [String] = []
                let expanded: ConditionNode
                do {
                    expanded = try expand(ast, visible: nil, stack: &stack)
                } catch {
                    fail(.validate, error.message, r.conditionLocation)
                    continue
                }
                switch Self.validate(expanded, source: src) {
                case .ok(let missing): unavailable += missing
                case .failed(let e):
                    if e.kind == .unknownField || e.message.hasPrefix("unknown event type") {
                        if r.skipIfUnknownFilter {
                            fail(.unknownFilter, e.message, r.conditionLocation)
                            continue
                        }
                    }
                    fail(.compileCondition, e.message, r.conditionLocation)
                    continue
                }
                let types = EventTypeSet.of(expanded)
                if r.source == "syscall", r.warnEvttypes, let universe = src.eventTypes, types.count(in: universe) > 100 {
                    fail(.noEventType, "Rule matches too many evt.type values. This has a significant performance penalty.", r.location)
                }
                var seen = Set<String>()
                unavailable = unavailable.filter { seen.insert($0).inserted }
                if !unavailable.isEmpty {
                    fail(.unavailableField, "skipped: needs \(unavailable.joined(separator: ", ")), which no Bulkhead \(r.source) source provides", r.location)
                }
                out.append(LoadedRule(name: r.name, description: r.desc, output: output, priority: r.priority,
                                      tags: r.tags.sorted(), source: src.name, enabled: r.enabled, condition: expanded,
                                      conditionText: conditionText, eventTypes: types, location: r.location,
                                      unavailableFields: unavailable))
            }
            return out
        }

        enum Validation { case ok([String]), failed(PredicateCompileError) }

        /// Compiles the condition once to find unknown/unavailable fields and bad values.
        static func validate<S: FalcoFieldSource>(_ node: ConditionNode, source: S) -> Validation {
            var missing: [String] = []
            var failure: PredicateCompileError?
            func walk(_ n: ConditionNode) {
                switch n {
                case .and(let c), .or(let c): c.forEach(walk)
                case .not(let i): walk(i)
                case .macro: break
                case .check(let c):
                    do {
                        _ = try PredicateCompiler(source: source).compile(.check(c))
                    } catch {
                        if error.kind == .unavailableField, let f = error.field { missing.append(f) } else if failure == nil { failure = error }
                    }
                }
            }
            walk(node)
            if let failure { return .failed(failure) }
            return .ok(missing)
        }

        func position(_ base: SourceLocation, _ pos: ConditionPosition?) -> SourceLocation {
            guard let pos, let start = base.range?.start else { return base }
            // Conditions on one line keep the column; folded conditions point at their line.
            var loc = base
            loc.range = SourceRange(line: start.line + pos.line - 1 + (pos.line > 1 ? 1 : 0),
                                    column: pos.line == 1 ? start.column + pos.column - 1 : pos.column)
            return loc
        }
    }
}
