import Foundation
import Yams

/// A rules-file YAML node with its position, decoded the way Falco's yaml-cpp reader sees it:
/// scalars stay text (conversion to bool/number happens where a key is read), `null`/`~`/empty
/// plain scalars are null, mapping keys are text.
indirect enum RulesYAML: Sendable {
    case null(Mark)
    case scalar(String, Mark)
    case sequence([RulesYAML], Mark)
    case mapping([(key: String, value: RulesYAML)], Mark)

    struct Mark: Sendable, Hashable {
        var line: Int
        var column: Int
    }

    var mark: Mark {
        switch self {
        case .null(let m), .scalar(_, let m), .sequence(_, let m), .mapping(_, let m): return m
        }
    }

    var isNull: Bool { if case .null = self { return true } else { return false } }
    var isMapping: Bool { if case .mapping = self { return true } else { return false } }
    var isSequence: Bool { if case .sequence = self { return true } else { return false } }

    subscript(key: String) -> RulesYAML? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first(where: { $0.key == key })?.value
    }

    var keys: [String] {
        guard case .mapping(let entries, _) = self else { return [] }
        return entries.map(\.key)
    }

    /// Parses every document of a YAML stream. Errors carry Yams's line and column.
    static func documents(_ text: String) throws(RulesYAMLError) -> [RulesYAML] {
        do {
            let parser = try Parser(yaml: text)
            var docs: [RulesYAML] = []
            while let node = try parser.nextRoot() {
                docs.append(convert(node, depth: 0))
            }
            return docs
        } catch let error as YamlError {
            throw RulesYAMLError(yams: error)
        } catch {
            throw RulesYAMLError(message: "\(error)", line: 1, column: 1)
        }
    }

    private static func convert(_ node: Node, depth: Int) -> RulesYAML {
        let mark = Mark(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        // Aliases are resolved by Yams; nesting is bounded so a hostile file cannot recurse forever.
        if depth > 256 { return .null(mark) }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return .null(mark)
            }
            return .scalar(scalar.string, mark)
        case .sequence(let seq):
            return .sequence(seq.map { convert($0, depth: depth + 1) }, mark)
        case .mapping(let map):
            var entries: [(key: String, value: RulesYAML)] = []
            for (k, v) in map {
                entries.append((key: k.scalar?.string ?? "\(k)", value: convert(v, depth: depth + 1)))
            }
            return .mapping(entries, mark)
        case .alias:
            return .null(mark)
        }
    }
}

struct RulesYAMLError: Error {
    var message: String
    var line: Int
    var column: Int

    init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    init(yams: YamlError) {
        switch yams {
        case .scanner(let context, let problem, let mark, _):
            self.init(message: "\(problem)\(context.map { " \($0.text)" } ?? "")", line: mark.line, column: mark.column)
        case .parser(let context, let problem, let mark, _):
            self.init(message: "\(problem)\(context.map { " \($0.text)" } ?? "")", line: mark.line, column: mark.column)
        case .composer(let context, let problem, let mark, _):
            self.init(message: "\(problem)\(context.map { " \($0.text)" } ?? "")", line: mark.line, column: mark.column)
        default:
            self.init(message: "\(yams)", line: 1, column: 1)
        }
    }
}
