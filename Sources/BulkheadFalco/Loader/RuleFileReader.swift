import BulkheadCore

/// Reads one rules file into the collector, item by item, as Falco's reader does: required
/// keys, value types, appends and overrides, exceptions, versions. An item with an error is
/// reported (with its type, name and position) and skipped; the following items still load.
struct RuleFileReader {
    var file: String
    var sources: Set<String>
    var fieldCheck: (String, String) -> Bool
    var result: LoadResult

    init(file: String, sources: Set<String>, fieldCheck: @escaping (String, String) -> Bool, result: LoadResult) {
        self.file = file
        self.sources = sources
        self.fieldCheck = fieldCheck
        self.result = result
    }

    mutating func read(_ content: String, into collector: inout RuleCollector) {
        let docs: [RulesYAML]
        do {
            docs = try RulesYAML.documents(content)
        } catch {
            add(.yamlParse, error.message, "rules content", "", at: RulesYAML.Mark(line: error.line, column: error.column))
            return
        }
        for doc in docs {
            switch doc {
            case .null: continue
            case .scalar(_, let m):
                add(.yamlValidate, "Rules content is not yaml", "rules content", "", at: m)
            case .mapping(_, let m):
                add(.yamlValidate, "Rules content is not yaml array of objects", "rules content", "", at: m)
            case .sequence(let items, _):
                for item in items where !item.isNull {
                    readItem(item, into: &collector)
                }
            }
        }
    }

    // MARK: - items

    private mutating func readItem(_ item: RulesYAML, into collector: inout RuleCollector) {
        guard item.isMapping else {
            add(.yamlValidate, "Unexpected element type. Each element should be a yaml associative array.",
                "rules content item", "", at: item.mark)
            return
        }
        let (type, name): (String, String) = {
            for key in ["required_engine_version", "required_plugin_versions", "list", "macro", "rule"] where item[key] != nil {
                if key == "list" || key == "macro" || key == "rule", case .scalar(let n, _)? = item[key] { return (key, n) }
                return (key, "")
            }
            return ("rules content item", "")
        }()
        do throws(LoadFailure) {
            switch type {
            case "required_engine_version": try readEngineVersion(item)
            case "required_plugin_versions": try readPluginVersions(item)
            case "list": try readList(item, name: name, into: &collector)
            case "macro": try readMacro(item, name: name, into: &collector)
            case "rule": try readRule(item, name: name, into: &collector)
            default: add(.unknownItem, "Unknown top level item", type, "", at: item.mark)
            }
        } catch {
            result.messages.append(LoadMessage(code: error.code, message: error.message,
                                               itemType: error.itemType ?? type, itemName: error.itemName ?? name,
                                               location: error.location ?? location(item.mark)))
        }
    }

    private mutating func readEngineVersion(_ item: RulesYAML) throws(LoadFailure) {
        let text = try string(item, "required_engine_version")
        guard let version = EngineVersion(text) else {
            if text.contains(".") {
                throw failure(.yamlValidate, "Unable to parse engine version '\(text)' as a semver string. Expected \"x.y.z\" semver format.", item)
            }
            throw failure(.yamlValidate, "Can't decode YAML scalar value", item)
        }
        guard EngineVersion.current.isCompatible(with: version) else {
            throw failure(.validate, "Rules require engine version \(version), but engine version is \(EngineVersion.current)", item)
        }
        if result.requiredEngineVersion.map({ $0 < version }) ?? true { result.requiredEngineVersion = version }
        warnUnknownKeys(item, ["required_engine_version"], "required_engine_version", "")
    }

    private mutating func readPluginVersions(_ item: RulesYAML) throws(LoadFailure) {
        guard case .sequence(let entries, _)? = item["required_plugin_versions"] else {
            throw failure(.yamlValidate, "Value of required_plugin_versions must be a sequence", item)
        }
        for entry in entries {
            guard entry.isMapping else { throw failure(.yamlValidate, "Plugin version must be a mapping", entry) }
            var alternatives = [PluginRequirement(name: try string(entry, "name"), version: try string(entry, "version"))]
            if let alts = entry["alternatives"] {
                guard case .sequence(let list, _) = alts else {
                    throw failure(.yamlValidate, "Value of plugin version alternatives must be a sequence", entry)
                }
                for alt in list {
                    guard alt.isMapping else { throw failure(.yamlValidate, "Plugin version alternative must be a mapping", alt) }
                    alternatives.append(PluginRequirement(name: try string(alt, "name"), version: try string(alt, "version")))
                }
            }
            for a in alternatives where EngineVersion(a.version) == nil || !a.version.contains(".") {
                throw failure(.validate, "Invalid required version '\(a.version)' for plugin '\(a.name)'", entry)
            }
            result.requiredPlugins.append(alternatives)
        }
        warnUnknownKeys(item, ["required_plugin_versions"], "required_plugin_versions", "")
    }

    private mutating func readList(_ item: RulesYAML, name: String, into collector: inout RuleCollector) throws(LoadFailure) {
        let name = try string(item, "list")
        if !Self.isBareString(name) {
            add(.invalidListName, "List has an invalid name. List names should match a regular expression: [^'\"\\s,()=]+", "list", name, at: item.mark)
        }
        var items: [String] = []
        guard let node = item["items"] else { throw failure(.yamlValidate, "Item has no mapping for key 'items'", item) }
        switch node {
        case .null: break
        case .sequence(let values, _):
            for v in values {
                guard case .scalar(let s, _) = v else {
                    throw failure(.yamlValidate, "sequence value is not scalar", v)
                }
                items.append(s)
            }
        default: throw failure(.yamlValidate, "Value is not a sequence", node)
        }
        var append = try optionalBool(item, "append") ?? false
        if append { add(.deprecatedItem, Self.appendDeprecated, "list", name, at: item.mark) }
        let (overAppend, overReplace) = try overrides(item, appendable: ["items"], replaceable: ["items"])
        if append && !(overAppend.isEmpty && overReplace.isEmpty) { throw failure(.validate, Self.overrideAndAppend, item) }
        append = append || overAppend.contains("items")
        let info = RuleCollector.ListInfo(name: name, items: items, location: location(item.mark))
        if append { try collector.append(info) } else { collector.define(info) }
        warnUnknownKeys(item, ["list", "items", "append", "override"], "list", name)
    }

    private mutating func readMacro(_ item: RulesYAML, name: String, into collector: inout RuleCollector) throws(LoadFailure) {
        let name = try string(item, "macro")
        if !Self.isIdentifier(name) {
            add(.invalidMacroName, "Macro has an invalid name. Macro names should match a regular expression: [a-zA-Z]+[a-zA-Z0-9_]*", "macro", name, at: item.mark)
        }
        let condition = try string(item, "condition")
        var append = try optionalBool(item, "append") ?? false
        if append { add(.deprecatedItem, Self.appendDeprecated, "macro", name, at: item.mark) }
        let (overAppend, overReplace) = try overrides(item, appendable: ["condition"], replaceable: ["condition"])
        if append && !(overAppend.isEmpty && overReplace.isEmpty) { throw failure(.validate, Self.overrideAndAppend, item) }
        append = append || overAppend.contains("condition")
        let info = RuleCollector.MacroInfo(name: name, condition: condition, location: location(item.mark),
                                           conditionLocation: location(item["condition"]!.mark))
        if append { try collector.append(info) } else { collector.define(info) }
        warnUnknownKeys(item, ["macro", "condition", "append", "override"], "macro", name)
    }

    private mutating func readRule(_ item: RulesYAML, name: String, into collector: inout RuleCollector) throws(LoadFailure) {
        let name = try string(item, "rule")
        var source: String?
        if let node = item["source"], case .scalar(let s, _) = node { source = s }
        let appendFlag = try optionalBool(item, "append") ?? false
        if appendFlag { add(.deprecatedItem, Self.appendDeprecated, "rule", name, at: item.mark) }
        let appendable: Set<String> = ["condition", "output", "desc", "tags", "exceptions"]
        let replaceable: Set<String> = ["condition", "output", "desc", "priority", "capture", "capture_duration", "tags",
                                        "exceptions", "enabled", "warn_evttypes", "skip-if-unknown-filter"]
        let (overAppend, overReplace) = try overrides(item, appendable: appendable, replaceable: replaceable)
        let hasOverrides = !overAppend.isEmpty || !overReplace.isEmpty
        if appendFlag && hasOverrides { throw failure(.validate, Self.overrideAndAppend, item) }
        let here = location(item.mark)

        if hasOverrides {
            var expected = Set(item.keys).intersection(appendable.union(replaceable))
            func take(_ key: String, _ set: Set<String>, _ kind: String) throws(LoadFailure) -> Bool {
                guard set.contains(key) else { return false }
                guard expected.contains(key) else {
                    throw failure(.yamlValidate, "An \(kind) override for '\(key)' was specified but '\(key)' is not defined", item)
                }
                expected.remove(key)
                return true
            }
            if !overAppend.isEmpty {
                var u = RuleCollector.RuleUpdate(name: name, location: here)
                if try take("condition", overAppend, "append") { u.source = source; u.condition = try string(item, "condition") }
                if try take("exceptions", overAppend, "append") { u.exceptions = try exceptions(item, append: true) }
                if try take("output", overAppend, "append") { u.output = try string(item, "output") }
                if try take("desc", overAppend, "append") { u.desc = try string(item, "desc") }
                if try take("tags", overAppend, "append") { u.tags = try tags(item) }
                try collector.append(u, fieldCheck: fieldCheck)
            }
            if !overReplace.isEmpty {
                var u = RuleCollector.RuleUpdate(name: name, location: here)
                if try take("condition", overReplace, "replace") { u.source = source; u.condition = try string(item, "condition") }
                if try take("exceptions", overReplace, "replace") { u.exceptions = try exceptions(item, append: false) }
                if try take("output", overReplace, "replace") { u.output = try string(item, "output") }
                if try take("desc", overReplace, "replace") { u.desc = try string(item, "desc") }
                if try take("tags", overReplace, "replace") { u.tags = try tags(item) }
                if try take("priority", overReplace, "replace") { u.priority = try priority(item) }
                if try take("capture", overReplace, "replace") { _ = try optionalBool(item, "capture") }
                if try take("capture_duration", overReplace, "replace") { _ = try string(item, "capture_duration") }
                if try take("enabled", overReplace, "replace") { u.enabled = try optionalBool(item, "enabled") }
                if try take("warn_evttypes", overReplace, "replace") { u.warnEvttypes = try optionalBool(item, "warn_evttypes") }
                if try take("skip-if-unknown-filter", overReplace, "replace") {
                    u.skipIfUnknownFilter = try optionalBool(item, "skip-if-unknown-filter")
                }
                try collector.replace(u)
            }
            if let key = expected.sorted().first {
                throw failure(.yamlValidate, "Unexpected key '\(key)': no corresponding entry under 'override' is defined.", item)
            }
        } else if appendFlag {
            var u = RuleCollector.RuleUpdate(name: name, source: source, location: here)
            if item["condition"] != nil { u.condition = try string(item, "condition") }
            if item["exceptions"] != nil { u.exceptions = try exceptions(item, append: true) }
            try collector.append(u, fieldCheck: fieldCheck)
        } else if item["condition"] == nil, item["output"] == nil, item["desc"] == nil, item["priority"] == nil {
            let enabled = try requiredBool(item, "enabled")
            add(.deprecatedItem, Self.enabledDeprecated, "rule", name, at: item.mark)
            try collector.enable(name, enabled, at: here)
        } else {
            let condition = try string(item, "condition")
            let output = try string(item, "output")
            let desc = try string(item, "desc")
            var info = RuleCollector.RuleInfo(
                name: name, location: here, conditionLocation: location(item["condition"]!.mark),
                outputLocation: location(item["output"]!.mark), file: file)
            info.condition = condition
            info.output = output.trimmingWhitespace
            info.desc = desc
            info.priority = try priority(item)
            if let s = source, !s.isEmpty { info.source = s }
            info.enabled = try optionalBool(item, "enabled") ?? true
            info.warnEvttypes = try optionalBool(item, "warn_evttypes") ?? true
            info.skipIfUnknownFilter = try optionalBool(item, "skip-if-unknown-filter") ?? false
            _ = try optionalBool(item, "capture")
            info.tags = try tags(item) ?? []
            info.exceptions = try exceptions(item, append: false) ?? []
            var r = result
            try collector.define(info, sources: sources, fieldCheck: fieldCheck) { code, message, loc in
                r.messages.append(LoadMessage(code: code, message: message, itemType: "rule", itemName: name, location: loc))
            }
            result = r
        }
        warnUnknownKeys(item, ["rule", "condition", "output", "desc", "priority", "source", "enabled", "capture",
                               "capture_duration", "warn_evttypes", "skip-if-unknown-filter", "tags", "exceptions",
                               "override", "append"], "rule", name)
    }

    // MARK: - exceptions

    private mutating func exceptions(_ item: RulesYAML, append: Bool) throws(LoadFailure) -> [RuleCollector.ExceptionInfo]? {
        guard let node = item["exceptions"], !node.isNull else { return nil }
        guard case .sequence(let entries, _) = node else {
            throw failure(.yamlValidate, "Rule exceptions must be a sequence", node)
        }
        var out: [RuleCollector.ExceptionInfo] = []
        for ex in entries {
            guard ex.isMapping else { throw failure(.yamlValidate, "Rule exception must be a mapping", ex, type: "exception", name: "") }
            let name: String
            do { name = try string(ex, "name") } catch {
                throw LoadFailure(error.code, error.message, error.location, itemType: "exception", itemName: "")
            }
            if out.contains(where: { $0.name == name }) {
                add(.exceptionNameNotUnique, "Multiple definitions of exception '\(name)' in the same rule", "exception", name, at: ex.mark)
            }
            do throws(LoadFailure) {
                var info = RuleCollector.ExceptionInfo(name: name, fields: nil, comps: nil, values: [], location: location(ex.mark))
                if let f = ex["fields"] { info.fields = try entry(f) } else if !append {
                    throw failure(.yamlValidate, "Item has no mapping for key 'fields'", ex)
                }
                if let c = ex["comps"] { info.comps = try entry(c) }
                if let values = ex["values"] {
                    guard case .sequence(let vs, _) = values else {
                        throw failure(.yamlValidate, "Rule exception values must be a sequence", values)
                    }
                    info.values = try vs.map { v throws(LoadFailure) in try entry(v) }
                } else if append {
                    add(.appendNoValues, "Overriding/appending exception with no values", "exception", name, at: ex.mark)
                }
                out.append(info)
            } catch {
                throw LoadFailure(error.code, error.message, error.location, itemType: "exception", itemName: name)
            }
        }
        return out
    }

    private func entry(_ node: RulesYAML) throws(LoadFailure) -> RuleCollector.Entry {
        switch node {
        case .scalar(let s, _):
            if s.isEmpty { throw failure(.yamlValidate, "Value must be non-empty", node) }
            return .item(s)
        case .sequence(let items, _):
            return .list(try items.map { v throws(LoadFailure) in try entry(v) })
        case .null:
            throw failure(.yamlValidate, "Value must be non-empty", node)
        case .mapping:
            throw failure(.yamlValidate, "Expected values array to contain a list of strings", node)
        }
    }

    // MARK: - values

    private func string(_ item: RulesYAML, _ key: String) throws(LoadFailure) -> String {
        guard let node = item[key] else { throw failure(.yamlValidate, "Item has no mapping for key '\(key)'", item) }
        switch node {
        case .null: throw failure(.yamlValidate, "Mapping for key '\(key)' is empty", node)
        case .scalar(let s, _):
            if s.isEmpty { throw failure(.yamlValidate, "Value must be non-empty", node) }
            return s
        default: throw failure(.yamlValidate, "Value is not a scalar value", node)
        }
    }

    private func optionalBool(_ item: RulesYAML, _ key: String) throws(LoadFailure) -> Bool? {
        guard item[key] != nil else { return nil }
        return try requiredBool(item, key)
    }

    private func requiredBool(_ item: RulesYAML, _ key: String) throws(LoadFailure) -> Bool {
        let text = try string(item, key)
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: throw failure(.yamlValidate, "Can't decode YAML scalar value", item[key]!)
        }
    }

    private func priority(_ item: RulesYAML) throws(LoadFailure) -> FalcoPriority {
        let text = try string(item, "priority")
        guard let p = FalcoPriority(name: text) else { throw failure(.yamlValidate, "Invalid priority", item["priority"]!) }
        return p
    }

    private func tags(_ item: RulesYAML) throws(LoadFailure) -> Set<String>? {
        guard let node = item["tags"] else { return nil }
        switch node {
        case .null: return []
        case .sequence(let values, _):
            var out: Set<String> = []
            for v in values {
                guard case .scalar(let s, _) = v else { throw failure(.yamlValidate, "sequence value is not scalar", v) }
                out.insert(s)
            }
            return out
        default: throw failure(.yamlValidate, "Value is not a sequence", node)
        }
    }

    private func overrides(_ item: RulesYAML, appendable: Set<String>, replaceable: Set<String>) throws(LoadFailure) -> (Set<String>, Set<String>) {
        guard let node = item["override"] else { return ([], []) }
        guard case .mapping(let entries, _) = node else {
            throw failure(.yamlValidate, "Value of override must be a mapping", node)
        }
        var app: Set<String> = [], rep: Set<String> = []
        for (key, value) in entries {
            guard case .scalar(let op, _) = value else { throw failure(.yamlValidate, "Invalid override operation for key '\(key)'", value) }
            switch op {
            case "append":
                guard appendable.contains(key) else { throw failure(.yamlValidate, "Key '\(key)' cannot be appended to, use 'replace' instead", value) }
                app.insert(key)
            case "replace":
                guard replaceable.contains(key) else { throw failure(.yamlValidate, "Key '\(key)' cannot be replaced", value) }
                rep.insert(key)
            default:
                var allowed = ""
                if appendable.contains(key) { allowed += "append " }
                if replaceable.contains(key) { allowed += "replace " }
                throw failure(.yamlValidate, "Invalid override operation for key '\(key)': '\(op)'. Allowed values are: \(allowed)", value)
            }
        }
        return (app, rep)
    }

    private mutating func warnUnknownKeys(_ item: RulesYAML, _ expected: Set<String>, _ type: String, _ name: String) {
        for key in item.keys where !expected.contains(key) {
            add(.unknownKey, "Unknown key '\(key)'. The key will be ignored.", type, name, at: item.mark)
        }
    }

    // MARK: - helpers

    static let appendDeprecated = "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead."
    static let enabledDeprecated = "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace')."
    static let overrideAndAppend = "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead."

    static func isBareString(_ s: String) -> Bool {
        !s.isEmpty && !s.unicodeScalars.contains { "'\"(),= \t\r\n".unicodeScalars.contains($0) }
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCIILetter else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" }
    }

    private func location(_ mark: RulesYAML.Mark) -> SourceLocation {
        SourceLocation(file: file, range: SourceRange(line: mark.line, column: mark.column))
    }

    private func failure(_ code: LoadMessage.Code, _ message: String, _ node: RulesYAML,
                         type: String? = nil, name: String? = nil) -> LoadFailure {
        LoadFailure(code, message, location(node.mark), itemType: type, itemName: name)
    }

    private mutating func add(_ code: LoadMessage.Code, _ message: String, _ type: String, _ name: String, at mark: RulesYAML.Mark) {
        result.messages.append(LoadMessage(code: code, message: message, itemType: type, itemName: name, location: location(mark)))
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
