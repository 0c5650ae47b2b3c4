import BulkheadCore
import Foundation

/// OpenVEX documents (v0.2.0 and the older v0.0.1 shapes): statements that a product or
/// subcomponent is `not_affected` (with a justification or impact statement) or `fixed`
/// suppress matching findings; `affected` and `under_investigation` leave them reported.
public struct OpenVEX: Sendable, Hashable {
    /// A product the statement is about (an image, or a package itself) and, optionally, the
    /// components inside it that the statement narrows to.
    public struct Product: Sendable, Hashable {
        public var ids: [String]
        public var subcomponents: [String]
    }

    public struct Statement: Sendable, Hashable {
        public var vulnerability: String
        public var aliases: [String]
        public var products: [Product]
        public var status: String
        public var justification: String?
        public var impact: String?
        /// RFC 3339; statements about the same thing are applied oldest first, so the latest wins.
        public var timestamp: String
        public var order: Int
        public var source: String
    }

    public var statements: [Statement]

    public static func parse(_ data: Data, file: String) throws(VulnDBError) -> OpenVEX {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw VulnDBError(.badInput, "\(file): not valid JSON: \(error.localizedDescription)")
        }
        guard let doc = root as? [String: Any], let items = doc["statements"] as? [Any] else {
            throw VulnDBError(.badInput, "\(file): not an OpenVEX document (no 'statements')")
        }
        /// `@id` and `identifiers.purl` of a product or subcomponent (or the v0.0.1 plain string).
        func ids(_ value: Any?) -> [String] {
            switch value {
            case let s as String: return [s]
            case let d as [String: Any]:
                var out = [d["@id"] as? String, d["name"] as? String].compactMap { $0 }
                if let identifiers = d["identifiers"] as? [String: Any], let purl = identifiers["purl"] as? String { out.append(purl) }
                return out
            case let list as [Any]: return list.flatMap { ids($0) }
            default: return []
            }
        }
        let documentTime = doc["timestamp"] as? String ?? ""
        var statements: [Statement] = []
        for (i, item) in items.enumerated() {
            guard let s = item as? [String: Any] else {
                throw VulnDBError(.badInput, "\(file): statements[\(i)] is not an object")
            }
            var vulnerability: String?
            var aliases: [String] = []
            if let v = s["vulnerability"] as? String {
                vulnerability = v
            } else if let v = s["vulnerability"] as? [String: Any] {
                vulnerability = v["name"] as? String ?? v["@id"] as? String
                aliases = (v["aliases"] as? [String]) ?? []
            }
            guard let vulnerability else {
                throw VulnDBError(.badInput, "\(file): statements[\(i)]: missing 'vulnerability'")
            }
            guard let status = s["status"] as? String else {
                throw VulnDBError(.badInput, "\(file): statements[\(i)] (\(vulnerability)): missing 'status'")
            }
            guard ["not_affected", "affected", "fixed", "under_investigation"].contains(status) else {
                throw VulnDBError(.badInput, "\(file): statements[\(i)] (\(vulnerability)): unknown status '\(status)'")
            }
            var products: [Product] = []
            if let list = s["products"] as? [Any] {
                for p in list {
                    products.append(Product(ids: ids(p), subcomponents: ids((p as? [String: Any])?["subcomponents"])))
                }
            }
            if let legacy = s["product"] { products.append(Product(ids: ids(legacy), subcomponents: [])) }
            let shared = ids(s["subcomponents"])
            if !shared.isEmpty { products = products.map { Product(ids: $0.ids, subcomponents: $0.subcomponents + shared) } }
            let justification = s["justification"] as? String
            let impact = s["impact_statement"] as? String
            if status == "not_affected", justification == nil, impact == nil {
                throw VulnDBError(.badInput, "\(file): statements[\(i)] (\(vulnerability)): 'not_affected' needs a 'justification' or 'impact_statement'")
            }
            statements.append(Statement(vulnerability: vulnerability, aliases: aliases, products: products,
                                        status: status, justification: justification, impact: impact,
                                        timestamp: s["timestamp"] as? String ?? documentTime, order: i,
                                        source: "\(file)#statements[\(i)]"))
        }
        return OpenVEX(statements: statements)
    }

    /// Whether a statement covers a finding of the scanned target (`targetIDs`: image names,
    /// repo tags and digests). A product that is a package purl covers that package anywhere; a
    /// product that is the scanned image (by name, tag, digest, or `pkg:oci/…@sha256:…` purl)
    /// covers its packages, or only its listed subcomponents when there are some.
    func applies(_ s: Statement, to f: VulnerabilityFinding, targetIDs: [String]) -> Bool {
        let ids = [s.vulnerability] + s.aliases
        guard ids.contains(f.id) || ids.contains(where: f.aliases.contains) else { return false }
        for product in s.products {
            if product.ids.contains(where: { !$0.hasPrefix("pkg:oci/") && $0.hasPrefix("pkg:") && PURLMatch.matches(pattern: $0, purl: f.purl) }) {
                return true
            }
            guard product.ids.contains(where: { Self.isTarget($0, targetIDs) }) else { continue }
            if product.subcomponents.isEmpty { return true }
            if product.subcomponents.contains(where: { $0.hasPrefix("pkg:") && PURLMatch.matches(pattern: $0, purl: f.purl) }) {
                return true
            }
        }
        return false
    }

    /// A product id names the scanned image: equal to one of its names or digests, or an OCI
    /// purl whose digest (percent-decoded) is one of its digests.
    static func isTarget(_ id: String, _ targetIDs: [String]) -> Bool {
        if targetIDs.contains(id) { return true }
        if id.hasPrefix("pkg:oci/"), let at = id.firstIndex(of: "@") {
            var digest = String(id[id.index(after: at)...])
            if let q = digest.firstIndex(of: "?") { digest = String(digest[..<q]) }
            digest = digest.removingPercentEncoding ?? digest
            return targetIDs.contains(digest)
        }
        return false
    }

    /// The statement that decides a finding: the latest applicable one (by timestamp, then
    /// document order), as OpenVEX says later statements override earlier ones.
    func decidingStatement(for f: VulnerabilityFinding, targetIDs: [String]) -> Statement? {
        statements.filter { applies($0, to: f, targetIDs: targetIDs) }
            .max { ($0.timestamp, $0.order) < ($1.timestamp, $1.order) }
    }
}

/// Applies ignore files, VEX and fix-state filters to matched findings.
public struct Triage: Sendable {
    public var ignores: IgnoreFile?
    public var vex: [OpenVEX]
    /// `--ignore-unfixed` / `--only-fixed`: report only findings that have a fixed version.
    public var onlyFixed: Bool
    public var targetIDs: [String]
    public var now: Date

    public init(ignores: IgnoreFile? = nil, vex: [OpenVEX] = [], onlyFixed: Bool = false, targetIDs: [String] = [],
                now: Date = Date()) {
        self.ignores = ignores
        self.vex = vex
        self.onlyFixed = onlyFixed
        self.targetIDs = targetIDs
        self.now = now
    }

    public struct Result: Sendable {
        public var active: [VulnerabilityFinding]
        public var suppressed: [VulnerabilityFinding]
        public var diagnostics: [Diagnostic]
    }

    public func apply(_ findings: [VulnerabilityFinding]) -> Result {
        var active: [VulnerabilityFinding] = []
        var suppressed: [VulnerabilityFinding] = []
        var diagnostics: [Diagnostic] = []
        var warnedExpired: Set<String> = []
        for var f in findings {
            if onlyFixed, f.fixState != .fixed { continue }
            var handled = false
            if let ignores, let e = entryInForce(ignores.entries.lazy.filter { ignores.applies($0, to: f) },
                                                 warned: &warnedExpired, diagnostics: &diagnostics) {
                f.suppression = .init(kind: .ignoreFile, reason: e.reason, source: e.source)
                handled = true
            }
            if !handled {
                // Documents are applied in the order given: a later document's statement wins.
                var deciding: OpenVEX.Statement?
                for doc in vex {
                    if let s = doc.decidingStatement(for: f, targetIDs: targetIDs) { deciding = s }
                }
                if let s = deciding, s.status == "not_affected" || s.status == "fixed" {
                    let why = [s.status, s.justification, s.impact].compactMap { $0 }.joined(separator: ": ")
                    f.suppression = .init(kind: .vex, reason: why, source: s.source)
                    handled = true
                }
            }
            if handled { suppressed.append(f) } else { active.append(f) }
        }
        return Result(active: active, suppressed: suppressed, diagnostics: diagnostics)
    }

    /// The first of `matching` still in force; each expired one is reported once.
    private func entryInForce(_ matching: some Sequence<IgnoreFile.Entry>, warned: inout Set<String>,
                              diagnostics: inout [Diagnostic]) -> IgnoreFile.Entry? {
        for e in matching {
            guard let exp = e.expires, exp < now else { return e }
            if warned.insert(e.source).inserted {
                diagnostics.append(Diagnostic(code: "ignore-expired", level: .warning,
                    message: "\(e.source): the ignore of \(e.id) expired on \(e.expiresText ?? "?"); the finding is reported again"))
            }
        }
        return nil
    }

    /// Applies the ignore file to rule findings (secrets, image hygiene): a matching entry in
    /// force moves the finding to `suppressed`, carrying the entry's reason and `file:line`; an
    /// expired one says so once and leaves it active.
    /// - Parameters:
    ///   - kind: `.secret` or `.misconfiguration`: which section may name a finding.
    ///   - names: every name a finding's rule answers to, lowercased (id, slug, peer ids).
    ///   - path: a finding's file inside the scanned target, nil when it is not about a file.
    public func apply(findings: [Finding], kind: (Finding) -> IgnoreFile.Entry.Kind, names: (Finding) -> Set<String>,
                      path: (Finding) -> String?) -> (active: [Finding], suppressed: [Finding], diagnostics: [Diagnostic]) {
        guard let ignores, !ignores.entries.isEmpty else { return (findings, [], []) }
        var active: [Finding] = [], suppressed: [Finding] = [], diagnostics: [Diagnostic] = []
        var warnedExpired: Set<String> = []
        for var f in findings {
            let k = kind(f), n = names(f), p = path(f)
            if let e = entryInForce(ignores.entries.lazy.filter { ignores.applies($0, kind: k, names: n, path: p) },
                                    warned: &warnedExpired, diagnostics: &diagnostics) {
                f.suppression = .init(kind: .ignoreFile, reason: e.reason, source: e.source)
                suppressed.append(f)
            } else {
                active.append(f)
            }
        }
        return (active, suppressed, diagnostics)
    }
}
