import BulkheadCore

/// The rules-file items as read, before compilation: lists, macros and rules in definition
/// order, with later definitions replacing earlier ones in place and appends/overrides applied
/// (Falco's collector). `visibility` is the item counter when an item was last touched: a list
/// or macro only sees lists/macros defined before it.
struct RuleCollector {
    struct ListInfo {
        var name: String
        var items: [String]
        var index = 0
        var visibility = 0
        var location: SourceLocation
    }

    struct MacroInfo {
        var name: String
        var condition: String
        var index = 0
        var visibility = 0
        var location: SourceLocation
        var conditionLocation: SourceLocation
    }

    /// One `exceptions:` entry. `fields`/`comps` are a single string or a list; each value is a
    /// string or a list (of strings or, for `in` comps, of lists).
    struct ExceptionInfo {
        var name: String
        var fields: Entry?
        var comps: Entry?
        var values: [Entry]
        var location: SourceLocation
    }

    indirect enum Entry: Hashable {
        case item(String)
        case list([Entry])

        var isList: Bool { if case .list = self { return true } else { return false } }
        var items: [Entry] { if case .list(let l) = self { return l } else { return [] } }
        var text: String { if case .item(let s) = self { return s } else { return "" } }
    }

    struct RuleInfo {
        var name: String
        var condition = ""
        var output = ""
        var desc = ""
        var priority: FalcoPriority = .debug
        var source = "syscall"
        var tags: Set<String> = []
        var exceptions: [ExceptionInfo] = []
        var enabled = true
        var warnEvttypes = true
        var skipIfUnknownFilter = false
        var unknownSource = false
        var index = 0
        var visibility = 0
        var location: SourceLocation
        var conditionLocation: SourceLocation
        var outputLocation: SourceLocation
        var file: String
    }

    /// A partial rule item: `append: true` or `override:` entries.
    struct RuleUpdate {
        var name: String
        var source: String?
        var condition: String?
        var output: String?
        var desc: String?
        var tags: Set<String>?
        var exceptions: [ExceptionInfo]?
        var priority: FalcoPriority?
        var enabled: Bool?
        var warnEvttypes: Bool?
        var skipIfUnknownFilter: Bool?
        var location: SourceLocation

        var hasAnyValue: Bool {
            condition != nil || output != nil || desc != nil || tags != nil || exceptions != nil
                || priority != nil || enabled != nil || warnEvttypes != nil || skipIfUnknownFilter != nil
        }
    }

    private(set) var lists: [ListInfo] = []
    private(set) var macros: [MacroInfo] = []
    private(set) var rules: [RuleInfo] = []
    private var listIndex: [String: Int] = [:]
    private var macroIndex: [String: Int] = [:]
    private var ruleIndex: [String: Int] = [:]
    private var counter = 0

    func list(named name: String) -> ListInfo? { listIndex[name].map { lists[$0] } }
    func macro(named name: String) -> MacroInfo? { macroIndex[name].map { macros[$0] } }
    func rule(named name: String) -> RuleInfo? { ruleIndex[name].map { rules[$0] } }

    private mutating func next() -> Int {
        defer { counter += 1 }
        return counter
    }

    /// Falco's define_info: a redefinition replaces the item where it stood (keeping its index,
    /// so load order is unchanged); a new item goes last. Either way it sees what came before.
    private static func place<T: CollectedItem>(_ info: T, id: Int, in items: inout [T], index: inout [String: Int]) {
        var info = info
        info.visibility = id
        if let at = index[info.name] {
            info.index = items[at].index
            items[at] = info
        } else {
            info.index = id
            index[info.name] = items.count
            items.append(info)
        }
    }

    mutating func define(_ info: ListInfo) {
        Self.place(info, id: next(), in: &lists, index: &listIndex)
    }

    /// Position of a list in `lists` by name.
    func listPosition(named name: String) -> Int? { listIndex[name] }

    mutating func append(_ info: ListInfo) throws(LoadFailure) {
        guard let at = listIndex[info.name] else {
            throw LoadFailure(.validate, "List uses 'append' or 'override.items: append' but no list by that name already exists", info.location)
        }
        lists[at].items += info.items
        lists[at].visibility = next()
    }

    mutating func define(_ info: MacroInfo) {
        Self.place(info, id: next(), in: &macros, index: &macroIndex)
    }

    mutating func append(_ info: MacroInfo) throws(LoadFailure) {
        guard let at = macroIndex[info.name] else {
            throw LoadFailure(.validate, "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists", info.location)
        }
        macros[at].condition += " " + info.condition
        macros[at].visibility = next()
    }

    mutating func define(_ info: RuleInfo, sources: Set<String>, fieldCheck: (String, String) -> Bool,
                         warn: (LoadMessage.Code, String, SourceLocation) -> Void) throws(LoadFailure) {
        var info = info
        try checkSameSource(info.name, info.source, info.location)
        if !sources.contains(info.source) {
            info.unknownSource = true
            warn(.unknownSource, "Unknown source \(info.source), skipping", info.location)
        }
        for i in info.exceptions.indices {
            guard info.exceptions[i].fields != nil else {
                throw LoadFailure(.validate, "Rule exception item must have fields property with a list of fields", info.exceptions[i].location,
                                  itemType: "exception", itemName: info.exceptions[i].name)
            }
            try Self.validate(&info.exceptions[i], source: info.unknownSource ? nil : info.source, fieldCheck: fieldCheck)
        }
        Self.place(info, id: next(), in: &rules, index: &ruleIndex)
    }

    mutating func append(_ update: RuleUpdate, fieldCheck: (String, String) -> Bool) throws(LoadFailure) {
        try checkSameSource(update.name, update.source, update.location)
        guard let at = ruleIndex[update.name] else {
            throw LoadFailure(.validate, "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists", update.location)
        }
        guard update.hasAnyValue else {
            throw LoadFailure(.validate, "Appended rule must have exceptions or condition property", update.location)
        }
        var rule = rules[at]
        let source: String? = rule.unknownSource ? nil : rule.source
        if let c = update.condition, !c.isEmpty { rule.condition += " " + c }
        if let o = update.output, !o.isEmpty { rule.output += " " + o }
        if let d = update.desc, !d.isEmpty { rule.desc += " " + d }
        if let t = update.tags { rule.tags.formUnion(t) }
        for var ex in update.exceptions ?? [] {
            if let existing = rule.exceptions.firstIndex(where: { $0.name == ex.name }) {
                if ex.fields != nil {
                    throw LoadFailure(.validate, "Can not append exception fields to existing exception, only values", ex.location, itemType: "exception", itemName: ex.name)
                }
                if ex.comps != nil {
                    throw LoadFailure(.validate, "Can not append exception comps to existing exception, only values", ex.location, itemType: "exception", itemName: ex.name)
                }
                rule.exceptions[existing].values += ex.values
            } else {
                guard ex.fields != nil else {
                    throw LoadFailure(.validate, "Rule exception must have fields property with a list of fields", ex.location, itemType: "exception", itemName: ex.name)
                }
                guard !ex.values.isEmpty else {
                    throw LoadFailure(.validate, "Rule exception must have values property with a list of values", ex.location, itemType: "exception", itemName: ex.name)
                }
                try Self.validate(&ex, source: source, fieldCheck: fieldCheck)
                rule.exceptions.append(ex)
            }
        }
        rule.visibility = next()
        rules[at] = rule
    }

    mutating func replace(_ update: RuleUpdate) throws(LoadFailure) {
        try checkSameSource(update.name, update.source, update.location)
        guard let at = ruleIndex[update.name] else {
            throw LoadFailure(.validate, "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists", update.location)
        }
        guard update.hasAnyValue else {
            throw LoadFailure(.validate, "The rule must have at least one field that can be replaced", update.location)
        }
        var rule = rules[at]
        if let v = update.condition { rule.condition = v }
        if let v = update.output { rule.output = v }
        if let v = update.desc { rule.desc = v }
        if let v = update.tags { rule.tags = v }
        if let v = update.exceptions { rule.exceptions = v }
        if let v = update.priority { rule.priority = v }
        if let v = update.enabled { rule.enabled = v }
        if let v = update.warnEvttypes { rule.warnEvttypes = v }
        if let v = update.skipIfUnknownFilter { rule.skipIfUnknownFilter = v }
        rule.visibility = next()
        rules[at] = rule
    }

    mutating func enable(_ name: String, _ enabled: Bool, at location: SourceLocation) throws(LoadFailure) {
        guard let at = ruleIndex[name] else {
            throw LoadFailure(.validate, "Rule has 'enabled' key but no rule by that name already exists", location)
        }
        rules[at].enabled = enabled
    }

    private func checkSameSource(_ name: String, _ source: String?, _ location: SourceLocation) throws(LoadFailure) {
        if let at = ruleIndex[name], let source, !source.isEmpty, rules[at].source != source {
            throw LoadFailure(.validate, "Rule has been re-defined with a different source", location)
        }
    }

    /// Falco's exception validation: default comps, equal lengths, known operators, known fields.
    static func validate(_ ex: inout ExceptionInfo, source: String?, fieldCheck: (String, String) -> Bool) throws(LoadFailure) {
        guard let fields = ex.fields else { return }
        if case .list(let fieldItems) = fields {
            if ex.comps == nil {
                ex.comps = .list(Array(repeating: .item("="), count: fieldItems.count))
            }
            guard case .list(let comps) = ex.comps!, comps.count == fieldItems.count else {
                throw LoadFailure(.validate, "Fields and comps lists must have equal length", ex.location, itemType: "exception", itemName: ex.name)
            }
            let normalized = comps.map { Entry.item($0.text.trimmingWhitespace) }
            ex.comps = .list(normalized)
            for c in normalized where ComparisonOperator(token: c.text) == nil {
                throw LoadFailure(.validate, "'\(c.text)' is not a supported comparison operator", ex.location, itemType: "exception", itemName: ex.name)
            }
            if let source {
                for f in fieldItems where !fieldCheck(source, f.text) {
                    throw LoadFailure(.validate, "'\(f.text)' is not a supported filter field", ex.location, itemType: "exception", itemName: ex.name)
                }
            }
        } else {
            if ex.comps == nil { ex.comps = .item("in") }
            guard case .item(let comp) = ex.comps! else {
                throw LoadFailure(.validate, "Fields and comps must both be strings", ex.location, itemType: "exception", itemName: ex.name)
            }
            let c = comp.trimmingWhitespace
            ex.comps = .item(c)
            guard ["in", "pmatch", "intersects"].contains(c) else {
                throw LoadFailure(.validate, "When fields is a single value, comps must be one of (in, pmatch, intersects)", ex.location, itemType: "exception", itemName: ex.name)
            }
            if let source, !fieldCheck(source, fields.text) {
                throw LoadFailure(.validate, "'\(fields.text)' is not a supported filter field", ex.location, itemType: "exception", itemName: ex.name)
            }
        }
    }
}

/// What the collector keeps of every list, macro and rule: its name, where it stands in load
/// order, and the item counter when it was last touched.
protocol CollectedItem {
    var name: String { get }
    var index: Int { get set }
    var visibility: Int { get set }
}

extension RuleCollector.ListInfo: CollectedItem {}
extension RuleCollector.MacroInfo: CollectedItem {}
extension RuleCollector.RuleInfo: CollectedItem {}

/// An error that ends the processing of one item (Falco's `rule_load_exception`).
struct LoadFailure: Error {
    var code: LoadMessage.Code
    var message: String
    var location: SourceLocation?
    /// Overrides the item the message is attributed to (exceptions, versions).
    var itemType: String?
    var itemName: String?

    init(_ code: LoadMessage.Code, _ message: String, _ location: SourceLocation?,
         itemType: String? = nil, itemName: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.itemType = itemType
        self.itemName = itemName
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s.removeLast() }
        return String(s)
    }
}
