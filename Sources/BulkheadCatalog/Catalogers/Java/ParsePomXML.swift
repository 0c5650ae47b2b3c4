import BulkheadCore

/// A minimal XML element tree: enough for Maven POMs (elements and text; attributes,
/// comments, processing instructions and DOCTYPE are skipped). Namespace prefixes are dropped.
final class PomXMLElement: @unchecked Sendable {
    let name: String
    /// 1-based line of the start tag.
    let line: Int
    var text = ""
    var children: [PomXMLElement] = []

    init(name: String, line: Int) {
        self.name = name
        self.line = line
    }

    func child(_ name: String) -> PomXMLElement? { children.first { $0.name == name } }
    func children(_ name: String) -> [PomXMLElement] { children.filter { $0.name == name } }
    /// The trimmed text of the first child called `name`, nil when absent or empty.
    func value(_ name: String) -> String? {
        guard let text = child(name)?.text.trimmingWhitespaceAndNewlines(), !text.isEmpty else { return nil }
        return text
    }
}

/// A bounded, forgiving XML scanner producing ``PomXMLElement`` trees.
enum PomXMLScanner {
    static let maxDepth = 64
    static let maxElements = 200_000

    struct Failure: Error {
        var message: String
        var line: Int
    }

    /// The root element of `text`.
    static func parse(_ text: String) throws(Failure) -> PomXMLElement {
        let bytes = Array(text.utf8)
        var i = 0
        var line = 1
        var stack: [PomXMLElement] = []
        var root: PomXMLElement?
        var count = 0

        func advance(to end: Int) {
            let stop = min(end, bytes.count)
            while i < stop {
                if bytes[i] == 10 { line += 1 }
                i += 1
            }
        }
        func find(_ needle: String, from start: Int) -> Int? {
            let n = Array(needle.utf8)
            guard !n.isEmpty, bytes.count >= n.count else { return nil }
            var k = start
            while k <= bytes.count - n.count {
                if bytes[k] == n[0], Array(bytes[k..<(k + n.count)]) == n { return k }
                k += 1
            }
            return nil
        }
        func hasPrefix(_ prefix: String, at position: Int) -> Bool {
            let p = Array(prefix.utf8)
            return position + p.count <= bytes.count && Array(bytes[position..<(position + p.count)]) == p
        }
        func appendText(_ range: Range<Int>) {
            guard let current = stack.last, !range.isEmpty else { return }
            current.text += decodeEntities(String(decoding: bytes[range], as: UTF8.self))
        }

        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else {
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: "<") {
                    if bytes[i] == 10 { line += 1 }
                    i += 1
                }
                appendText(start..<i)
                continue
            }
            let startLine = line
            if hasPrefix("<!--", at: i) {
                guard let end = find("-->", from: i + 4) else { throw Failure(message: "unterminated comment", line: startLine) }
                advance(to: end + 3)
            } else if hasPrefix("<![CDATA[", at: i) {
                guard let end = find("]]>", from: i + 9) else { throw Failure(message: "unterminated CDATA", line: startLine) }
                if let current = stack.last { current.text += String(decoding: bytes[(i + 9)..<end], as: UTF8.self) }
                advance(to: end + 3)
            } else if hasPrefix("<?", at: i) {
                guard let end = find("?>", from: i + 2) else {
                    throw Failure(message: "unterminated processing instruction", line: startLine)
                }
                advance(to: end + 2)
            } else if hasPrefix("<!", at: i) {
                // DOCTYPE and friends; an internal subset ends with "]>".
                let close = find(">", from: i)
                let bracket = close.flatMap { c in bytes[i..<c].firstIndex(of: UInt8(ascii: "[")) }
                let end: Int?
                if let bracket { end = find("]>", from: bracket).map { $0 + 1 } } else { end = close }
                guard let end else { throw Failure(message: "unterminated declaration", line: startLine) }
                advance(to: end + 1)
            } else if hasPrefix("</", at: i) {
                guard let end = find(">", from: i) else { throw Failure(message: "unterminated end tag", line: startLine) }
                let name = localName(String(decoding: bytes[(i + 2)..<end], as: UTF8.self).trimmingWhitespaceAndNewlines())
                advance(to: end + 1)
                guard let open = stack.last else {
                    throw Failure(message: "end tag </\(name)> without a start tag", line: startLine)
                }
                guard open.name == name else {
                    throw Failure(message: "end tag </\(name)> does not close <\(open.name)> (line \(open.line))", line: startLine)
                }
                stack.removeLast()
            } else {
                // Start tag: name, then attributes (quoted values may contain '>').
                var k = i + 1
                var quote: UInt8?
                while k < bytes.count {
                    let b = bytes[k]
                    if let q = quote {
                        if b == q { quote = nil }
                    } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                        quote = b
                    } else if b == UInt8(ascii: ">") {
                        break
                    }
                    k += 1
                }
                guard k < bytes.count else { throw Failure(message: "unterminated start tag", line: startLine) }
                let selfClosing = bytes[k - 1] == UInt8(ascii: "/")
                let inner = bytes[(i + 1)..<(selfClosing ? k - 1 : k)]
                let rawName = inner.prefix { !($0 == 32 || $0 == 9 || $0 == 10 || $0 == 13) }
                let name = localName(String(decoding: rawName, as: UTF8.self))
                guard !name.isEmpty else { throw Failure(message: "start tag without a name", line: startLine) }
                advance(to: k + 1)
                count += 1
                guard count <= maxElements else { throw Failure(message: "more than \(maxElements) elements", line: startLine) }
                let element = PomXMLElement(name: name, line: startLine)
                if let parent = stack.last {
                    parent.children.append(element)
                } else if root == nil {
                    root = element
                } else {
                    throw Failure(message: "more than one root element", line: startLine)
                }
                if !selfClosing {
                    guard stack.count < maxDepth else { throw Failure(message: "nested deeper than \(maxDepth)", line: startLine) }
                    stack.append(element)
                }
            }
        }
        if let open = stack.last { throw Failure(message: "<\(open.name)> is never closed", line: open.line) }
        guard let root else { throw Failure(message: "no root element", line: 1) }
        return root
    }

    private static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// The five predefined entities and numeric character references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": out += "<"
            case "gt": out += ">"
            case "amp": out += "&"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                } else {
                    scalar = nil
                }
                if let scalar { out.unicodeScalars.append(scalar) } else { out += rest[amp...semi] }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}

/// A Maven artifact declared in a POM: the project itself or one of its direct dependencies.
struct PomDependency: Sendable, Hashable {
    var groupID: String
    var artifactID: String
    var version: String
    var scope: String?
    var line: Int
}

/// Pure parser for `pom.xml`: the project's own coordinates and its direct `<dependencies>`,
/// with `${…}` resolved from the same POM (`<properties>`, `project.*`, `parent.*`) and missing
/// versions taken from the same POM's `<dependencyManagement>`. A dependency whose version is
/// still unknown (managed by a parent POM, or an undefined property) is left out, since a
/// package without a version cannot be matched.
enum ParsePomXML {
    static func parse(_ text: String, path: String) -> (project: PomDependency?, dependencies: [PomDependency],
                                                        diagnostics: [Diagnostic]) {
        let root: PomXMLElement
        do {
            root = try PomXMLScanner.parse(text)
        } catch {
            return (nil, [], [.catalog(.corruptEntry, "pom.xml is not well-formed XML: \(error.message)", file: path,
                                       line: error.line)])
        }
        guard root.name == "project" else {
            return (nil, [], [.catalog(.corruptEntry, "root element is <\(root.name)>, not <project>", file: path, line: root.line)])
        }
        let resolver = PropertyResolver(root)
        var project: PomDependency?
        if let artifact = resolver.resolve(root.value("artifactId")), let group = resolver.projectGroup,
           let version = resolver.projectVersion {
            project = PomDependency(groupID: group, artifactID: artifact, version: version, line: root.line)
        }
        var managed: [String: String] = [:]
        for dependency in root.child("dependencyManagement")?.child("dependencies")?.children("dependency") ?? [] {
            if let group = resolver.resolve(dependency.value("groupId")),
               let artifact = resolver.resolve(dependency.value("artifactId")),
               let version = resolver.resolve(dependency.value("version")) {
                managed[group + ":" + artifact] = version
            }
        }
        var dependencies: [PomDependency] = []
        var diagnostics: [Diagnostic] = []
        for dependency in root.child("dependencies")?.children("dependency") ?? [] {
            guard let group = resolver.resolve(dependency.value("groupId")),
                  let artifact = resolver.resolve(dependency.value("artifactId")) else {
                diagnostics.append(.catalog(.missingField, "dependency without a resolvable groupId/artifactId; skipped",
                                            file: path, line: dependency.line))
                continue
            }
            let version = dependency.value("version").map { resolver.resolve($0) } ?? managed[group + ":" + artifact]
            guard let version else { continue }
            dependencies.append(PomDependency(groupID: group, artifactID: artifact, version: version,
                                              scope: dependency.value("scope"), line: dependency.line))
        }
        return (project, dependencies, diagnostics)
    }

    /// `${name}` substitution from one POM.
    private struct PropertyResolver {
        var properties: [String: String] = [:]
        var projectGroup: String?
        var projectVersion: String?
        var project: [String: String] = [:]

        init(_ root: PomXMLElement) {
            for property in root.child("properties")?.children ?? [] {
                properties[property.name] = property.text.trimmingWhitespaceAndNewlines()
            }
            let parent = root.child("parent")
            var raw: [String: String] = [:]
            raw["parent.groupId"] = parent?.value("groupId")
            raw["parent.artifactId"] = parent?.value("artifactId")
            raw["parent.version"] = parent?.value("version")
            raw["groupId"] = root.value("groupId") ?? raw["parent.groupId"]
            raw["artifactId"] = root.value("artifactId")
            raw["version"] = root.value("version") ?? raw["parent.version"]
            for (key, value) in raw {
                project["project." + key] = value
                project["pom." + key] = value
            }
            project["version"] = raw["version"]
            projectGroup = resolve(raw["groupId"])
            projectVersion = resolve(raw["version"])
        }

        func resolve(_ value: String?) -> String? {
            guard let value else { return nil }
            return resolve(value, depth: 0)
        }

        private func resolve(_ value: String, depth: Int) -> String? {
            guard value.contains("${") else { return value.isEmpty ? nil : value }
            guard depth < 10 else { return nil }
            var out = ""
            var rest = value[...]
            while let dollar = rest.indices.first(where: { rest[$0] == "$" && rest[rest.index(after: $0)...].first == "{" }) {
                out += rest[..<dollar]
                let nameStart = rest.index(dollar, offsetBy: 2)
                guard let close = rest[nameStart...].firstIndex(of: "}") else { return nil }
                let name = String(rest[nameStart..<close]).trimmingWhitespace()
                guard let raw = properties[name] ?? project[name], let resolved = resolve(raw, depth: depth + 1) else {
                    return nil
                }
                out += resolved
                rest = rest[rest.index(after: close)...]
            }
            out += rest
            return out.isEmpty ? nil : out
        }
    }
}

private extension StringProtocol {
    /// The string without leading and trailing whitespace, newlines included.
    func trimmingWhitespaceAndNewlines() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }),
              let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
