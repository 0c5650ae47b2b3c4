import ArgumentParser
import BulkheadCatalog
import BulkheadConfig
import BulkheadCore
import BulkheadImage
import BulkheadImageAudit
import BulkheadReport
import BulkheadSBOM
import BulkheadSecrets
import BulkheadVulnDB
import Foundation

/// Output formats of `bulkhead image` / `bulkhead fs`.
enum ScanFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, sarif, cyclonedx
}

extension SeveritySource: ExpressibleByArgument {}

/// Everything the vulnerability scans share: database, gate, triage and output.
struct ScanOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(name: [.short, .long], help: "Output format: table, json, sarif, cyclonedx (CycloneDX 1.6 with vulnerabilities and VEX analysis).")
    var format: ScanFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to FILE instead of stdout.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp(
        "Exit 1 when a vulnerability at or above SEVERITY remains (critical, high, medium, low, info, unknown, none). Default: none.",
        valueName: "severity"))
    var failOn: String?

    @Flag(name: .long, help: "Leave out vulnerabilities that have no fixed version (not in the report, not gated).")
    var ignoreUnfixed = false

    @Flag(name: .long, help: "Same as --ignore-unfixed (Grype's name).")
    var onlyFixed = false

    @Option(name: .long, help: ArgumentHelp("Ignore file (default: ./.bulkheadignore when present).", valueName: "file"))
    var ignorefile: String?

    @Option(name: .long, help: ArgumentHelp("OpenVEX document; `not_affected`/`fixed` statements suppress findings. Repeatable.", valueName: "file"))
    var vex: [String] = []

    @Flag(name: .long, help: "Also list suppressed findings (ignored or VEX'd) in the report.")
    var showSuppressed = false

    @Option(name: .long, help: "Which rating decides severity: auto (distro rating for OS packages, CVSS otherwise), cvss or vendor (preferred; the other side when it has nothing).")
    var severitySource: SeveritySource = .auto

    @Option(name: .long, help: ArgumentHelp("Warn when the database is older than this (e.g. 7d, 24h).", valueName: "age"))
    var dbMaxAge: String = "7d"

    @Flag(name: .long, help: "Never color the table (also honoured: NO_COLOR).")
    var noColor = false

    @Option(name: .long, help: ArgumentHelp("Platform to pick from a multi-platform image (default linux/amd64).",
                                            valueName: "os/arch[/variant]"))
    var platform: String?

    @Flag(name: .long, help: "Use plain HTTP for registry pulls (loopback and lab registries without TLS).")
    var insecure = false

    @Option(name: .long, help: ArgumentHelp(
        "What to look for, comma-separated: vuln (packages against the database), secret (every layer, the image config, or every file of a directory), hygiene (root user, shell, package manager, setuid, world-writable, SSH, HEALTHCHECK, caches, end-of-life base, minimality; images only). Default: image vuln,secret,hygiene; fs vuln,secret.",
        valueName: "list"))
    var scanners: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: .bulkhead.yaml found from the current directory up); its `secrets:` section allow-lists paths, values and rules.", valueName: "file"))
    var config: String?
}

/// What `--scanners` can name.
enum ScannerKind: String, CaseIterable {
    case vuln, secret, hygiene
}

extension ScanOptions {
    func selectedScanners(for kind: Report.Target.Kind) throws -> Set<ScannerKind> {
        guard let text = scanners else { return kind == .image ? [.vuln, .secret, .hygiene] : [.vuln, .secret] }
        var out = Set<ScannerKind>()
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            let alias = ["vulnerability": "vuln", "vulnerabilities": "vuln", "secrets": "secret", "misconfig": "hygiene"][name] ?? name
            guard let k = ScannerKind(rawValue: alias) else {
                throw ValidationError("--scanners: '\(name)' is not a scanner (use vuln, secret, hygiene)")
            }
            out.insert(k)
        }
        guard !out.isEmpty else { throw ValidationError("--scanners needs at least one of vuln, secret, hygiene") }
        return out
    }
}

/// Catalog + match + triage + report + gate, for both scan commands.
enum VulnerabilityScan {
    static let exitCodes = """
        EXIT CODES
          0  nothing at or above --fail-on (or no --fail-on)
          1  vulnerabilities, secrets or hygiene findings at or above --fail-on remain after ignores and VEX
          2  usage error (bad flag, bad ignore file)
          3  operational error (unreadable source, no database, corrupt input)
        """

    static func run(source: String, kind: Report.Target.Kind, options o: ScanOptions) throws {
        let threshold: Severity?
        if let f = o.failOn, f.lowercased() != "none" {
            guard let s = Severity(parsing: f) else {
                throw ValidationError("--fail-on '\(f)' is not a severity: use critical, high, medium, low, info, unknown or none")
            }
            threshold = s
        } else {
            threshold = nil
        }
        guard let limit = AgeParser.seconds(o.dbMaxAge) else {
            throw ValidationError("--db-max-age '\(o.dbMaxAge)' is not a duration like 12h or 7d")
        }
        let scanners = try o.selectedScanners(for: kind)
        if kind == .filesystem {
            // An unreadable input is an operational error (exit 3), not an empty, clean report.
            let path = source.hasPrefix("dir:") ? String(source.dropFirst(4)) : source
            guard FileManager.default.fileExists(atPath: path) else { fail("\(path) does not exist") }
        }
        let triage = try loadTriage(o)
        let settings = try loadSecretSettings(o)
        let clock = ContinuousClock()
        let catalogStart = clock.now
        var inspector: ImageSecretInspector?
        let secretScanner: SecretScanner?
        if scanners.contains(.secret) {
            do {
                secretScanner = try SecretScanner(allow: SecretAllowList(paths: settings.allowPaths, values: settings.allowValues,
                                                                          rules: settings.allowRules))
            } catch {
                throw ValidationError("\(error)")
            }
            if kind == .image, let secretScanner {
                inspector = ImageSecretInspector(scanner: secretScanner, maxFileBytes: settings.maxFileBytes ?? 64 << 20)
            }
        } else {
            secretScanner = nil
        }
        let scanned = try catalog(source: source, kind: kind, options: o, inspector: inspector)
        let catalogTime = clock.now - catalogStart
        var findings: [Finding] = []
        var extraDiagnostics: [Diagnostic] = []
        // Secrets: every layer (and the config) of an image, every file of a directory.
        if let secretScanner {
            if let image = scanned.resolver as? ImageResolver, let inspector {
                findings += ImageSecretReport.findings(image, inspector: inspector, scanner: secretScanner, name: scanned.name)
            } else if kind == .filesystem {
                let root = source.hasPrefix("dir:") ? String(source.dropFirst(4)) : source
                let result = DirectorySecretScan(scanner: secretScanner, maxFileBytes: settings.maxFileBytes ?? 64 << 20).scan(root: root)
                findings += result.matches.map { $0.finding() }
                extraDiagnostics += result.diagnostics.filter { $0.level != .note }
            } else {
                FileHandle.standardError.write(Data("bulkhead: note: secret scanning needs an image or a directory, not an SBOM\n".utf8))
            }
        }
        if scanners.contains(.hygiene), !(scanned.resolver is ImageResolver) {
            FileHandle.standardError.write(Data("bulkhead: note: hygiene checks images (user, shell, setuid, base…); \(scanned.name) is not one\n".utf8))
        }
        if scanners.contains(.hygiene), let image = scanned.resolver as? ImageResolver {
            let today = String(ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!,
                                                            formatOptions: [.withFullDate]))
            do {
                findings += HygieneRules.run(try ImageFacts.gather(image, name: scanned.name, today: today))
            } catch {
                fail("\(error)")
            }
        }
        var vulnFindings: [VulnerabilityFinding] = []
        var vulnDiagnostics: [Diagnostic] = []
        let matchStart = clock.now
        if scanners.contains(.vuln) {
            let db: VulnDatabase
            do { db = try VulnDatabase(path: o.database.path) } catch {
                fail("\(error)\n  (run `bulkhead db update`, or leave vulnerabilities out with --scanners \(kind == .image ? "secret,hygiene" : "secret"))")
            }
            if let built = try? db.builtAt(), Date().timeIntervalSince(built) > limit {
                FileHandle.standardError.write(Data("bulkhead: warning: the vulnerability database is \(AgeParser.describe(Date().timeIntervalSince(built))) old: run `bulkhead db update`\n".utf8))
            }
            do {
                let result = try Matcher(database: db, options: MatchOptions(severitySource: o.severitySource))
                    .match(scanned.packages, distro: scanned.distro)
                vulnFindings = result.findings
                vulnDiagnostics = result.diagnostics
            } catch {
                fail("\(error)")
            }
        }
        if ProcessInfo.processInfo.environment["BULKHEAD_TIMINGS"] == "1" {
            let ms = PhaseTimings.milliseconds
            FileHandle.standardError.write(Data(String(format: "timing: catalog %.1f ms, match %.1f ms for %d packages, %d findings\n",
                                                       ms(catalogTime), ms(clock.now - matchStart), scanned.packages.count,
                                                       vulnFindings.count).utf8))
        }
        var t = triage
        t.targetIDs = scanned.identities
        let triaged = t.apply(vulnFindings)
        let ruleTriage = Self.triageRuleFindings(findings, triage: t, targetName: scanned.name)
        findings = ruleTriage.active
        extraDiagnostics += ruleTriage.diagnostics
        for d in scanned.diagnostics + vulnDiagnostics + triaged.diagnostics + extraDiagnostics where d.level != .note {
            FileHandle.standardError.write(Data("bulkhead: \(d.level.rawValue): \(d.location.map { "\($0): " } ?? "")\(d.message)\n".utf8))
        }
        let target = Report.Target(name: scanned.name, kind: kind, findings: findings,
                                   diagnostics: (vulnDiagnostics + triaged.diagnostics + extraDiagnostics).filter { $0.level != .note },
                                   suppressed: o.showSuppressed || o.format != .table ? ruleTriage.suppressed : [],
                                   vulnerabilities: triaged.active,
                                   suppressedVulnerabilities: o.showSuppressed || o.format != .table ? triaged.suppressed : [])
        let usedRules = Set((findings + ruleTriage.suppressed).map(\.ruleID))
        let metadata = (SecretRules.all.map(\.metadata) + HygieneRules.all.map { $0.metadata }).filter { usedRules.contains($0.id) }
        let report = Report(tool: .init(version: Bulkhead.version), targets: [target], rules: metadata)
        let text: String
        do {
            switch o.format {
            case .table:
                let color = o.output == nil && !o.noColor && isatty(STDOUT_FILENO) == 1
                    && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
                text = try TableWriter(options: .init(color: color, showSuppressed: o.showSuppressed)).render(report)
            case .json: text = try JSONWriter().render(report)
            case .sarif: text = try SARIFWriter().render(report)
            case .cyclonedx:
                var doc = scanned.document
                doc.vulnerabilities = triaged.active + triaged.suppressed
                text = try CycloneDXWriter().render(doc)
            }
        } catch {
            fail("cannot encode the report: \(error)")
        }
        if let output = o.output {
            do { try OutputFile.write(text, to: output) } catch {
                fail("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if let threshold, report.summary.count(atLeast: threshold) > 0 { throw BulkheadExit.findings }
    }

    /// The ignore file's entries for secrets and hygiene findings: by rule id, slug or a peer id
    /// the rule cites (Trivy's `github-pat`, `DS002` and its AVD form `AVD-DS-0002`, Hadolint's
    /// `DL3002`), and by the finding's file inside the target (image findings are named
    /// `TARGET:PATH`; findings about the image config have no file).
    static func triageRuleFindings(_ findings: [Finding], triage: Triage, targetName: String)
        -> (active: [Finding], suppressed: [Finding], diagnostics: [Diagnostic]) {
        var names: [RuleID: Set<String>] = [:]
        var kinds: [RuleID: IgnoreFile.Entry.Kind] = [:]
        for (kind, metas) in [(IgnoreFile.Entry.Kind.secret, SecretRules.all.map(\.metadata)),
                              (.misconfiguration, HygieneRules.all.map { $0.metadata })] {
            for meta in metas {
                var n = Set(meta.aliases.map { $0.rawValue.lowercased() })
                for case .trivy(let id) in meta.references {
                    n.insert(id.lowercased())
                    if let avd = Self.avdID(id) { n.insert(avd.lowercased()) }
                }
                names[meta.id] = n
                kinds[meta.id] = kind
            }
        }
        // The table already holds each rule's id and the peer ids its findings carry as aliases.
        return triage.apply(findings: findings, kind: { kinds[$0.ruleID] ?? .misconfiguration }, names: { f in
            names[f.ruleID] ?? Set([f.ruleID.rawValue.lowercased()] + f.aliases.map { $0.lowercased() })
        }, path: { f in
            if f.location.fieldPath != nil { return nil }
            let file = f.location.file
            return file.hasPrefix(targetName + ":") ? String(file.dropFirst(targetName.count + 1)) : file
        })
    }

    /// Trivy's long form of a check id: `DS002` → `AVD-DS-0002`, `KSV001` → `AVD-KSV-0001`.
    static func avdID(_ id: String) -> String? {
        let letters = id.prefix { $0.isASCII && $0.isLetter }
        let digits = id.dropFirst(letters.count)
        guard !letters.isEmpty, !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return "AVD-\(letters.uppercased())-" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    static func loadTriage(_ o: ScanOptions) throws -> Triage {
        var ignores: IgnoreFile?
        let ignorePath = o.ignorefile ?? (FileManager.default.fileExists(atPath: ".bulkheadignore") ? ".bulkheadignore" : nil)
        if let ignorePath {
            guard let text = try? String(contentsOfFile: ignorePath, encoding: .utf8) else {
                throw ValidationError("cannot read ignore file \(ignorePath)")
            }
            do { ignores = try IgnoreFile.parse(text, file: ignorePath) } catch {
                throw ValidationError("\(error)")
            }
        }
        var vex: [OpenVEX] = []
        for path in o.vex {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read VEX file \(path)") }
            do { vex.append(try OpenVEX.parse(data, file: path)) } catch { throw ValidationError("\(error)") }
        }
        return Triage(ignores: ignores, vex: vex, onlyFixed: o.ignoreUnfixed || o.onlyFixed)
    }

    struct Scanned {
        var name: String
        var packages: [Package]
        var distro: Distro?
        var diagnostics: [Diagnostic]
        var identities: [String]
        var document: SBOMDocument
        /// The image or directory read (nil for SBOM inputs).
        var resolver: (any FileResolver)? = nil
    }

    /// Packages of SOURCE: an SBOM file, an image or a directory.
    static func catalog(source: String, kind: Report.Target.Kind, options o: ScanOptions,
                        inspector: ImageSecretInspector? = nil) throws -> Scanned {
        if let read = try readSBOM(source) {
            let os = read.document.operatingSystem
            return Scanned(name: read.document.subject.name, packages: read.document.packages,
                           distro: os.map { Distro(id: $0.id, versionID: $0.version) },
                           diagnostics: read.diagnostics, identities: [read.document.subject.name] + [read.document.subject.digest].compactMap { $0 },
                           document: read.document)
        }
        let imageSource: ImageSource
        let resolver: any FileResolver
        let catalogers: [any Cataloger]
        do {
            imageSource = try ImageSource.parse(kind == .filesystem && !source.contains(":") ? "dir:" + source : source)
            let isDirectory: Bool = if case .directory = imageSource { true } else { false }
            catalogers = Catalogers.tagged(isDirectory ? .directory : .image)
            let chosen = try o.platform.map { text throws(ImageError) -> ImagePlatform in
                guard let p = ImagePlatform(text) else { throw ImageError(.unsupported, "--platform '\(text)' is not os/arch[/variant]") }
                return p
            } ?? .default
            resolver = try imageSource.makeResolver(wanted: Catalogers.wantedGlobs(catalogers),
                                                    executables: Catalogers.wantsExecutables(catalogers), platform: chosen,
                                                    registry: RegistryOptions(insecure: o.insecure, progress: PullProgress.reporter()),
                                                    deferVerification: true, inspector: inspector)
        } catch {
            fail("\(error)")
        }
        let catalog = Catalog.run(resolver, catalogers: catalogers)
        var subject = SBOMDocument.Subject(name: imageSource.path, kind: .directory)
        var identities = [source, imageSource.path]
        if let image = resolver as? ImageResolver {
            do { try image.verifyDigests() } catch { fail("\(error)") }
            let meta = image.metadata
            subject = .init(name: meta.repoTags.first ?? imageSource.path, kind: .image, digest: meta.manifestDigest ?? meta.configDigest)
            identities += meta.repoTags + [meta.manifestDigest, meta.configDigest].compactMap { $0 }
        }
        let os = catalog.release.map { SBOMDocument.OperatingSystem(id: $0.id, version: $0.versionID, prettyName: $0.prettyName) }
        let document = SBOMDocument(subject: subject, operatingSystem: os, packages: catalog.packages, tool: .init(version: Bulkhead.version))
        return Scanned(name: subject.name, packages: catalog.packages,
                       distro: catalog.release.map { Distro(id: $0.id, versionID: $0.versionID, idLike: $0.idLike) },
                       diagnostics: catalog.diagnostics, identities: identities, document: document, resolver: resolver)
    }

    static func loadSecretSettings(_ o: ScanOptions) throws -> SecretSettings {
        let path = o.config ?? ConfigurationLoader.find(from: FileManager.default.currentDirectoryPath,
                                                        environment: ProcessInfo.processInfo.environment)
        guard let path else { return SecretSettings() }
        do { return try ConfigurationLoader.load(path: path).secrets } catch {
            throw ValidationError("\(error)")
        }
    }

    static func readSBOM(_ source: String) throws -> SBOMReader.Result? {
        let explicit = source.hasPrefix("sbom:")
        let path = explicit ? String(source.dropFirst(5)) : source
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { return nil }
        guard explicit || path.hasSuffix(".json") else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
        do { return try SBOMReader.readReporting([UInt8](data), path: path) } catch { fail("\(error)") }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("bulkhead: \(message)\n".utf8))
        Foundation.exit(BulkheadExit.operational.rawValue)
    }
}

struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Scan an image for vulnerable packages and gate CI on them.",
        discussion: """
            SOURCE is what `bulkhead sbom` reads: docker-archive:FILE, oci:DIR, oci-archive:FILE, \
            a registry image HOST[:PORT]/REPO[:TAG][@DIGEST], dir:ROOTFS, or a CycloneDX/SPDX JSON SBOM. \
            Packages are matched against the local database (`bulkhead db update` / `db import`): \
            Debian/Ubuntu by source package and source version, Alpine by origin, RPM distros by \
            package, language packages by ecosystem; each finding shows the fixed versions (or that \
            none exists), CVSS computed from the vectors, the distro's rating, CISA KEV and EPSS, and \
            the file and layer that brought the package in. Findings are listed known-exploited first.

            Ignores: `.bulkheadignore`, laid out like Trivy's .trivyignore.yaml — `vulnerabilities:` \
            (id, optional package/purl and path), `secrets:` and `misconfigurations:` (rule id, slug or \
            peer id such as github-pat, optional paths globs), each with a reason and optional \
            expires; an expired entry stops suppressing and is reported. VEX: OpenVEX \
            `not_affected`/`fixed` statements suppress; --show-suppressed lists them.

            EXAMPLES
              bulkhead image app.tar --fail-on high                     CI gate
              bulkhead image oci:./layout -f sarif -o vulns.sarif       GitHub code scanning
              bulkhead image registry.local:5000/app:1 --ignore-unfixed
              bulkhead image sbom.cdx.json --vex app.openvex.json -f cyclonedx

            \(VulnerabilityScan.exitCodes)
            """)

    @Argument(help: ArgumentHelp("Image (or SBOM) to scan.", valueName: "source"))
    var source: String

    @OptionGroup var options: ScanOptions

    func run() throws { try VulnerabilityScan.run(source: source, kind: .image, options: options) }
}

struct FSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fs",
        abstract: "Scan a directory (a root filesystem or a project with lock files) for vulnerable packages.",
        discussion: """
            Like `bulkhead image` on a directory: installed OS and language packages plus lock files \
            and manifests (requirements.txt, poetry.lock, package-lock.json, go.mod, Cargo.lock, \
            Gemfile.lock, composer.lock, pom.xml …).

            EXAMPLES
              bulkhead fs . --fail-on critical
              bulkhead fs ./rootfs -f json -o vulns.json

            \(VulnerabilityScan.exitCodes)
            """)

    @Argument(help: ArgumentHelp("Directory to scan.", valueName: "dir"))
    var directory: String

    @OptionGroup var options: ScanOptions

    func run() throws { try VulnerabilityScan.run(source: directory, kind: .filesystem, options: options) }
}
