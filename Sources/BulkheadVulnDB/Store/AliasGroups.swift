/// Aliases (CVE ↔ GHSA ↔ PYSEC ↔ DSA …) merged into one vulnerability: every id that any record
/// names as itself or as an alias joins one group (union–find, aliases are symmetric and
/// transitive per OSV), and the group is shown under its canonical id.
enum AliasGroups {
    /// The id a group is shown under: a CVE when there is one, then a GHSA, then the smallest.
    static func canonical(_ ids: [String]) -> String {
        func rank(_ id: String) -> Int { id.hasPrefix("CVE-") ? 0 : (id.hasPrefix("GHSA-") ? 1 : 2) }
        return ids.min { (rank($0), $0) < (rank($1), $1) } ?? ""
    }

    static func rebuild(_ db: SQLiteConnection) throws(VulnDBError) {
        var index: [String: Int] = [:]
        var ids: [String] = []
        var parent: [Int] = []
        func node(_ id: String) -> Int {
            if let i = index[id] { return i }
            let i = ids.count
            index[id] = i
            ids.append(id)
            parent.append(i)
            return i
        }
        func find(_ x: Int) -> Int {
            var root = x
            while parent[root] != root { root = parent[root] }
            var y = x
            while parent[y] != root { let next = parent[y]; parent[y] = root; y = next }
            return root
        }
        let s = try db.prepare("SELECT vuln_id, aliases FROM records")
        while try s.step() {
            guard let id = s.string(0) else { continue }
            let a = node(id)
            for alias in Encoding.lines(s.string(1)) where alias != id {
                let b = node(alias)
                let ra = find(a), rb = find(b)
                if ra != rb { parent[rb] = ra }
            }
        }
        var members: [Int: [String]] = [:]
        for (i, id) in ids.enumerated() { members[find(i), default: []].append(id) }
        try db.execute("DELETE FROM groups")
        let insert = try db.prepare("INSERT INTO groups(ident, canonical) VALUES (?1, ?2)")
        for group in members.values {
            let name = canonical(group)
            for id in group {
                insert.bind(1, id)
                insert.bind(2, name)
                try insert.run()
            }
        }
    }
}
