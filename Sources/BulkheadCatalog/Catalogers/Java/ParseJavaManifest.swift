/// A parsed `META-INF/MANIFEST.MF`: the main section and the per-entry sections, each a list of
/// `Key: value` pairs in file order (continuation lines already joined).
struct JavaManifest: Sendable, Hashable {

    var main: [Field] = []
    var sections: [[Field]] = []

    struct Field: Sendable, Hashable {
        var key: String
        var value: String
    }

    /// The first value of `key` in the main section, or nil.
    func main(_ key: String) -> String? {
        main.first { $0.key == key }?.value
    }

    /// The first non-empty value of `key`, looking in the main section and then in each entry section.
    func firstValue(_ key: String) -> String? {
        for section in [main] + sections {
            if let value = section.first(where: { $0.key == key })?.value, !value.isEmpty { return value }
        }
        return nil
    }

    /// Every value of `key` in the main section then the entry sections, in order.
    func allValues(_ key: String) -> [String] {
        ([main] + sections).flatMap { section in section.filter { $0.key == key }.map(\.value) }
    }
}

/// Pure parser for JAR manifests (the JAR File Specification's `Name: value` lines, 72-byte lines
/// continued by a leading space, blank lines between sections). Lenient like the JDK and Syft:
/// a line without `:` or a continuation without a preceding key is skipped.
enum ParseJavaManifest {
    static func parse(_ text: String) -> JavaManifest {
        var sections: [[JavaManifest.Field]] = []
        var inSection = false
        for rawLine in JavaText.lines(text) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty {
                inSection = false
                continue
            }
            if line.first == " " {
                // Continuation of the previous value (only inside a section).
                if inSection, !sections.isEmpty, !sections[sections.count - 1].isEmpty {
                    let last = sections[sections.count - 1].count - 1
                    sections[sections.count - 1][last].value += line.trimmingWhitespace()
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingWhitespace()
            guard !key.isEmpty else { continue }
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            if !inSection {
                sections.append([])
                inSection = true
            }
            sections[sections.count - 1].append(JavaManifest.Field(key: key, value: value))
        }
        var manifest = JavaManifest()
        if let first = sections.first {
            manifest.main = first
            manifest.sections = Array(sections.dropFirst())
        }
        return manifest
    }
}
