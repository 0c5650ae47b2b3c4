/// Aliases (CVE ↔ GHSA ↔ PYSEC ↔ DSA …) merged into one vulnerability: every id that any record
/// names as itself or as an alias joins one group (union–find, aliases are symmetric and
/// transitive per OSV), and the group is shown under its canonical id.
///
/// Two different CVEs are never merged: a record that aliases two CVEs (a GHSA covering both
/// halves of one fix) would otherwise chain unrelated vulnerabilities into one and hide one of
/// them; it joins the first CVE's group. Withdrawn records do not merge anything.
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
        /// The CVE a group already holds, by root.
        var cveOf: [Int: String] = [:]
        func find(_ x: Int) -> Int {
            var root = x
            while parent[root] != root { root = parent[root] }
            var y = x
            while parent[y] != root { let next = parent[y]; parent[y] = root; y = next }
            return root
        }
        func cve(_ root: Int) -> String? { cveOf[root] }
        let s = try db.prepare("SELECT vuln_id, aliases FROM records WHERE withdrawn IS NULL ORDER BY vuln_id")
        while try s.step() {
            guard let id = s.string(0) else { continue }
            let a = node(id)
            if id.hasPrefix("CVE-"), cveOf[find(a)] == nil { cveOf[find(a)] = id }
            for alias in Encoding.lines(s.string(1)) where alias != id {
                let b = node(alias)
                let ra = find(a), rb = find(b)
                if alias.hasPrefix("CVE-"), cveOf[rb] == nil { cveOf[rb] = alias }
                guard ra != rb else { continue }
                if let x = cve(ra), let y = cve(rb), x != y { continue }
                parent[rb] = ra
                if cveOf[ra] == nil { cveOf[ra] = cveOf[rb] }
            }
        }
        let w = try db.prepare("SELECT vuln_id FROM records WHERE withdrawn IS NOT NULL")
        while try w.step() { if let id = w.string(0) { _ = node(id) } }
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
