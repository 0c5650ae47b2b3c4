import BulkheadCore

/// A requirement pinned to one version in a requirements file (`name[extras]==version ; markers`).
struct PythonPinnedRequirement: Sendable, Hashable {
    var name: String
    var version: String
    var extras: [String]
    /// The environment marker after `;`, as written (the requirement is kept whatever it says).
    var markers: String?
    /// 1-based line where the (possibly continued) requirement starts.
    var line: Int
}

/// Pure parser for pip requirements files (`requirements.txt`, `requirements-dev.txt`, …).
///
/// Like syft and trivy, only requirements pinned to one exact version (`==` or `===`, without
/// wildcards or other clauses) become packages: ranges (`>=`), bare names, URL/path requirements
/// and options (`-r`, `-c`, `-e`, `--index-url`, `--hash`) are not versions. `-r`/`-c` includes
/// are not followed: the included files are cataloged on their own when their names match.
/// Comments (`#` at line start or after whitespace), `\` continuations and a byte order mark
/// (UTF-8 or UTF-16) are handled.
enum ParseRequirements {
    /// Text of a requirements file: UTF-16 with a byte order mark is decoded, otherwise UTF-8.
    static func text(from bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let bigEndian = bytes[0] == 0xFE
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                units.append(bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
                                       : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i]))
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        return String(decoding: body, as: UTF8.self)
    }

    static func parse(_ text: String, path: String) -> (requirements: [PythonPinnedRequirement], diagnostics: [Diagnostic]) {
        var requirements: [PythonPinnedRequirement] = []
        var diagnostics: [Diagnostic] = []
        for (line, start) in logicalLines(text) {
            switch requirement(line) {
            case .pinned(let name, let version, let extras, let markers):
                requirements.append(PythonPinnedRequirement(name: name, version: version, extras: extras,
                                                            markers: markers, line: start))
            case .notPinned:
                break
            case .malformed(let reason):
                diagnostics.append(.catalog(.corruptEntry, "requirement '\(line.prefix(80))': \(reason); skipped",
                                            file: path, line: start))
            }
        }
        return (requirements, diagnostics)
    }

    /// Lines with `\` continuations joined and comments removed, with the line each starts on.
    static func logicalLines(_ text: String) -> [(String, Int)] {
        var out: [(String, Int)] = []
        var pending = ""
        var pendingStart = 0
        var number = 0
        let body = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        for raw in body.physicalLines() {
            number += 1
            var line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if pending.isEmpty { pendingStart = number }
            if line.hasSuffix("\\") {
                line = line.dropLast()
                pending += stripComment(line)
                continue
            }
            let joined = (pending + stripComment(line)).trimmingWhitespace()
            pending = ""
            if !joined.isEmpty { out.append((joined, pendingStart)) }
        }
        let rest = pending.trimmingWhitespace()
        if !rest.isEmpty { out.append((rest, pendingStart)) }
        return out
    }

    /// The line without a comment: `#` at its start or after whitespace (so `url#egg=x` survives).
    static func stripComment(_ line: Substring) -> String {
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#", previous == " " || previous == "\t" { return String(line[..<index]) }
            previous = line[index]
        }
        return String(line)
    }

    /// PEP 440 comparison operators.
    static let operators = ["===", "==", "!=", "<=", ">=", "~=", "<", ">"]

    enum Outcome: Equatable {
        case pinned(name: String, version: String, extras: [String], markers: String?)
        case notPinned
        case malformed(String)
    }

    /// Classifies one logical line.
    static func requirement(_ line: String) -> Outcome {
        guard let first = line.first else { return .notPinned }
        // Options, and requirements given as paths or URLs, carry no pinned version.
        if first == "-" || first == "." || first == "/" || startsWithURL(line) { return .notPinned }
        guard isNameStart(first) else { return .malformed("does not start with a package name") }
        var rest = Substring(line)
        let name = String(rest.prefix { isNameCharacter($0) })
        rest = rest.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        var extras: [String] = []
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return .malformed("unclosed extras '['") }
            extras = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",")
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            rest = rest[rest.index(after: close)...].drop { $0 == " " || $0 == "\t" }
        }
        // Per-requirement options (`--hash=…`) end the specifier.
        if let options = optionStart(rest) { rest = rest[..<options] }
        var markers: String?
        if let semicolon = rest.firstIndex(of: ";") {
            markers = rest[rest.index(after: semicolon)...].trimmingWhitespace()
            rest = rest[..<semicolon]
        }
        var specifier = rest.trimmingWhitespace()
        if specifier.hasPrefix("@") { return .notPinned }
        if specifier.hasPrefix("("), specifier.hasSuffix(")") {
            specifier = String(specifier.dropFirst().dropLast()).trimmingWhitespace()
        }
        guard !specifier.isEmpty else { return .notPinned }
        guard Self.operators.contains(where: { specifier.hasPrefix($0) }) else {
            return .malformed("unexpected '\(specifier.prefix(20))' after the name")
        }
        // One exact clause only: `==1.2`, `===1.2`; not `==1.*`, `>=1,==1.2` or `!=1`.
        guard specifier.hasPrefix("=="), !specifier.contains(",") else { return .notPinned }
        let version = specifier.drop { $0 == "=" }.trimmingWhitespace()
        guard !version.isEmpty else { return .malformed("'==' without a version") }
        guard !version.contains("*") else { return .notPinned }
        guard version.allSatisfy(isVersionCharacter) else { return .malformed("'\(version.prefix(30))' is not a version") }
        return .pinned(name: name, version: version, extras: extras, markers: markers.nonEmpty)
    }

    /// `scheme://…` at the start of the line (a URL requirement; `name @ url` is not this).
    static func startsWithURL(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":"), line[colon...].hasPrefix("://") else { return false }
        return line[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
    }

    /// Where a per-requirement option (`--hash=…`) starts: `--` at the start or after whitespace.
    static func optionStart(_ text: Substring) -> Substring.Index? {
        var previous: Character = " "
        for index in text.indices {
            if text[index] == "-", previous == " " || previous == "\t",
               text[index...].hasPrefix("--") { return index }
            previous = text[index]
        }
        return nil
    }

    static func isNameStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-")
    }

    static func isVersionCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-" || c == "+" || c == "!")
    }
}
