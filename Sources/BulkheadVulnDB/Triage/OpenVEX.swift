import BulkheadCore
import Foundation

/// OpenVEX documents (v0.2.0 and the older v0.0.1 shapes): statements that a product or
/// subcomponent is `not_affected` (with a justification or impact statement) or `fixed`
/// suppress matching findings; `affected` and `under_investigation` leave them reported.
public struct OpenVEX: Sendable, Hashable {
    public struct Statement: Sendable, Hashable {
        public var vulnerability: String
        public var aliases: [String]
        public var products: [String]
        public var subcomponents: [String]
        public var status: String
        public var justification: String?
        public var impact: String?
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
        func ids(_ value: Any?) -> [String] {
            switch value {
            case let s as String: return [s]
            case let d as [String: Any]: return [d["@id"] as? String, d["name"] as? String].compactMap { $0 }
            case let list as [Any]: return list.flatMap { ids($0) }
            default: return []
            }
        }
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
            let products = ids(s["products"]) + ids(s["product"])
            var subcomponents = ids(s["subcomponents"])
            if let list = s["products"] as? [[String: Any]] {
                for p in list { subcomponents += ids(p["subcomponents"]) }
            }
            let justification = s["justification"] as? String
            let impact = s["impact_statement"] as? String
            if status == "not_affected", justification == nil, impact == nil {
                throw VulnDBError(.badInput, "\(file): statements[\(i)] (\(vulnerability)): 'not_affected' needs a 'justification' or 'impact_statement'")
            }
            statements.append(Statement(vulnerability: vulnerability, aliases: aliases, products: products,
                                        subcomponents: subcomponents, status: status, justification: justification,
                                        impact: impact, source: "\(file)#statements[\(i)]"))
        }
        return OpenVEX(statements: statements)
    }

    /// Whether a statement covers a finding of the scanned target (`targetIDs`: image name,
    /// digests, `pkg:oci/…` purls).
    func applies(_ s: Statement, to f: VulnerabilityFinding, targetIDs: [String]) -> Bool {
        let ids = [s.vulnerability] + s.aliases
        guard ids.contains(f.id) || ids.contains(where: f.aliases.contains) else { return false }
        let packageHit = (s.products + s.subcomponents).contains { $0.hasPrefix("pkg:") && PURLMatch.matches(pattern: $0, purl: f.purl) }
        if packageHit { return true }
        guard s.subcomponents.isEmpty else { return false }
        if s.products.isEmpty { return true }
        return s.products.contains { p in targetIDs.contains { !$0.isEmpty && (p == $0 || p.contains($0)) } }
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
            for e in ignores?.entries ?? [] where ignores?.applies(e, to: f) == true {
                if let exp = e.expires, exp < now {
                    if warnedExpired.insert(e.source).inserted {
                        diagnostics.append(Diagnostic(code: "ignore-expired", level: .warning,
                            message: "\(e.source): the ignore of \(e.id) expired on \(e.expiresText ?? "?"); the finding is reported again"))
                    }
                    continue
                }
                f.suppression = .init(kind: .ignoreFile, reason: e.reason, source: e.source)
                handled = true
                break
            }
            if !handled {
                outer: for doc in vex {
                    for s in doc.statements where doc.applies(s, to: f, targetIDs: targetIDs) {
                        guard s.status == "not_affected" || s.status == "fixed" else { continue }
                        let why = [s.status, s.justification, s.impact].compactMap { $0 }.joined(separator: ": ")
                        f.suppression = .init(kind: .vex, reason: why, source: s.source)
                        handled = true
                        break outer
                    }
                }
            }
            if handled { suppressed.append(f) } else { active.append(f) }
        }
        return Result(active: active, suppressed: suppressed, diagnostics: diagnostics)
    }
}
