/// Declared licenses from a package's `/usr/share/doc/<package>/copyright`: the first word of each
/// machine-readable (DEP-5) `License:` line, and every `/usr/share/common-licenses/<NAME>`
/// reference in free-form files — what Syft reports, so SBOMs agree, except that a `License:` field
/// indented with several spaces is read too (Syft's pattern wants exactly one and drops those).
/// Sorted, without repeats. Works on UTF-8 bytes: copyright files can be hundreds of KiB.
enum ParseDebianCopyright {
    /// The most licenses kept from one file (hostile files stay small in the SBOM).
    static let maxLicenses = 64

    private static let field = Array("License:".utf8)
    private static let marker = Array("/usr/share/common-licenses/".utf8)

    static func parse(_ text: String) -> [String] {
        var found = Set<String>()
        var copy = text
        copy.withUTF8 { bytes in
            var lineStart = 0
            while lineStart < bytes.count, found.count < maxLicenses {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
                scan(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), into: &found)
                lineStart = lineEnd + 1
            }
        }
        return found.sorted()
    }

    private static func scan(_ line: UnsafeBufferPointer<UInt8>, into found: inout Set<String>) {
        if line.starts(with: field) {
            var i = field.count
            while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
            let start = i
            while i < line.count, line[i] != 0x20, line[i] != 0x09 { i += 1 }
            let word = String(decoding: line[start..<i], as: UTF8.self)
            // `none` and bullets (`License:  * Permission…`) name no license.
            if word.contains(where: { $0.isLetter || $0.isNumber }), word.lowercased() != "none" { found.insert(word) }
        }
        guard line.count >= marker.count else { return }
        var i = 0
        while i + marker.count <= line.count {
            guard line[i] == marker[0], line[i..<(i + marker.count)].elementsEqual(marker) else {
                i += 1
                continue
            }
            var end = i + marker.count
            let start = end
            while end < line.count, isNameByte(line[end]) { end += 1 }
            var stop = end
            while stop > start, line[stop - 1] == 0x2E { stop -= 1 }
            if stop > start { found.insert(String(decoding: line[start..<stop], as: UTF8.self)) }
            i = max(end, i + 1)
        }
    }

    /// `[0-9A-Za-z_.-]`
    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2E || b == 0x2D
    }
}
