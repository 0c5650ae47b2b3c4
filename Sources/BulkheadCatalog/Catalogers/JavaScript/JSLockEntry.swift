/// One package pinned by a JavaScript lock file (package-lock.json, yarn.lock, pnpm-lock.yaml).
public struct JSLockEntry: Sendable, Hashable {
    public var name: String
    public var version: String
    /// Marked as needed only for development (`"dev": true`, pnpm `dev: true`, or reachable in a
    /// yarn.lock only from the project's `devDependencies`).
    public var isDev: Bool
    /// Licenses recorded in the lock file (package-lock.json v2+ only).
    public var licenses: [String]
    /// The descriptors (`name@range`) that resolve to it (yarn.lock keys).
    public var descriptors: [String]
    /// Descriptors (`name@range`) of the packages it depends on (yarn.lock), for telling
    /// dev-only packages apart.
    public var dependencies: [String]
    /// 1-based line of the record, when the format is line-oriented.
    public var line: Int?

    public init(name: String, version: String, isDev: Bool = false, licenses: [String] = [],
                descriptors: [String] = [], dependencies: [String] = [], line: Int? = nil) {
        self.name = name
        self.version = version
        self.isDev = isDev
        self.licenses = licenses
        self.descriptors = descriptors
        self.dependencies = dependencies
        self.line = line
    }
}

extension Array where Element == JSLockEntry {
    /// One entry per name and version, in first-seen order; an entry is dev-only when every
    /// occurrence is (the same package pinned for production and for development is production).
    func uniqued() -> [JSLockEntry] {
        var index: [String: Int] = [:]
        var out: [JSLockEntry] = []
        for entry in self {
            let key = entry.name + "@" + entry.version
            if let at = index[key] {
                out[at].isDev = out[at].isDev && entry.isDev
                if out[at].licenses.isEmpty { out[at].licenses = entry.licenses }
                out[at].descriptors += entry.descriptors
                out[at].dependencies += entry.dependencies
            } else {
                index[key] = out.count
                out.append(entry)
            }
        }
        return out
    }
}
