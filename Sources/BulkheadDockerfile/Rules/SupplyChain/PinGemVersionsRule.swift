import BulkheadCore

/// DL3028: `gem install` without versions.
struct PinGemVersionsRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF128", slug: "pin-gem-versions", title: "gem install without a pinned version",
        severity: .medium, category: .supplyChain,
        rationale: """
            Without a version, `gem install` takes whatever is newest on rubygems.org at build \
            time: rebuilds are not reproducible and a malicious or broken release is picked up \
            automatically.
            """,
        fix: "Pin each gem: `gem install bundler:2.5.6` or `gem install bundler -v 2.5.6`.",
        references: [.hadolint("DL3028")],
        examples: RuleExamples(
            triggering: [
                "FROM ruby:3.3\n↓RUN gem install bundler",
                "FROM ruby:3.3\n↓RUN gem i bunlder:1 nokogiri",
                "FROM ruby:3.3\n↓ONBUILD RUN gem i bundler",
            ],
            passing: [
                "FROM ruby:3.3\nRUN gem i bundler:1",
                "FROM ruby:3.3\nRUN gem install bundler -v '2.0.1'",
                "FROM ruby:3.3\nRUN gem install bundler --version='2.0.1'",
                "FROM ruby:3.3\nRUN gem install bundler:2.0.1 -- --use-system-libraries=true",
            ],
            hiddenPassing: [
                "FROM ruby:3.3\nRUN gem install bundler --version '2.0.1'",
                "FROM ruby:3.3\nRUN gem install bundler:2.0.1 --use-system-libraries true",
                // Hadolint takes the word after any option as the option's value.
                "FROM ruby:3.3\nRUN gem install --no-document bundler",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        var unpinned: [String] = []
        for cmd in run.commands where cmd.is("gem", withAnyOf: ["install", "i"]) {
            let args = cmd.argumentValues
            if args.contains(where: { $0 == "-v" || $0 == "--version" || $0.hasPrefix("--version=") }) { continue }
            var gems: [String] = []
            var i = 0
            while i < args.count, args[i] != "--" {
                if args[i].hasPrefix("-") {
                    i += 2
                    continue
                }
                if args[i] != "install" && args[i] != "i" { gems.append(args[i]) }
                i += 1
            }
            unpinned += gems.filter { !$0.contains(":") }
        }
        guard !unpinned.isEmpty else { return }
        report(Violation(instruction,
                         "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>` (unpinned: \(unpinned.joined(separator: ", ")))"))
    }
}
