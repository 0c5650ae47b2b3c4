import BulkheadCore

/// Resolves the dependency names a package database records (dpkg `Depends`, apk `D:`) to the
/// packages of the same database, through package names and what packages `Provides`.
enum DependencyResolution {
    /// Fills ``Package/dependencies``. `names[i]`, `provides[i]` and `requires[i]` belong to
    /// `packages[i]`; each requirement is a group of alternatives, of which the first that names
    /// an installed package (or something one `Provides`; a real name wins over a provided one)
    /// is taken. Self-edges and repeats are dropped. Mismatched lengths leave the packages as
    /// they are.
    static func resolve(_ packages: [Package], names: [String], provides: [[String]],
                        requires: [[[String]]]) -> [Package] {
        guard packages.count == names.count, packages.count == provides.count, packages.count == requires.count else {
            return packages
        }
        var byName: [String: PURL] = [:]
        for (package, name) in zip(packages, names) { byName[name] = package.purl }
        for (package, provided) in zip(packages, provides) {
            for virtual in provided where byName[virtual] == nil { byName[virtual] = package.purl }
        }
        var out = packages
        for index in out.indices {
            var seen = Set<PURL>()
            for group in requires[index] {
                guard let target = group.lazy.compactMap({ byName[$0] }).first, target != out[index].purl,
                      seen.insert(target).inserted else { continue }
                out[index].dependencies.append(target)
            }
        }
        return out
    }
}
