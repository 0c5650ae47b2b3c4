/// Falco's textual list resolution (`resolve_list` in falco's `rule_loader_compiler.cpp`),
/// applied to a condition before it is parsed, and its one-level "lists of lists" expansion
/// (`compile_list_infos`).
///
/// A list name is replaced where it is delimited by the start/end of the text or one of
/// ` \t\n\r(),=` on each side, inside quoted strings too. The blanks around the occurrence
/// are swallowed and the items are written as `a, b, "c d"` followed by one space (and
/// preceded by one space unless at the very start). An empty list also swallows one
/// neighbouring comma, the left one first. Lists are applied one after another in
/// definition order, so a name written by an earlier list's items is replaced by a later list.
public enum ListSubstitution {
    /// A list as the collector holds it. `index` is its first definition's item counter,
    /// `visibility` the counter when it was last defined or appended to; an item names an
    /// earlier list when that list's `index` is below this list's `visibility`.
    public struct Definition: Sendable, Hashable {
        public var name: String
        public var items: [String]
        public var index: Int
        public var visibility: Int

        public init(name: String, items: [String], index: Int, visibility: Int) {
            self.name = name
            self.items = items
            self.index = index
            self.visibility = visibility
        }
    }

    static let blanks: [UInt8] = [0x20, 0x09, 0x0A, 0x0D]
    static let delimiters: [UInt8] = blanks + [UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: "=")]

    /// Replaces every list in order (falco iterates its lists in definition order).
    public static func resolve(_ condition: String, lists: [(name: String, items: [String])]) -> String {
        var text = Array(condition.utf8)
        for list in lists { _ = substitute(&text, name: list.name, items: list.items) }
        return String(decoding: text, as: UTF8.self)
    }

    /// Replaces one list; `used` tells whether any occurrence was replaced (falco marks the
    /// list used, which silences its "List not referred to" warning).
    public static func resolve(_ condition: String, name: String, items: [String]) -> (text: String, used: Bool) {
        var text = Array(condition.utf8)
        let used = substitute(&text, name: name, items: items)
        return (String(decoding: text, as: UTF8.self), used)
    }

    /// Falco's `quote_item`: an item with a space that does not already start with a quote
    /// is wrapped in double quotes; nothing is escaped.
    public static func quoteItem(_ item: String) -> String {
        guard item.utf8.contains(0x20), let first = item.utf8.first,
              first != UInt8(ascii: "\""), first != UInt8(ascii: "'") else { return item }
        return "\"" + item + "\""
    }

    /// The items joined as falco writes them into a condition: `a, b, "c d"`.
    public static func joinedItems(_ items: [String]) -> String {
        items.map(quoteItem).joined(separator: ", ")
    }

    /// One-level expansion of items that name earlier lists; each list may use the lists
    /// before it in the array (an array position is both its index and its visibility).
    public static func expandItems(_ lists: [(name: String, items: [String])]) -> [(name: String, items: [String])] {
        let definitions = lists.enumerated().map { Definition(name: $1.name, items: $1.items, index: $0, visibility: $0) }
        return expandItems(definitions).map { (name: $0.name, items: $0.items) }
    }

    /// Falco's expansion: an item that names a list whose `index` is below this list's
    /// `visibility` is replaced by that list's own items as written (not expanded again).
    /// Names are looked up among `lists`; the first definition of a name wins.
    public static func expandItems(_ lists: [Definition]) -> [Definition] {
        var byName: [String: Int] = [:]
        for (i, list) in lists.enumerated() where byName[list.name] == nil { byName[list.name] = i }
        return lists.map { list in
            var expanded = list
            expanded.items = []
            for item in list.items {
                if let at = byName[item], lists[at].index < list.visibility {
                    expanded.items += lists[at].items
                } else {
                    expanded.items.append(item)
                }
            }
            return expanded
        }
    }

    // MARK: -

    static func substitute(_ text: inout [UInt8], name: String, items: [String]) -> Bool {
        let needle = Array(name.utf8)
        guard !needle.isEmpty else { return false }
        let sub = Array(joinedItems(items).utf8)
        var used = false
        var found = find(needle, in: text, from: 0)
        while var start = found {
            var end = start + needle.count
            let leftOK = start == 0 || delimiters.contains(text[start - 1])
            let rightOK = end >= text.count || delimiters.contains(text[end])
            if leftOK && rightOK {
                while start > 0, blanks.contains(text[start - 1]) { start -= 1 }
                while end < text.count, blanks.contains(text[end]) { end += 1 }
                if sub.isEmpty {
                    if start > 0, text[start - 1] == UInt8(ascii: ",") {
                        start -= 1
                    } else if end < text.count, text[end] == UInt8(ascii: ",") {
                        end += 1
                    }
                }
                var replaced: [UInt8] = []
                replaced.reserveCapacity(text.count + sub.count + 2)
                if start > 0 {
                    replaced += text[0..<start]
                    replaced.append(0x20)
                }
                replaced += sub
                replaced.append(0x20)
                replaced += text[end...]
                text = replaced
                start += sub.count + 1
                used = true
            }
            found = find(needle, in: text, from: start + 1)
        }
        return used
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard from >= 0, needle.count <= haystack.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
