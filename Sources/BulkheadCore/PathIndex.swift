/// A sorted list of absolute paths indexed by base name and by extension, so that a glob set
/// whose patterns all end in a literal name or a `*.ext` (see ``PathGlobSet/narrowing``) is
/// tested against its candidates only instead of every path of an image. Other glob sets are
/// tested against every path, as before; the answer is the same either way.
public struct PathIndex: Sendable {
    /// The paths, in the order given (callers give them sorted, and results keep that order).
    public let paths: [String]
    private let byBaseName: [String: [Int32]]
    private let byExtension: [String: [Int32]]

    public init(_ paths: [String]) {
        self.paths = paths
        var byBaseName: [String: [Int32]] = [:]
        var byExtension: [String: [Int32]] = [:]
        byBaseName.reserveCapacity(paths.count)
        for (i, path) in paths.enumerated() {
            var path = path
            path.withUTF8 { bytes in
                var end = bytes.count
                while end > 0, bytes[end - 1] == PathGlobSet.slash { end -= 1 }
                var start = end
                while start > 0, bytes[start - 1] != PathGlobSet.slash { start -= 1 }
                guard start < end else { return }
                let base = UnsafeBufferPointer(rebasing: bytes[start..<end])
                byBaseName[String(decoding: base, as: UTF8.self), default: []].append(Int32(i))
                if let dot = base.lastIndex(of: PathGlobSet.dot), dot + 1 < base.count {
                    let ext = UnsafeBufferPointer(rebasing: base[(dot + 1)...])
                    byExtension[String(decoding: ext, as: UTF8.self), default: []].append(Int32(i))
                }
            }
        }
        self.byBaseName = byBaseName
        self.byExtension = byExtension
    }

    /// Ascending indices into ``paths`` of the paths `globs` matches.
    public func indices(matching globs: PathGlobSet) -> [Int] {
        guard let narrowing = globs.narrowing else {
            return paths.indices.filter { globs.matches(paths[$0]) }
        }
        var candidates: [Int32] = []
        for name in narrowing.baseNames { candidates += byBaseName[name] ?? [] }
        for ext in narrowing.extensions { candidates += byExtension[ext] ?? [] }
        if narrowing.baseNames.count + narrowing.extensions.count > 1 {
            candidates.sort()
            var unique: [Int32] = []
            unique.reserveCapacity(candidates.count)
            for c in candidates where c != unique.last { unique.append(c) }
            candidates = unique
        }
        return candidates.lazy.map(Int.init).filter { globs.matches(paths[$0]) }
    }
}
