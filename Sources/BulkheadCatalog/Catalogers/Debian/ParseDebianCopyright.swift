/// Declared licenses from a package's `/usr/share/doc/<package>/copyright`: the first word of each
/// machine-readable (DEP-5) `License:` line, and every `/usr/share/common-licenses/<NAME>`
/// reference in free-form files — what Syft reports, so SBOMs agree, except that a `License:` field
/// indented with several spaces is read too (Syft's pattern wants exactly one and drops those).
/// Sorted, without repeats.
enum ParseDebianCopyright {
    /// The most licenses kept from one file (hostile files stay small in the SBOM).
    static let maxLicenses = 64

    static func parse(_ text: String) -> [String] {
        var found = Set<String>()
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            if found.count >= maxLicenses { break }
            if line.hasPrefix("License:") {
                let rest = line.dropFirst("License:".count).drop { $0 == " " || $0 == "\t" }
                let word = rest.prefix { $0 != " " && $0 != "\t" }
                // `none` and bullets (`License:  * Permission…`) name no license.
                if word.contains(where: { $0.isLetter || $0.isNumber }), word.lowercased() != "none" { found.insert(String(word)) }
            }
            var remaining = line[...]
            let marker = "/usr/share/common-licenses/"
            while let range = remaining.firstRange(of: marker) {
                let name = remaining[range.upperBound...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
                var trimmed = Substring(name)
                while trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
                if !trimmed.isEmpty { found.insert(String(trimmed)) }
                remaining = remaining[range.upperBound...]
            }
        }
        return found.sorted()
    }
}
