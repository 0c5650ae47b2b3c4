import ArgumentParser
import BulkheadCore
import BulkheadDockerfile
import BulkheadImageAudit
import BulkheadKube
import BulkheadReport
import BulkheadSecrets
import Foundation

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every built-in rule, or explain one.",
        discussion: """
            Any name a rule answers to works: its id (DF107), its slug (no-latest-tag) or the peer \
            id it mirrors (DL3007, FromAsCasing); a Trivy or Checkov id (github-pat, DS002) shows \
            the rules that cite it. Dockerfile rules are DFnnn, Kubernetes rules KSnnn, \
            secret rules SEnnn (Dockerfiles, layers, manifests, directories), image hygiene rules IMnnn.

            EXAMPLES
              bulkhead rules                  table of all rules
              bulkhead rules KS               the Kubernetes rules (any id prefix: DF3, SE, IM)
              bulkhead rules DL3008           rationale, fix and examples
              bulkhead rules --markdown       the docs/rules.md page
            """)

    @Argument(help: ArgumentHelp("A rule id, slug or peer id to explain.", valueName: "rule"))
    var rule: String?

    @Flag(name: .long, help: "Render Markdown (the docs/rules.md page, or one rule's section).")
    var markdown = false

    func run() throws {
        let kube = KubeRules.all.map(\.metadata)
        let others = kube + SecretRules.all.map(\.metadata) + HygieneRules.all.map { $0.metadata }
        let all = DockerfileRules.metadata + others
        if let rule {
            let kubeMatch = others.first { $0.id.rawValue == rule.uppercased() || $0.slug == rule }
            guard let id = kubeMatch?.id ?? DockerfileRules.index.resolve(rule), let meta = all.first(where: { $0.id == id }) else {
                // A Trivy or Checkov id that rules cross-reference (findings show it beside the id,
                // and `.bulkheadignore` accepts it): the rule, or the list when several cite it.
                let citing = all.filter { m in
                    m.references.contains { ref in
                        switch ref {
                        case .trivy(let v), .checkov(let v): v.lowercased() == rule.lowercased()
                        default: false
                        }
                    }
                }
                if citing.count == 1, let only = citing.first {
                    print(markdown ? RuleDocs.markdownSection(only) : RuleDocs.text(only), terminator: "")
                    return
                }
                if !citing.isEmpty {
                    print("'\(rule)' is a peer id cited by \(citing.count) rules:")
                    for m in citing { print("  \(m.id.rawValue)  \(m.slug)  \(m.title)") }
                    return
                }
                // A family prefix (DF, DF3, KS, SE, IM): the table of those rules.
                let family = all.filter { $0.id.rawValue.hasPrefix(rule.uppercased()) }
                if rule.count >= 2, !family.isEmpty {
                    print(markdown ? RuleDocs.markdown(family) : RuleDocs.table(family), terminator: "")
                    return
                }
                FileHandle.standardError.write(Data("bulkhead: no rule is called '\(rule)'; run `bulkhead rules` to list them\n".utf8))
                throw BulkheadExit.usage
            }
            print(markdown ? RuleDocs.markdownSection(meta) : RuleDocs.text(meta), terminator: "")
            return
        }
        print(markdown ? RuleDocs.markdown(all) : RuleDocs.table(all), terminator: "")
    }
}
