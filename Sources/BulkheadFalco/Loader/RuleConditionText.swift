/// Falco's textual step before a rule condition is parsed: exceptions are appended as
/// `and not (…)` (list names are substituted afterwards by `ListSubstitution`). It is a string
/// operation in Falco too, and its quirks (items with spaces are quoted, list comparators get
/// parentheses) are part of the rule language users rely on.
enum RuleConditionText {
    /// The rule condition with its exceptions appended, as Falco builds it.
    static func withExceptions(_ condition: String, _ exceptions: [RuleCollector.ExceptionInfo]) throws(LoadFailure) -> String {
        guard !exceptions.isEmpty else { return condition }
        var out = "(" + condition + ")"
        for ex in exceptions {
            var icond = ""
            guard let fields = ex.fields else { continue }
            if case .item(let field) = fields {
                let comp = ex.comps?.text ?? "in"
                for v in ex.values {
                    if v.isList {
                        throw LoadFailure(.validate, "Expected values array to contain a list of strings", ex.location,
                                          itemType: "exception", itemName: ex.name)
                    }
                    icond += icond.isEmpty ? "(\(field) \(comp) (" : ", "
                    icond += ListSubstitution.quoteItem(v.text)
                }
                if !icond.isEmpty { icond += "))" }
            } else {
                let fieldItems = fields.items
                let comps = ex.comps?.items ?? []
                icond = "("
                for values in ex.values {
                    let vs = values.items
                    guard vs.count == fieldItems.count, values.isList else {
                        throw LoadFailure(.validate, "Fields and values lists must have equal length", ex.location,
                                          itemType: "exception", itemName: ex.name)
                    }
                    icond += icond == "(" ? "" : " or "
                    icond += "("
                    for (k, field) in fieldItems.enumerated() {
                        icond += k == 0 ? "" : " and "
                        let comp = k < comps.count ? comps[k].text : "="
                        var istr: String
                        if vs[k].isList {
                            istr = "(" + vs[k].items.map { ListSubstitution.quoteItem($0.text) }.joined(separator: ", ") + ")"
                        } else {
                            istr = vs[k].text
                            if ["in", "intersects", "pmatch"].contains(comp) {
                                if istr.first != "(" { istr = "(" + istr + ")" }
                            } else {
                                istr = ListSubstitution.quoteItem(istr)
                            }
                        }
                        icond += " \(field.text) \(comp) \(istr)"
                    }
                    icond += ")"
                }
                icond += ")"
                if icond == "()" { icond = "" }
            }
            if !icond.isEmpty { out += " and not " + icond }
        }
        return out
    }
}
