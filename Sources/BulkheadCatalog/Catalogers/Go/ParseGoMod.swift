import BulkheadCore

/// What a `go.mod` declares (the directives catalogers need).
struct GoModFile: Sendable, Hashable {
    struct Require: Sendable, Hashable {
        var path: String
        var version: String
        /// Marked `// indirect`.
        var indirect: Bool
        var line: Int
    }

    struct Replace: Sendable, Hashable {
        var oldPath: String
        /// Empty when the directive replaces every version.
        var oldVersion: String
        var newPath: String
        /// Empty for a local directory replacement.
        var newVersion: String
        var line: Int

        /// A replacement by a directory (`./fork`, `../x`, `/abs`) rather than a module.
        var isLocal: Bool { newPath.hasPrefix(".") || newPath.hasPrefix("/") }
    }

    var module: String?
    /// The `go` directive (`1.21`, `1.22.1`).
    var goVersion: String?
    var requires: [Require] = []
    var replaces: [Replace] = []
    var excludes: [GoModuleVersion] = []
}

/// Pure parser for `go.mod` (the modfile syntax: directives, `( … )` blocks, `//` comments,
/// quoted tokens). Unknown directives (`toolchain`, `godebug`, `retract`, `tool`, …) are skipped.
enum ParseGoMod {
    static func parse(_ text: String, path: String) -> (file: GoModFile, diagnostics: [Diagnostic]) {
        var file = GoModFile()
        var diagnostics: [Diagnostic] = []
        var block: String?
        var lineNumber = 0
        for rawLine in text.physicalLines() {
            lineNumber += 1
            guard let (tokens, comment) = tokenize(rawLine) else {
                diagnostics.append(.catalog(.corruptEntry, "unterminated quoted string in go.mod; line skipped",
                                            file: path, line: lineNumber))
                continue
            }
            guard !tokens.isEmpty else { continue }
            var words = tokens[...]
            if let open = block {
                if words == [")"] {
                    block = nil
                    continue
                }
                words = [open] + words
            } else if words.count == 2, words.last == "(" {
                block = words.first
                continue
            }
            if let problem = apply(words, comment: comment, line: lineNumber, to: &file) {
                diagnostics.append(.catalog(.corruptEntry, "go.mod \(problem); line skipped", file: path, line: lineNumber))
            }
        }
        return (file, diagnostics)
    }

    /// Applies one directive (`require x v1`); returns a problem description when malformed.
    static func apply(_ words: ArraySlice<String>, comment: String, line: Int, to file: inout GoModFile) -> String? {
        guard let verb = words.first else { return nil }
        let args = Array(words.dropFirst())
        switch verb {
        case "module":
            guard args.count == 1 else { return "module directive needs one path" }
            file.module = args[0]
        case "go":
            guard args.count == 1 else { return "go directive needs one version" }
            file.goVersion = args[0]
        case "require":
            guard args.count == 2 else { return "require needs a module path and a version" }
            let indirect = comment.split(separator: ";").contains { $0.trimmingWhitespace() == "indirect" }
            file.requires.append(.init(path: args[0], version: args[1], indirect: indirect, line: line))
        case "exclude":
            guard args.count == 2 else { return "exclude needs a module path and a version" }
            file.excludes.append(GoModuleVersion(path: args[0], version: args[1]))
        case "replace":
            guard let arrow = args.firstIndex(of: "=>"), arrow == 1 || arrow == 2,
                  args.count - arrow - 1 == 1 || args.count - arrow - 1 == 2 else {
                return "replace needs 'old [version] => new [version]'"
            }
            let new = args[(arrow + 1)...]
            file.replaces.append(.init(oldPath: args[0], oldVersion: arrow == 2 ? args[1] : "",
                                       newPath: new.first ?? "", newVersion: new.count == 2 ? new.last ?? "" : "",
                                       line: line))
        default:
            break
        }
        return nil
    }

    /// The tokens of a line and its `//` comment text; `nil` when a quote is not closed.
    static func tokenize(_ line: Substring) -> (tokens: [String], comment: String)? {
        var tokens: [String] = []
        var current = ""
        var index = line.startIndex
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        while index < line.endIndex {
            let c = line[index]
            if c == "/", line[index...].hasPrefix("//") {
                flush()
                return (tokens, line[line.index(index, offsetBy: 2)...].trimmingWhitespace())
            }
            if c == "\"" || c == "`" {
                flush()
                guard let (value, rest) = GoQuoted.prefix(line[index...]) else { return nil }
                tokens.append(value)
                index = rest.startIndex
                continue
            }
            if c == " " || c == "\t" || c == "\r" {
                flush()
            } else if c == "(" || c == ")" {
                flush()
                tokens.append(String(c))
            } else {
                current.append(c)
            }
            index = line.index(after: index)
        }
        flush()
        return (tokens, "")
    }
}

/// Pure parser for `go.sum`: `<module> <version>[/go.mod] <hash>` lines.
enum ParseGoSum {
    /// The modules whose full content is checksummed (not only their `go.mod`), in file order,
    /// with the last version listed for each module.
    static func downloadedModules(_ text: String) -> [GoModuleVersion] {
        var order: [String] = []
        var versions: [String: GoModuleVersion] = [:]
        for line in text.physicalLines() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard fields.count >= 3, !fields[1].hasSuffix("/go.mod") else { continue }
            let module = GoModuleVersion(path: String(fields[0]), version: String(fields[1]), sum: String(fields[2]))
            if versions[module.path] == nil { order.append(module.path) }
            versions[module.path] = module
        }
        return order.compactMap { versions[$0] }
    }
}
