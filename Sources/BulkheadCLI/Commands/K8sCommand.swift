import ArgumentParser
import BulkheadCore
import BulkheadKube
import BulkheadReport
import Foundation

struct K8sCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "k8s",
        abstract: "Audit Kubernetes manifests: Pod Security Standards, hardening, RBAC, secrets, network exposure.",
        discussion: """
            PATH is a YAML or JSON manifest (multi-document, `List` kinds), a directory (every \
            *.yaml, *.yml and *.json under it, dot-folders included) or - for stdin (pipe \
            `helm template` or `kubectl kustomize` output in). A directory with Chart.yaml is \
            rendered with `helm template` and one with kustomization.yaml with `kustomize build` \
            (or `kubectl kustomize`) when the tool is on PATH. Every finding names the file, line \
            and column of the offending field. A document that does not parse is an error located \
            at its line; the other documents are still audited.

            Pod Security Standards (KS100) are evaluated as the upstream pod-security-admission \
            library does, version by version (v1.0 … v1.37). A Namespace in the input with \
            `pod-security.kubernetes.io/enforce` (and `enforce-version`) labels decides for its \
            workloads; otherwise --pss-level and --pss-version do. Baseline violations are high, \
            restricted-only ones medium.

            Rule families: KS1xx Pod Security, KS2xx workload hardening and exposure, KS3xx RBAC, \
            KS4xx secrets. `bulkhead rules KS` lists them.

            EXAMPLES
              bulkhead k8s deploy/                              audit a directory
              helm template ./chart | bulkhead k8s - --fail-on high
              bulkhead k8s app.yaml --pss-level baseline --pss-version v1.29
              bulkhead k8s manifests/ -f sarif -o k8s.sarif
              bulkhead k8s deploy.yaml --fix                    patches that bring workloads to restricted

            EXIT CODES
              0  no finding at or above --fail-on (default: any finding counts; use --fail-on none to report only)
              1  findings at or above --fail-on
              2  usage error
              3  unreadable input or a document that does not parse
            """)

    @Argument(help: ArgumentHelp("Manifests or directories; - reads stdin.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Gate") var gate: GateOptions

    @Option(name: .long, help: "Pod Security level when no Namespace label sets one: baseline, restricted, privileged (off).")
    var pssLevel: String = "restricted"

    @Option(name: .long, help: ArgumentHelp("Pod Security version when no Namespace label pins one (v1.0 … v1.37, latest).",
                                            valueName: "version"))
    var pssVersion: String = "latest"

    @Option(name: .long, help: ArgumentHelp("Disable a rule (id or slug). Repeatable.", valueName: "rule"))
    var ignore: [String] = []

    @Flag(name: .long, help: "Print, for each workload below restricted, the strategic-merge patch of securityContext changes that fixes it (kubectl patch --type strategic), and what needs a human.")
    var fix = false

    /// For bench/k8s-speed: only parse the files with Yams (the floor), print the document count.
    @Flag(name: .long, help: ArgumentHelp("Only parse the files with the YAML library and count documents.", visibility: .hidden))
    var parseOnly = false

    func validate() throws {
        guard PSSLevel(rawValue: pssLevel) != nil else {
            throw ValidationError("--pss-level '\(pssLevel)' is not baseline, restricted or privileged")
        }
        guard PSSVersion(pssVersion) != nil else {
            throw ValidationError("--pss-version '\(pssVersion)' is not a version like v1.29 or latest")
        }
        if paths.isEmpty { throw ValidationError("give at least one manifest, directory, or - for stdin") }
    }

    static func manifestFiles(_ root: String) -> [String] {
        var out: [String] = []
        guard let e = FileManager.default.enumerator(atPath: root) else { return out }
        let base = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        while let rel = e.nextObject() as? String {
            if rel.hasSuffix(".yaml") || rel.hasSuffix(".yml") || rel.hasSuffix(".json") { out.append(base + "/" + rel) }
        }
        return out.sorted()
    }

    typealias LoadedFile = (name: String, documents: [KubeDocument], errors: [KubeLoadError])

    enum KubeInput: Sendable {
        case loaded(LoadedFile)
        case file(String)
    }

    /// Reads and parses the plain files of `inputs` in parallel, keeping the inputs' order; the
    /// first file that cannot be read (in that order) is an operational error.
    static func load(_ inputs: [KubeInput]) throws -> [LoadedFile] {
        let results = inputs.concurrentMap { input -> LoadedFile? in
            switch input {
            case .loaded(let file): return file
            case .file(let path):
                return FileManager.default.contents(atPath: path).map { data in
                    let (docs, errors) = KubeDocumentLoader.load(text: String(decoding: data, as: UTF8.self), file: path)
                    return (path, docs, errors)
                }
            }
        }
        return try zip(inputs, results).map { input, result in
            if let result { return result }
            if case .file(let path) = input {
                FileHandle.standardError.write(Data("bulkhead: \(path): cannot read\n".utf8))
            }
            throw BulkheadExit.operational
        }
    }

    func run() throws {
        if parseOnly {
            var count = 0
            for path in paths {
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
                for file in isDir.boolValue ? Self.manifestFiles(path) : [path] {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    count += KubeDocumentLoader.parseOnly(String(decoding: data, as: UTF8.self))
                }
            }
            print("\(count) documents")
            return
        }
        let env = ProcessInfo.processInfo.environment
        let threshold = try gate.threshold(config: nil, neverFailInConfig: false)
        // Inputs in command-line order: stdin and rendered charts are loaded here, plain files
        // are listed and then parsed on every core (each file is independent).
        var inputs: [KubeInput] = []
        for path in paths {
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                let (docs, errors) = KubeDocumentLoader.load(text: String(decoding: data, as: UTF8.self), file: "-")
                inputs.append(.loaded(("-", docs, errors)))
                continue
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                FileHandle.standardError.write(Data("bulkhead: \(path): no such file or directory\n".utf8))
                throw BulkheadExit.operational
            }
            if isDir.boolValue {
                let rendered: ManifestRenderer.Rendered?
                do { rendered = try ManifestRenderer.render(path, environment: ProcessInfo.processInfo.environment) } catch {
                    FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
                    throw BulkheadExit.operational
                }
                if let rendered {
                    let (docs, errors) = KubeDocumentLoader.load(text: rendered.text, file: rendered.label)
                    inputs.append(.loaded((rendered.label, docs, errors)))
                    continue
                }
            }
            inputs += (isDir.boolValue ? Self.manifestFiles(path) : [path]).map { .file($0) }
        }
        let files = try Self.load(inputs)
        if fix {
            let version = PSSVersion(pssVersion) ?? .latest
            var out = ""
            for file in files {
                for doc in file.documents {
                    guard let result = RestrictedFix.patch(for: doc, version: version) else { continue }
                    out += "---\n# \(doc.displayName) (\(doc.file):\(doc.line)): restricted \(version)\n"
                    out += "# kubectl patch \(doc.kind.lowercased()) \(doc.name) --type strategic --patch-file this.yaml\n"
                    for m in result.manual { out += "# needs a decision: \(m)\n" }
                    out += result.yaml.isEmpty ? "{}\n" : result.yaml + "\n"
                }
            }
            FileHandle.standardOutput.write(Data(out.utf8))
            return
        }
        let disabled = Set(ignore)
        let rules = KubeRules.all.filter { !disabled.contains($0.metadata.id.rawValue) && !disabled.contains($0.metadata.slug) }
        let auditor = KubeAuditor(rules: rules, options: KubeAuditOptions(pssLevel: pssLevel, pssVersion: pssVersion))
        let targets = auditor.audit(files: files)
        let report = Report(tool: .init(version: Bulkhead.version), targets: targets, rules: rules.map(\.metadata))
        try output.finish(report, threshold: threshold, environment: env)
    }
}
