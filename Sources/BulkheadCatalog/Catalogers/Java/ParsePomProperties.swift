/// The Maven coordinates in a `META-INF/maven/<group>/<artifact>/pom.properties`.
struct PomProperties: Sendable, Hashable {
    var groupID: String
    var artifactID: String
    var version: String
    /// The entry path inside its archive.
    var path: String
}

/// Pure parser for `pom.properties` (Java properties as Maven writes them: `key=value` lines,
/// `#` comments). Like Syft, a line with neither `=` nor `:` makes the file unusable.
enum ParsePomProperties {
    static func parse(_ text: String, path: String) -> PomProperties? {
        var values: [String: String] = [:]
        for rawLine in JavaText.lines(text) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || line.drop(while: { $0 == " " }).first == "#" { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
            let key = line[..<separator].trimmingWhitespace()
            values[key] = line[line.index(after: separator)...].trimmingWhitespace()
        }
        func value(_ key: String) -> String {
            if let exact = values[key] { return exact }
            let lower = key.lowercased()
            return values.first { $0.key.lowercased() == lower }?.value ?? ""
        }
        return PomProperties(groupID: value("groupId"), artifactID: value("artifactId"), version: value("version"),
                             path: path)
    }
}
