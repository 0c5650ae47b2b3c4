import BulkheadCore

/// DL3016: `npm install <package>` without a version.
struct NpmUnpinnedPackageRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF116", slug: "npm-unpinned-package", title: "npm install without pinned versions",
        severity: .medium, category: .supplyChain,
        rationale: """
            `npm install express` installs the newest release matching nothing in particular: \
            builds are not repeatable and a hijacked or broken release on the registry reaches \
            the image at the next build.
            """,
        fix: "Pin each package (`npm install express@4.19.2`), or install from a lockfile with `npm ci`.",
        references: [.hadolint("DL3016")],
        examples: RuleExamples(
            triggering: [
                "FROM node:20\n↓RUN npm install express",
                "FROM node:20\n↓RUN npm install @myorg/privatepackage",
                "FROM node:20\n↓RUN npm install --global express sax@0.1.1",
                "FROM node:20\n↓ONBUILD RUN npm install express",
            ],
            passing: [
                "FROM node:20\nRUN npm install",
                "FROM node:20\nRUN npm install express@4.1.1 @myorg/privatepackage@\">=0.1.0\"",
                "FROM node:20\nRUN npm install -g express@\"4.1.1\" package-v1.2.3.tgz",
                "FROM node:20\nRUN npm install ./folder ~/folder git://github.com/npm/npm.git#v1.0.27",
                "FROM node:20\nRUN npm ci",
            ],
            hiddenTriggering: [
                "FROM node:20\n↓RUN npm install git+ssh://git@github.com:npm/npm.git",
                "FROM node:20\n↓RUN npm install --registry https://example.com express",
                "FROM node:20\n↓RUN npm install --registry=https://example.com express",
            ],
            hiddenPassing: [
                "FROM node:20\nRUN npm install --progress=false",
                "FROM node:20\nRUN npm run --crazy install",
                "FROM node:20\nRUN npm install --loglevel verbose sax@0.1.1",
                "FROM node:20\nRUN npm i express",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        var unpinned: [String] = []
        for command in run.hadolintCommands where command.is("npm", withAnyOf: ["install"]) {
            let args = command.argumentsWithoutFlags(valueFlags: ["loglevel", "registry"])
            guard args.first == "install" else { continue }
            unpinned += args.drop { $0 == "install" }.filter { !Self.isPinned($0) }
        }
        guard !unpinned.isEmpty else { return }
        report(Violation(instruction, """
            Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>` (unpinned: \(unpinned.joined(separator: ", ")))
            """))
    }

    static func isPinned(_ package: String) -> Bool {
        if ["git://", "git+ssh://", "git+http://", "git+https://"].contains(where: { package.hasPrefix($0) }) {
            return package.contains("#")
        }
        if [".tar", ".tar.gz", ".tgz"].contains(where: { package.hasSuffix($0) }) { return true }
        if ["/", "./", "../", "~/"].contains(where: { package.hasPrefix($0) }) { return true }
        var rest = Substring(package)
        if rest.hasPrefix("@") {
            // Drop the scope: the leading run of characters above `/` (letters, digits, `@`…).
            rest = rest.drop { $0.unicodeScalars.first.map { $0.value > 0x2F } ?? false }
        }
        return rest.contains("@")
    }
}
