import Yams

/// One Kubernetes object from a manifest file: its tree with positions, and where it came from.
public struct KubeDocument: Sendable, Hashable {
    /// The file as the user named it (`-` for stdin).
    public var file: String
    /// 0-based index of the YAML document in the file (items of a `List` share their list's index).
    public var index: Int
    public var root: KubeNode

    public init(file: String, index: Int, root: KubeNode) {
        self.file = file
        self.index = index
        self.root = root
    }

    public var apiVersion: String { root["apiVersion"]?.string ?? "" }
    public var kind: String { root["kind"]?.string ?? "" }
    public var name: String { root[path: "metadata.name"]?.string ?? root[path: "metadata.generateName"]?.string ?? "" }
    /// The namespace written in the object, if any.
    public var namespace: String? { root[path: "metadata.namespace"]?.string }
    /// `Kind/name` for messages (`Deployment/web`).
    public var displayName: String { "\(kind.isEmpty ? "?" : kind)/\(name.isEmpty ? "?" : name)" }
    /// The line the object starts on.
    public var line: Int { root.line }
}

/// A document that could not be read: which file, which document, where and why. The other
/// documents of the file are still loaded.
public struct KubeLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var index: Int
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Reads multi-document YAML (and JSON, a YAML subset) into ``KubeDocument``s with line and
/// column for every key and value. Documents are split on `---` lines before parsing, so one
/// malformed document yields one located error and the others are still audited. `List` kinds
/// (`v1/List`, `kubectl get -o yaml` output) are expanded into their items.
public enum KubeDocumentLoader {
    /// Nodes built from one file at most (aliases can multiply a small file: "billion laughs").
    public static let maxNodes = 2_000_000

    /// No implicit tag resolution: Kubernetes values stay text (``KubeNode`` keeps the scalar and
    /// whether it was quoted, and rules read numbers and booleans from that), and `convert`
    /// recognises YAML's plain nulls itself. Yams' default resolver runs up to seven regular
    /// expressions on every plain scalar and mapping key, which was most of the parse time.
    /// One consequence: keys `1` and `"1"` in one mapping are duplicates (as they are to
    /// Kubernetes, whose decoder turns every key into a JSON string).
    static let resolver = Resolver.basic
    // The encoding is always given: Yams' `Encoding.default` copies the whole environment into a
    // dictionary on every call, once per document.

    public static func load(text: String, file: String) -> (documents: [KubeDocument], errors: [KubeLoadError]) {
        var documents: [KubeDocument] = []
        var errors: [KubeLoadError] = []
        var budget = maxNodes
        for (index, chunk) in split(text).enumerated() {
            let root: Node?
            do {
                root = try Yams.compose(yaml: chunk.text, Self.resolver, .default, .utf8)
            } catch let e as YamlError {
                errors.append(located(e, file: file, index: index, lineOffset: chunk.firstLine - 1))
                continue
            } catch {
                errors.append(KubeLoadError(file: file, index: index, line: chunk.firstLine, column: 1, message: "\(error)"))
                continue
            }
            guard let root else { continue } // empty document (comments only)
            let node: KubeNode
            do {
                node = try convert(root, lineOffset: chunk.firstLine - 1, budget: &budget)
            } catch {
                errors.append(KubeLoadError(file: file, index: index, line: chunk.firstLine, column: 1,
                                            message: "document expands to more than \(maxNodes) nodes (aliases?)"))
                continue
            }
            if case .null = node.value { continue }
            guard case .mapping = node.value else {
                errors.append(KubeLoadError(file: file, index: index, line: node.line, column: node.column,
                                            message: "expected a Kubernetes object (a mapping), found \(describe(node))"))
                continue
            }
            let doc = KubeDocument(file: file, index: index, root: node)
            if doc.kind.hasSuffix("List"), let items = node["items"] {
                for item in items.items {
                    if case .mapping = item.value { documents.append(KubeDocument(file: file, index: index, root: item)) }
                }
            } else {
                documents.append(doc)
            }
        }
        return (documents, errors)
    }

    /// Parses every document with Yams and nothing else (the floor `bench/k8s-speed` compares
    /// the whole audit with); returns how many parsed.
    public static func parseOnly(_ text: String) -> Int {
        var n = 0
        if let docs = try? Yams.compose_all(yaml: text, Self.resolver, .default, .utf8) {
            for _ in docs { n += 1 }
        }
        return n
    }

    struct Chunk {
        var text: String
        var firstLine: Int
    }

    /// Splits on document markers (`---` at the start of a line), keeping each chunk's first
    /// line. Works on UTF-8 bytes (manifests can be megabytes of dashboards; Character
    /// iteration is the slow part of a naive split). The marker line itself becomes an empty
    /// first line of the next chunk (or keeps what follows `--- ` on it), so YAML positions
    /// stay file positions after adding `firstLine - 1`.
    static func split(_ text: String) -> [Chunk] {
        var text = text
        return text.withUTF8 { bytes -> [Chunk] in
            var chunks: [Chunk] = []
            var chunkStart = 0          // byte offset where the current chunk's text starts
            var chunkFirstLine = 1
            var prefix = ""             // text after a `--- ` marker, first line of the chunk
            var lineStart = 0
            var lineNo = 1
            let n = bytes.count
            func emit(upTo end: Int) {
                let body = String(decoding: UnsafeBufferPointer(rebasing: bytes[chunkStart..<end]), as: UTF8.self)
                chunks.append(Chunk(text: prefix + body, firstLine: chunkFirstLine))
            }
            while lineStart <= n {
                var lineEnd = lineStart
                while lineEnd < n && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var contentEnd = lineEnd
                if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                let length = contentEnd - lineStart
                let isMarker = length >= 3 && bytes[lineStart] == 0x2D && bytes[lineStart + 1] == 0x2D && bytes[lineStart + 2] == 0x2D
                    && (length == 3 || bytes[lineStart + 3] == 0x20 || bytes[lineStart + 3] == 0x09)
                if isMarker {
                    emit(upTo: lineStart)
                    let rest = length > 4 ? String(decoding: UnsafeBufferPointer(rebasing: bytes[(lineStart + 4)..<contentEnd]), as: UTF8.self) : ""
                    prefix = rest.allSatisfy(\.isWhitespace) ? "\n" : rest + "\n"
                    chunkStart = min(lineEnd + 1, n)
                    chunkFirstLine = lineNo
                }
                if lineEnd >= n { break }
                lineStart = lineEnd + 1
                lineNo += 1
            }
            emit(upTo: n)
            // Keep chunks that hold something besides whitespace, comments and `...` end markers.
            return chunks.filter { chunk in
                var sawContent = false
                var atLineStart = true
                var inComment = false
                for b in chunk.text.utf8 {
                    if b == 0x0A { atLineStart = true; inComment = false; continue }
                    if inComment || b == 0x20 || b == 0x09 || b == 0x0D { continue }
                    if atLineStart && b == UInt8(ascii: "#") { inComment = true; continue }
                    if b == UInt8(ascii: ".") { atLineStart = false; continue }
                    atLineStart = false
                    sawContent = true
                    break
                }
                return sawContent
            }
        }
    }

    struct TooLarge: Error {}

    static func convert(_ node: Node, lineOffset: Int, budget: inout Int) throws -> KubeNode {
        budget -= 1
        guard budget >= 0 else { throw TooLarge() }
        let line = (node.mark?.line ?? 0) + lineOffset
        let column = node.mark?.column ?? 0
        switch node {
        case .scalar(let s):
            let quoted = s.style != .plain
            if !quoted, s.tag.description == "tag:yaml.org,2002:null" || ["null", "~", "Null", "NULL", ""].contains(s.string) {
                return KubeNode(.null, line: line, column: column)
            }
            return KubeNode(.scalar(s.string, quoted: quoted), line: line, column: column)
        case .sequence(let seq):
            var items: [KubeNode] = []
            items.reserveCapacity(seq.count)
            for item in seq { items.append(try convert(item, lineOffset: lineOffset, budget: &budget)) }
            return KubeNode(.sequence(items), line: line, column: column)
        case .mapping(let map):
            var entries: [KubeNode.Entry] = []
            var merges: [KubeNode] = []
            for (key, value) in map {
                let converted = try convert(value, lineOffset: lineOffset, budget: &budget)
                let keyText = key.scalar?.string ?? ""
                if keyText == "<<", key.scalar?.style == .plain {
                    merges.append(converted) // YAML merge key: lower precedence than explicit keys
                    continue
                }
                let entry = KubeNode.Entry(key: keyText, keyLine: (key.mark?.line ?? 0) + lineOffset,
                                           keyColumn: key.mark?.column ?? 0, value: converted)
                // Duplicate keys: the last one wins (as Kubernetes' YAML decoder keeps it).
                if let i = entries.firstIndex(where: { $0.key == keyText }) { entries.remove(at: i) }
                entries.append(entry)
            }
            for merge in merges {
                let sources = merge.items.isEmpty ? [merge] : merge.items
                for source in sources {
                    for e in source.entries where !entries.contains(where: { $0.key == e.key }) { entries.append(e) }
                }
            }
            return KubeNode(.mapping(entries), line: line, column: column)
        case .alias:
            return KubeNode(.null, line: line, column: column)
        }
    }

    static func located(_ error: YamlError, file: String, index: Int, lineOffset: Int) -> KubeLoadError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return KubeLoadError(file: file, index: index, line: mark.line + lineOffset, column: mark.column,
                                 message: "invalid YAML: \(problem)")
        case .composer(_, let problem, let mark, _):
            return KubeLoadError(file: file, index: index, line: mark.line + lineOffset, column: mark.column,
                                 message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // kubectl refuses these too ("mapping key … already defined").
            return KubeLoadError(file: file, index: index, line: context.mark.line + lineOffset, column: context.mark.column,
                                 message: "duplicate key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        default:
            return KubeLoadError(file: file, index: index, line: lineOffset + 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    static func describe(_ node: KubeNode) -> String {
        switch node.value {
        case .scalar(let s, _): "a scalar '\(s.prefix(40))'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .null: "nothing"
        }
    }
}
