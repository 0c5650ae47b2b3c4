/// Symlink resolution confined to a virtual root, shared by every resolver: an absolute target
/// restarts at the tree's root (never the host's), `..` stops at the root, and loops end after
/// a bounded number of hops.
enum ConfinedPath {
    /// What a path names in the tree being resolved.
    enum Node {
        case directory
        case file
        case symlink(target: String)
    }

    /// The path with every symlink followed inside the tree; `nil` when a component is missing,
    /// a non-directory has children, a link cannot be read, or more than `maxHops` links are
    /// followed.
    static func resolve(_ path: String, maxHops: Int, lookup: (String) -> Node?) -> String? {
        var components = split(path)
        var resolved: [String] = []
        var hops = 0
        while !components.isEmpty {
            let c = components.removeFirst()
            if c == "." || c.isEmpty { continue }
            if c == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            let candidate = "/" + (resolved + [c]).joined(separator: "/")
            switch lookup(candidate) {
            case nil:
                return nil
            case .symlink(let target):
                hops += 1
                guard hops <= maxHops else { return nil }
                if target.hasPrefix("/") { resolved = [] }
                components = split(target) + components
            case .file:
                guard components.isEmpty else { return nil }
                resolved.append(c)
            case .directory:
                resolved.append(c)
            }
        }
        return "/" + resolved.joined(separator: "/")
    }

    /// Components split on the byte `/`, as the kernel splits paths. Splitting on Characters
    /// would glue a combining mark to the slash before it, so `../\u{301}` would be one
    /// component, not `..` and another, and the `..` would reach the host's lookup unresolved.
    static func split(_ path: String) -> [String] {
        Substring(path).utf8.split(separator: 0x2F).map { String(Substring($0)) }
    }
}
