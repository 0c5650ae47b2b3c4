/// Glob matching on `/`-separated paths, shared by file resolvers, catalogers and config ignores:
/// `*` and `?` stay within a segment, `**` spans any number of segments.
public enum PathGlob {
    public static func match(_ pattern: String, _ path: String) -> Bool {
        let p = pattern.split(separator: "/"), s = path.split(separator: "/")
        return segments(p[...], s[...])
    }

    /// Slices, not copies: `**` tries every suffix without allocating.
    static func segments(_ p: ArraySlice<Substring>, _ s: ArraySlice<Substring>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "**" {
            let rest = p.dropFirst()
            var i = s.startIndex
            while true {
                if segments(rest, s[i...]) { return true }
                if i == s.endIndex { return false }
                i += 1
            }
        }
        guard let seg = s.first, segment(first, seg) else { return false }
        return segments(p.dropFirst(), s.dropFirst())
    }

    static func segment(_ pattern: Substring, _ text: Substring) -> Bool {
        // Fast paths: literal segments and a lone `*`.
        if pattern == "*" { return true }
        if !pattern.contains(where: { $0 == "*" || $0 == "?" }) { return pattern == text }
        let p = Array(pattern), s = Array(text)
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "?" || p[pi] == s[si] {
                pi += 1
                si += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
