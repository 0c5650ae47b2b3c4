/// A reader for the block-style YAML subset that lock files are written in (pnpm-lock.yaml,
/// yarn berry's yarn.lock): nested `key: value` mappings by indentation, quoted or plain keys and
/// scalars, `- item` sequences, `---` documents, `|`/`>` block scalars (skipped). Flow collections
/// (`{integrity: …}`, `[x64]`) are kept as raw text. No anchors, tags or merge keys: lock writers
/// do not emit them.
///
/// It is not a YAML parser and never fails: a line it cannot read is reported as a problem with
/// its line number and skipped with its more-indented children, and reading goes on.
struct YAMLLite {
    /// One `key: value` line (or `- item`, with key `-`) and the lines nested under it.
    struct Node: Sendable, Hashable {
        var key: String
        /// The scalar after the colon, unquoted; `nil` when the line opens a nested block.
        var value: String?
        var line: Int
        var indent: Int
        var children: [Int] = []
    }

    /// One `---`-separated document: a flat arena of nodes and the indices of its top-level ones.
    struct Document: Sendable {
        var nodes: [Node] = []
        var roots: [Int] = []

        /// The top-level node named `key`.
        func root(_ key: String) -> Node? {
            roots.lazy.map { nodes[$0] }.first { $0.key == key }
        }

        /// The nodes nested directly under `node`.
        func children(of node: Node) -> [Node] {
            node.children.map { nodes[$0] }
        }

        /// The value of the child `key` of `node`.
        func value(_ key: String, in node: Node) -> String? {
            node.children.lazy.map { nodes[$0] }.first { $0.key == key }?.value
        }

        /// The child `key` of `node`.
        func child(_ key: String, of node: Node) -> Node? {
            node.children.lazy.map { nodes[$0] }.first { $0.key == key }
        }
    }

    struct Problem: Sendable, Hashable {
        var line: Int
        var message: String
    }

    /// Nesting deeper than this is skipped (with one problem per skipped block).
    static let maxDepth = 32

    /// The documents in `text` and the lines that could not be read.
    static func parse(_ text: String) -> (documents: [Document], problems: [Problem]) {
        var reader = Reader()
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            reader.read(raw.hasSuffix("\r") ? raw.dropLast() : raw, line: lineNumber)
        }
        reader.finishDocument()
        return (reader.documents, reader.problems)
    }

    private struct Reader {
        var documents: [Document] = []
        var problems: [Problem] = []
        var current = Document()
        /// Open nodes (indices into `current.nodes`) from outermost to innermost.
        var stack: [Int] = []
        /// While inside a block scalar or a skipped block: lines indented deeper than this are
        /// not read as nodes.
        var skipDeeperThan: Int?
        /// The last node had a plain scalar value, so deeper key-less lines continue it.
        var lastHadValue = false

        mutating func finishDocument() {
            if !current.nodes.isEmpty { documents.append(current) }
            current = Document()
            stack = []
            skipDeeperThan = nil
            lastHadValue = false
        }

        mutating func read(_ line: Substring, line number: Int) {
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            if content.isEmpty || content.allSatisfy({ $0 == " " || $0 == "\t" }) { return }
            if let limit = skipDeeperThan {
                if indent > limit { return }
                skipDeeperThan = nil
            }
            if content.hasPrefix("#") { return }
            if indent == 0, content == "---" || content.hasPrefix("--- ") {
                finishDocument()
                return
            }
            if indent == 0, content == "..." { return }
            if content.hasPrefix("\t") {
                problems.append(Problem(line: number, message: "tab in indentation"))
                skipDeeperThan = indent
                return
            }
            guard let split = YAMLLite.splitKey(content) else {
                if lastHadValue, let top = stack.last, indent > current.nodes[top].indent { return }
                problems.append(Problem(line: number, message: "expected 'key: value', found '\(content.prefix(60))'"))
                skipDeeperThan = indent
                return
            }
            let (key, rawValue) = split
            while let top = stack.last, current.nodes[top].indent >= indent { stack.removeLast() }
            guard stack.count < YAMLLite.maxDepth else {
                problems.append(Problem(line: number, message: "nesting deeper than \(YAMLLite.maxDepth) levels; skipped"))
                skipDeeperThan = indent
                return
            }
            let value = YAMLLite.scalar(rawValue)
            if let first = rawValue.first, first == "|" || first == ">" { skipDeeperThan = indent }
            let index = current.nodes.count
            current.nodes.append(Node(key: key, value: value, line: number, indent: indent))
            if let parent = stack.last {
                current.nodes[parent].children.append(index)
            } else {
                current.roots.append(index)
            }
            stack.append(index)
            lastHadValue = value != nil
        }
    }

    /// `key: value`, `key:`, `"quoted key": value` or `- item` split into key and raw value text
    /// (empty when the line opens a block); `nil` when the line has no key.
    static func splitKey(_ content: Substring) -> (String, Substring)? {
        if content == "-" { return ("-", "") }
        if content.hasPrefix("- ") { return ("-", content.dropFirst(2)) }
        if let quote = content.first, quote == "\"" || quote == "'" {
            guard let parsed = quoted(content) else { return nil }
            let key = parsed.text, rest = parsed.rest
            let afterKey = rest.drop { $0 == " " }
            guard afterKey.first == ":" else { return nil }
            let value = afterKey.dropFirst()
            guard value.isEmpty || value.first == " " else { return nil }
            return (key, value.drop { $0 == " " })
        }
        if let colon = firstColonSpace(content) {
            let key = content[..<colon].trimmingWhitespace()
            return key.isEmpty ? nil : (key, content[content.index(colon, offsetBy: 2)...].drop { $0 == " " })
        }
        if content.hasSuffix(":") {
            let key = content.dropLast().trimmingWhitespace()
            return key.isEmpty ? nil : (key, "")
        }
        return nil
    }

    /// Where a ` #` comment starts in a plain scalar.
    private static func commentStart(_ text: String) -> String.Index? {
        var previous: Character?
        for index in text.indices {
            if text[index] == "#", previous == " " { return text.index(before: index) }
            previous = text[index]
        }
        return nil
    }

    private static func firstColonSpace(_ content: Substring) -> Substring.Index? {
        var index = content.startIndex
        while index < content.endIndex {
            let next = content.index(after: index)
            if content[index] == ":", next < content.endIndex, content[next] == " " { return index }
            index = next
        }
        return nil
    }

    /// A scalar's text: unquoted, trailing ` # comment` removed from plain scalars; `nil` for an
    /// empty value (a nested block follows).
    static func scalar(_ raw: Substring) -> String? {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        if let first = trimmed.first, first == "\"" || first == "'", let parsed = quoted(Substring(trimmed)) {
            return parsed.text
        }
        if let hash = commentStart(trimmed) { return String(trimmed[..<hash]).trimmingWhitespace() }
        return trimmed
    }

    /// The quoted string at the start of `text` and the text after its closing quote; `nil`
    /// when it is not closed on this line. Single quotes escape `'` as `''`; double quotes take
    /// backslash escapes.
    static func quoted(_ text: Substring) -> (text: String, rest: Substring)? {
        guard let quote = text.first else { return nil }
        var out = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let ch = text[index]
            let next = text.index(after: index)
            if ch == quote {
                if quote == "'", next < text.endIndex, text[next] == "'" {
                    out.append("'")
                    index = text.index(after: next)
                    continue
                }
                return (out, text[next...])
            }
            if quote == "\"", ch == "\\", next < text.endIndex {
                out.append(unescape(text[next]))
                index = text.index(after: next)
                continue
            }
            out.append(ch)
            index = next
        }
        return nil
    }

    private static func unescape(_ ch: Character) -> Character {
        switch ch {
        case "n": "\n"
        case "t": "\t"
        case "0": "\0"
        default: ch
        }
    }
}
