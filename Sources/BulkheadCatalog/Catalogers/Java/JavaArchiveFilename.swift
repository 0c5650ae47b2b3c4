/// Name and version guessed from a Java archive's file name (`commons-lang3-3.12.0.jar` →
/// `commons-lang3`, `3.12.0`), following the conventions Syft applies:
///
/// - the name is a run of words (`[A-Za-z][A-Za-z0-9_.]*`) joined by single dashes;
/// - the version starts at the first dash followed by a digit, by `build<digits>`, or by
///   `r<digits>`/`rc<digits>` that end the name (case-insensitive);
/// - failing that, `name.1.2`/`name_1.2` style suffixes are split off the same way.
struct JavaArchiveFilename: Sendable, Hashable {
    var name: String
    var version: String
    /// The extension without the dot (`jar`, `war`, `hpi`).
    var fileExtension: String

    /// - Parameter path: a path or virtual path (`/app/a.war:WEB-INF/lib/b.jar`); only the last
    ///   component is used.
    init(_ path: String) {
        let last = path.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? path
        let base = last.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? last
        let stem: Substring
        if let dot = base.lastIndex(of: ".") {
            fileExtension = String(base[base.index(after: dot)...])
            stem = base[..<dot]
        } else {
            fileExtension = ""
            stem = base[...]
        }
        let chars = Array(stem.unicodeScalars)
        var name = "", version = ""
        if let split = Self.primarySplit(chars) {
            name = String(String.UnicodeScalarView(chars[..<split.nameEnd]))
            version = String(String.UnicodeScalarView(chars[split.versionStart...]))
        } else if Self.isName(chars[...]) {
            name = String(String.UnicodeScalarView(chars))
        }
        if version.isEmpty {
            let nameChars = Array(name.unicodeScalars)
            if let p = nameChars.indices.first(where: { i in
                (nameChars[i] == "." || nameChars[i] == "_" || nameChars[i] == "-")
                    && Self.isVersion(nameChars[(i + 1)...], caseInsensitive: false)
            }) {
                version = String(String.UnicodeScalarView(nameChars[(p + 1)...]))
                name = String(String.UnicodeScalarView(nameChars[..<p]))
            }
        }
        self.name = name
        self.version = version
    }

    /// The leftmost dash where everything before is a valid name and everything after a version.
    private static func primarySplit(_ chars: [Unicode.Scalar]) -> (nameEnd: Int, versionStart: Int)? {
        for i in chars.indices where chars[i] == "-" {
            if isName(chars[..<i]), isVersion(chars[(i + 1)...], caseInsensitive: true) { return (i, i + 1) }
        }
        return nil
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    /// Words of `[A-Za-z][A-Za-z0-9_.]*`, each optionally followed by one dash.
    static func isName(_ chars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = chars.first, isLetter(first) else { return false }
        var previous: Unicode.Scalar = first
        for c in chars.dropFirst() {
            if c == "-" {
                if previous == "-" { return false }
            } else if previous == "-" {
                if !isLetter(c) { return false }
            } else if !(isLetter(c) || isDigit(c) || c == "_" || c == ".") {
                return false
            }
            previous = c
        }
        return true
    }

    /// `\d.*`, `build\d+.*` or `rc?\d+` to the end.
    static func isVersion(_ chars: ArraySlice<Unicode.Scalar>, caseInsensitive: Bool) -> Bool {
        guard let first = chars.first, !chars.contains("\n") else { return false }
        if isDigit(first) { return true }
        let text = String(String.UnicodeScalarView(chars))
        let folded = caseInsensitive ? text.lowercased() : text
        if folded.hasPrefix("build"), let next = folded.unicodeScalars.dropFirst(5).first, isDigit(next) { return true }
        var rest = folded.unicodeScalars[...]
        guard rest.first == "r" else { return false }
        rest = rest.dropFirst()
        if rest.first == "c" { rest = rest.dropFirst() }
        return !rest.isEmpty && rest.allSatisfy(isDigit)
    }
}
