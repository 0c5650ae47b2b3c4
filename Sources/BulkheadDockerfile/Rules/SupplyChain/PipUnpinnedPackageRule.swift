import BulkheadCore

/// DL3013: `pip install` without pinned versions.
struct PipUnpinnedPackageRule: DockerfileRule {
    /// pip options that take a value (the next word is not a package).
    static let valueFlags: Set<String> = [
        "abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i", "index-url",
        "implementation", "no-binary", "only-binary", "platform", "prefix", "progress-bar", "proxy", "python",
        "python-version", "root", "root-user-action", "src", "t", "target", "trusted-host", "upgrade-strategy",
    ]
    static let vcsPrefixes = [
        "git+file", "git+https", "git+ssh", "git+http", "git+git", "git", "hg+file", "hg+http", "hg+https",
        "hg+ssh", "hg+static-http", "svn", "svn+svn", "svn+http", "svn+https", "svn+ssh", "bzr+http",
        "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp",
    ]
    static let versionOperators = ["==", ">=", "<=", ">", "<", "!=", "~=", "==="]

    static let metadata = RuleMetadata(
        id: "DF113", slug: "pip-unpinned-package", title: "pip install without pinned versions",
        severity: .medium, category: .supplyChain,
        rationale: """
            `pip install flask` installs the newest release at build time: builds are not \
            repeatable, and a compromised or broken release on PyPI reaches the image at the next \
            build. Pinned versions (or a constraints/requirements file) make updates deliberate.
            """,
        fix: "Pin each package (`pip install flask==3.0.3`) or install from a pinned file: `pip install -r requirements.txt`.",
        references: [.hadolint("DL3013")],
        examples: RuleExamples(
            triggering: [
                "FROM python:3.12\n↓RUN pip install MySQL_python",
                "FROM python:3.12\n↓RUN python -m pip install example",
                "FROM python:3.12\n↓RUN pip install --no-cache-dir --upgrade pip",
                "FROM python:3.12\n↓ONBUILD RUN pip3 install requests",
            ],
            passing: [
                "FROM python:3.12\nRUN pip install MySQL_python==1.2.2",
                "FROM python:3.12\nRUN pip install 'alabaster>=0.7' mypkg.whl other.tar.gz",
                "FROM python:3.12\nRUN pip install -r requirements.txt",
                "FROM python:3.12\nRUN pip install .",
                "FROM python:3.12\nRUN pip install pykafka --constraint constraints.txt",
            ],
            hiddenTriggering: [
                "FROM python:3.12\n↓RUN pipx install black",
                "FROM python:3.12\n↓RUN pip install --root-user-action=ignore mypkg",
                "FROM python:3.12\n↓RUN pip install git+https://github.com/org/read-ext.git#egg=read-ext",
                // `>=1` is a redirection in the shell: only `foo` is an argument.
                "FROM python:3.12\n↓RUN pip install foo>=1",
            ],
            hiddenPassing: [
                "FROM python:3.12\nRUN pip install --requirement requirements.txt",
                "FROM python:3.12\nRUN pip install foo/bar https://foo.bar/baz.zip",
                "FROM python:3.12\nRUN pip install git+https://github.com/org/r-ext.git@0.6-alpha#egg=r-ext",
                "FROM python:3.12\nRUN pipenv install black",
                "FROM python:3.12\nRUN pip install --index-url https://pypi.example.com/simple foobar==1.0.0",
                "FROM python:3.12\nRUN pip install --root-user-action ignore poetry==1.8.5",
                "FROM python:3.12\nRUN pipx install --python \"$(which python)\" \"poetry==1.8.5\"",
                "FROM python:3.12\nRUN pip install -e git+https://x/y.git#egg=y",
                "FROM python:3.12\nRUN pip install pykafka -c constraints.txt",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let run = Hadolint.runScript(instruction, in: context, includingOnbuild: true) else { return }
        var unpinned: [String] = []
        for command in run.hadolintCommands where Self.isPipInstall(command) {
            let args = command.argumentValues
            if args.contains(where: { $0 == "--requirement" || $0 == "-r" || $0 == "." }) { continue }
            if command.hasAnyFlag(["constraint", "c"]) { continue }
            let packages = command.argumentsWithoutFlags(valueFlags: Self.valueFlags)
                .drop { $0 != "install" }.drop { $0 == "install" }
            unpinned += packages.filter { !Self.isPinned($0) }
        }
        guard !unpinned.isEmpty else { return }
        report(Violation(instruction, """
            Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>` (unpinned: \(unpinned.joined(separator: ", ")))
            """))
    }

    static func isPipInstall(_ command: ShellCommand) -> Bool {
        let name = command.name
        if name.hasPrefix("pip"), !name.hasPrefix("pipenv"), command.hasArgument("install") { return true }
        guard name.hasPrefix("python") else { return false }
        let args = command.argumentValues
        guard args.count >= 3 else { return false }
        for i in 0...(args.count - 3) where args[i] == "-m" && args[i + 1] == "pip" && args[i + 2] == "install" {
            return true
        }
        return false
    }

    static func isPinned(_ package: String) -> Bool {
        let vcs = vcsPrefixes.contains { package.hasPrefix($0) }
        if versionOperators.contains(where: { package.contains($0) }) { return true }
        if vcs && package.contains("@") { return true }
        if package.hasSuffix(".whl") || package.hasSuffix(".tar.gz") { return true }
        return !vcs && package.contains("/")
    }
}
