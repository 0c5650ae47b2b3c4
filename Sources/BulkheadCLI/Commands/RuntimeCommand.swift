import ArgumentParser
import BulkheadFalco
import BulkheadServe
import Foundation

struct RuntimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Runtime detection with Falco-compatible rules: validate rules, replay recorded events, audit Kubernetes audit logs.",
        discussion: """
            Rules are Falco rules files, loaded unmodified and in order (later files change \
            earlier ones: overrides, appends, enabled flags). Conditions compile once into \
            evaluators indexed by event type. Alerts use Falco's JSON shape (time, rule, priority, \
            output, output_fields, tags, hostname, source), so Falcosidekick-style consumers work \
            unchanged.

            EXAMPLES
              sudo bulkhead runtime watch                       # eBPF sensor, the shipped rules
              sudo bulkhead runtime watch --rules falco_rules.yaml --record events.jsonl
              bulkhead runtime rules validate falco_rules.yaml my_rules.yaml
              bulkhead runtime rules coverage falco_rules.yaml falco-sandbox_rules.yaml
              bulkhead runtime replay events.jsonl --rules falco_rules.yaml
              bulkhead runtime replay events.jsonl --rules rules.d/ --webhook http://sidekick:2801/
              bulkhead runtime k8saudit audit.log --rules k8s_audit_rules.yaml --min-priority warning

            The replay format (one JSON event per line) is documented in docs/runtime-events.md.
            """,
        subcommands: [RuntimeWatchCommand.self, RuntimeRulesCommand.self, RuntimeReplayCommand.self, RuntimeK8sAuditCommand.self])
}

/// `--rules` and rule selection, shared by replay and k8saudit.
struct RuleSelectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Falco rules file or directory (its *.yaml files, sorted). Repeatable; loaded in order.", valueName: "path"))
    var rules: [String] = []

    @Flag(name: .long, help: "Also load Bulkhead's shipped syscall rules, after the --rules files (the default when no --rules is given to watch or replay).")
    var withDefaultRules = false

    @Option(name: .long, help: ArgumentHelp("Enable rules with this tag, even if disabled in the file. Repeatable.", valueName: "tag"))
    var enableTag: [String] = []

    @Option(name: .long, help: ArgumentHelp("Disable rules with this tag. Repeatable.", valueName: "tag"))
    var disableTag: [String] = []

    @Option(name: .long, help: ArgumentHelp("Enable a rule by name. Repeatable.", valueName: "name"))
    var enableRule: [String] = []

    @Option(name: .long, help: ArgumentHelp("Disable a rule by name. Repeatable.", valueName: "name"))
    var disableRule: [String] = []

    @Option(name: .long, help: "Report the first matching rule per event (Falco's default) or all of them: first, all.")
    var ruleMatching: String = "first"

    func validate() throws {
        if Ruleset<SyscallFields>.Matching(rawValue: ruleMatching) == nil {
            throw ValidationError("--rule-matching must be first or all")
        }
    }

    var matching: Ruleset<SyscallFields>.Matching { .init(rawValue: ruleMatching) ?? .first }

    /// Rules below `minimum` are not loaded at all (as in Falco), so a low-priority rule that
    /// matches first cannot hide a more severe one.
    func include(_ rule: LoadedRule, minimum: FalcoPriority = .debug) -> Bool {
        if rule.priority > minimum { return false }
        if disableRule.contains(rule.name) || rule.tags.contains(where: disableTag.contains) { return false }
        if enableRule.contains(rule.name) || rule.tags.contains(where: enableTag.contains) { return true }
        return rule.enabled
    }

    /// Loads every file; prints warnings and errors to stderr. Throws exit 2 on rule errors.
    func load(defaultRules: Bool = false) throws -> [LoadedRule] {
        if rules.isEmpty && !defaultRules && !withDefaultRules { throw ValidationError("give at least one --rules file or directory") }
        let (result, rules) = try RuleFiles.load(rules, includeDefault: withDefaultRules || (rules.isEmpty && defaultRules))
        for m in result.messages where m.isError { FileHandle.standardError.write(Data((m.description + "\n").utf8)) }
        if result.hasErrors {
            FileHandle.standardError.write(Data("error: the rules have \(result.errors.count) error(s); nothing was evaluated\n".utf8))
            throw BulkheadExit.usage
        }
        let skipped = rules.filter { !$0.isEvaluable && include($0) }
        if !skipped.isEmpty {
            FileHandle.standardError.write(Data("note: \(skipped.count) rule(s) need fields no source provides and are skipped (see `bulkhead runtime rules coverage`)\n".utf8))
        }
        return rules
    }
}

enum RuleFiles {

    /// Expands directories to their *.yaml/*.yml files (sorted) and loads everything in order.
    /// `includeDefault` adds the rules Bulkhead ships (BulkheadFalco/DefaultRules.swift) last.
    static func load(_ paths: [String], includeDefault: Bool = false) throws -> (LoadResult, [LoadedRule]) {
        var loader = RuleLoader(sources: FalcoSources.all)
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw CleanExit.message("error: rules file \(path) does not exist")
            }
            let files: [String] = isDir.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { path + "/" + $0 }
                : [path]
            for f in files {
                guard let data = FileManager.default.contents(atPath: f) else {
                    FileHandle.standardError.write(Data("error: cannot read \(f)\n".utf8))
                    throw BulkheadExit.operational
                }
                loader.load(file: f, content: String(decoding: data, as: UTF8.self))
            }
        }
        if includeDefault { loader.load(file: DefaultRules.fileName, content: DefaultRules.syscall) }
        let rules = loader.finish()
        return (loader.result, rules)
    }
}

/// Where alerts go and which ones.
struct AlertOutputOptions: ParsableArguments {
    @Option(name: .long, help: "Alert line format on stdout and in files: json (Falco's shape), text.")
    var format: String = "json"

    @Option(name: .long, help: "Drop alerts below this priority: emergency, alert, critical, error, warning, notice, informational, debug.")
    var minPriority: String = "debug"

    @Option(name: .long, help: ArgumentHelp("Also append alerts to this file.", valueName: "path"))
    var alertsFile: String?

    @Flag(name: .long, help: "Also send alerts to the local syslog.")
    var syslog = false

    @Option(name: .long, help: ArgumentHelp("Also POST alerts as JSON to this HTTP(S) URL (Falcosidekick compatible).", valueName: "url"))
    var webhook: String?

    @Option(name: .long, help: ArgumentHelp("Alerts per webhook request (1 = one JSON object per request; more = NDJSON).", valueName: "n"))
    var webhookBatch: Int = 1

    @Option(name: .long, help: ArgumentHelp("Also pipe alert lines into this program's stdin (run with sh -c).", valueName: "command"))
    var program: String?

    @Flag(name: .long, help: "Do not print alerts on stdout (only the other outputs and the summary).")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("At most this many alerts per second per rule (0 = unlimited).", valueName: "n"))
    var rate: Double = 0

    @Option(name: .long, help: ArgumentHelp("Burst allowed above --rate.", valueName: "n"))
    var burst: Double = 10

    @Option(name: .long, help: ArgumentHelp("Drop identical alerts (same rule and output) seen within this many seconds.", valueName: "seconds"))
    var dedup: Double = 0

    func validate() throws {
        guard AlertFormat(rawValue: format) != nil else { throw ValidationError("--format must be json or text") }
        guard FalcoPriority(name: minPriority) != nil else { throw ValidationError("--min-priority '\(minPriority)' is not a Falco priority") }
        if let w = webhook, URL(string: w)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--webhook must be an http:// or https:// URL")
        }
    }

    final class Pipeline {
        var gate: AlertGate
        var sinks: [any AlertSink] = []
        var programSink: ProgramSink?
        var webhookSink: WebhookSink?
        var sent = 0

        init(_ o: AlertOutputOptions) throws {
            gate = AlertGate()
            gate.minimumPriority = FalcoPriority(name: o.minPriority) ?? .debug
            gate.ratePerRule = o.rate
            gate.burst = o.burst
            gate.dedupWindow = Int64(o.dedup * 1e9)
            let format = AlertFormat(rawValue: o.format) ?? .json
            if !o.quiet { sinks.append(StreamSink(handle: .standardOutput, format: format)) }
            if let f = o.alertsFile { sinks.append(try StreamSink(appendingTo: f, format: format)) }
            if o.syslog { sinks.append(SyslogSink()) }
            if let w = o.webhook, let url = URL(string: w) {
                let s = WebhookSink(url: url, batchSize: o.webhookBatch)
                webhookSink = s
                sinks.append(s)
            }
            if let p = o.program {
                let s = try ProgramSink(command: p, format: format)
                programSink = s
                sinks.append(s)
            }
        }

        func send(_ alert: Alert) {
            guard gate.admit(alert) else { return }
            sent += 1
            for s in sinks { s.send(alert) }
        }

        func flushAll() {
            for s in sinks { s.flush() }
        }

        func finish() {
            for s in sinks { s.flush() }
            programSink?.close()
            if let w = webhookSink, w.failed > 0 {
                FileHandle.standardError.write(Data("warning: \(w.failed) alert(s) could not be delivered to the webhook: \(w.lastError ?? "")\n".utf8))
            }
        }
    }
}

struct RuntimeRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Validate, list and check coverage of Falco rules files; print the shipped rules.",
        subcommands: [Validate.self, List.self, Coverage.self, ShowDefault.self])

    struct ShowDefault: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show-default",
            abstract: "Print the syscall rules Bulkhead ships (used by watch and replay without --rules).",
            discussion: "Save them to a file to tune them, or load upstream files first and these after with --with-default-rules.")

        func run() throws {
            print(DefaultRules.syscall, terminator: DefaultRules.syscall.hasSuffix("\n") ? "" : "\n")
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load rules files and print every error and warning (file, line, item). Exit 1 on errors.",
            discussion: "Codes are Falco's (LOAD_ERR_* errors, LOAD_* warnings). Unlike Falco, loading continues after an error so one run lists them all.")

        @Argument(help: ArgumentHelp("Rules files or directories, loaded in order.", valueName: "path"))
        var paths: [String]

        @Option(name: .long, help: "Output: text or json (Falco's --validate JSON shape).")
        var format: String = "text"

        func run() throws {
            let (result, rules) = try RuleFiles.load(paths)
            if format == "json" {
                func entry(_ m: LoadMessage) -> [String: Any] {
                    var ctx: [String: Any] = ["item_type": m.itemType, "item_name": m.itemName]
                    if let l = m.location { ctx["file"] = l.file; ctx["line"] = l.range?.start.line ?? 0; ctx["column"] = l.range?.start.column ?? 0 }
                    return ["code": m.code.rawValue, "message": m.message, "context": ctx]
                }
                let obj: [String: Any] = ["successful": !result.hasErrors, "errors": result.errors.map(entry),
                                          "warnings": result.warnings.map(entry), "rules": rules.count]
                let data = try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                for m in result.messages { print(m.description) }
                print("\(paths.joined(separator: ", ")): \(rules.count) rules, \(result.errors.count) error(s), \(result.warnings.count) warning(s)")
            }
            if result.hasErrors { throw BulkheadExit.findings }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules the files define after overrides: name, priority, source, enabled, tags.")

        @Argument(help: ArgumentHelp("Rules files or directories, loaded in order.", valueName: "path"))
        var paths: [String]

        func run() throws {
            let (result, rules) = try RuleFiles.load(paths)
            for r in rules {
                let state = r.enabled ? (r.isEvaluable ? "enabled" : "skipped") : "disabled"
                print("\(r.name)\t\(r.priority)\t\(r.source)\t\(state)\t\(r.tags.joined(separator: ","))")
            }
            if result.hasErrors {
                for m in result.errors { FileHandle.standardError.write(Data((m.description + "\n").utf8)) }
                throw BulkheadExit.findings
            }
        }
    }

    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Which rules Bulkhead can evaluate fully, and for the others which fields no source provides.")

        @Argument(help: ArgumentHelp("Rules files or directories, loaded in order.", valueName: "path"))
        var paths: [String]

        func run() throws {
            let (result, rules) = try RuleFiles.load(paths)
            var blocked: [String: Int] = [:]
            for r in rules {
                if r.isEvaluable {
                    print("evaluable  \(r.source)  \(r.name)")
                } else {
                    print("skipped    \(r.source)  \(r.name)  (needs \(r.unavailableFields.joined(separator: ", ")))")
                    for f in r.unavailableFields { blocked[f, default: 0] += 1 }
                }
            }
            let skippedUnknown = result.messages.filter { $0.code == .unknownSource || $0.code == .unknownFilter }
            for m in skippedUnknown { print("not loaded \(m.itemName)  (\(m.message))") }
            let ok = rules.filter(\.isEvaluable).count
            print("\(ok)/\(rules.count + skippedUnknown.count) rules fully evaluable")
            for (f, n) in blocked.sorted(by: { $0.value > $1.value }) { print("  missing field \(f): \(n) rule(s)") }
            if result.hasErrors {
                for m in result.errors { FileHandle.standardError.write(Data((m.description + "\n").utf8)) }
                throw BulkheadExit.findings
            }
        }
    }
}

struct RuntimeReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Evaluate rules against recorded syscall events (JSON lines, docs/runtime-events.md).",
        discussion: """
            Reads FILE (or - for stdin) one event per line, evaluates the enabled syscall rules and \
            writes alerts. A malformed line is reported with its number and skipped. A summary \
            (events, alerts per rule, events/s) goes to stderr.

            EXIT CODES
              0  replay finished (alerts or not)
              2  usage error, or rules files with errors
              3  unreadable input
            """)

    @Argument(help: ArgumentHelp("Event file (JSON lines); - reads stdin.", valueName: "file"))
    var file: String

    @OptionGroup(title: "Rules") var selection: RuleSelectionOptions
    @OptionGroup(title: "Alerts") var outputs: AlertOutputOptions

    /// For bench/rules-throughput: decode the file once, then evaluate it this many times
    /// (alerts are built but not written) and print the evaluation rate and peak memory.
    @Option(name: .long, help: ArgumentHelp("Benchmark: preload the events and evaluate them N times.", visibility: .hidden))
    var benchmarkPasses: Int?

    func run() throws {
        let rules = try selection.load(defaultRules: true)
        let minimum = FalcoPriority(name: outputs.minPriority) ?? .debug
        let ruleset = Ruleset(source: SyscallFields(), rules: rules) { selection.include($0, minimum: minimum) }
        if let passes = benchmarkPasses { return try benchmark(ruleset, passes: passes) }
        let pipeline = try AlertOutputOptions.Pipeline(outputs)
        let reader: LineReader
        do { reader = try LineReader(path: file) } catch {
            FileHandle.standardError.write(Data("error: cannot read \(file): \(error.localizedDescription)\n".utf8))
            throw BulkheadExit.operational
        }
        var decoder = ReplayDecoder()
        var events = 0, bad = 0
        var perRule: [String: Int] = [:]
        let start = DispatchTime.now()
        let matching = selection.matching
        while let (line, tooLong) = reader.next() {
            if tooLong {
                bad += 1
                FileHandle.standardError.write(Data("\(file):\(reader.lineNumber): line longer than \(reader.maxLine) bytes, skipped\n".utf8))
                continue
            }
            let event: SyscallEvent
            do {
                guard let e = try decoder.decode(line: line, lineNumber: reader.lineNumber) else { continue }
                event = e
            } catch {
                bad += 1
                if bad <= 20 { FileHandle.standardError.write(Data("\(file):\(error.line): \(error.message)\n".utf8)) }
                continue
            }
            events += 1
            ruleset.evaluate(event, matching: matching) { entry in
                perRule[entry.rule.name, default: 0] += 1
                pipeline.send(Alert.make(entry, event, time: event.timestamp, hostname: event.hostname ?? TimeFormat.hostname))
            }
        }
        pipeline.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var summary = "replayed \(events) event(s) in \(String(format: "%.3f", seconds)) s (\(Int(Double(events) / max(seconds, 1e-9))) events/s), \(ruleset.entries.count) rule(s) active, \(pipeline.sent) alert(s)"
        if bad > 0 { summary += ", \(bad) bad line(s) skipped" }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        for (rule, n) in perRule.sorted(by: { $0.value > $1.value }) {
            FileHandle.standardError.write(Data("  \(n)\t\(rule)\n".utf8))
        }
    }
}

extension RuntimeReplayCommand {
    func benchmark(_ ruleset: Ruleset<SyscallFields>, passes: Int) throws {
        let reader = try LineReader(path: file)
        var decoder = ReplayDecoder()
        var events: [SyscallEvent] = []
        let t0 = DispatchTime.now()
        while let (line, tooLong) = reader.next() {
            if tooLong { continue }
            if let e = try? decoder.decode(line: line, lineNumber: reader.lineNumber) { events.append(e) }
        }
        let decodeSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        let matching = selection.matching
        var hits = 0, outputBytes = 0
        let t1 = DispatchTime.now()
        for _ in 0..<max(1, passes) {
            for e in events {
                ruleset.evaluate(e, matching: matching) { entry in
                    hits += 1
                    outputBytes += entry.output.render(e).utf8.count
                }
            }
        }
        let evalSeconds = Double(DispatchTime.now().uptimeNanoseconds - t1.uptimeNanoseconds) / 1e9
        let evaluated = events.count * max(1, passes)
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let result: [String: Any] = [
            "events_decoded": events.count, "decode_seconds": decodeSeconds,
            "decode_events_per_second": Double(events.count) / max(decodeSeconds, 1e-9),
            "events_evaluated": evaluated, "eval_seconds": evalSeconds,
            "eval_events_per_second": Double(evaluated) / max(evalSeconds, 1e-9),
            "rules_active": ruleset.entries.count, "alerts": hits, "output_bytes": outputBytes,
            "peak_rss_mib": Double(usage.ru_maxrss) / 1024,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}


struct RuntimeK8sAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "k8saudit",
        abstract: "Evaluate k8s_audit rules against Kubernetes audit events from files.",
        discussion: """
            Each FILE holds audit events as the API server's log backend writes them (one Event \
            per line), an EventList ({"kind":"EventList","items":[…]}) or concatenated Event \
            objects; - reads stdin. Fields are the k8saudit plugin's `ka.*` and the json plugin's \
            `jevt.*`, extracted as the plugin does.

            With --serve, Bulkhead is the API server's audit webhook backend: it listens on \
            HTTPS (--tls-cert/--tls-key, PEM; --client-ca to require client certificates) and \
            evaluates every EventList POSTed to /k8s-audit until SIGINT/SIGTERM. Point the API \
            server's --audit-webhook-config-file kubeconfig at https://HOST:PORT/k8s-audit.

            EXAMPLES
              bulkhead runtime k8saudit /var/log/kubernetes/audit.log --rules k8s_audit_rules.yaml
              bulkhead runtime k8saudit events.json --rules rules.d/ --min-priority warning --format text
              bulkhead runtime k8saudit --serve 0.0.0.0:9765 --tls-cert tls.crt --tls-key tls.key --rules k8s_audit_rules.yaml

            EXIT CODES
              0  evaluated (alerts or not)
              2  usage error, or rules files with errors
              3  unreadable input
            """)

    @Argument(help: ArgumentHelp("Audit event files; - reads stdin.", valueName: "file"))
    var files: [String] = []

    @OptionGroup(title: "Rules") var selection: RuleSelectionOptions
    @OptionGroup(title: "Alerts") var outputs: AlertOutputOptions

    @Option(name: .long, help: ArgumentHelp("Serve the audit webhook on HOST:PORT (HTTPS) instead of reading files.", valueName: "host:port"))
    var serve: String?

    @Option(name: .long, help: ArgumentHelp("Server certificate chain (PEM) for --serve.", valueName: "path"))
    var tlsCert: String?

    @Option(name: .long, help: ArgumentHelp("Server private key (PEM) for --serve.", valueName: "path"))
    var tlsKey: String?

    @Option(name: .long, help: ArgumentHelp("Require client certificates signed by this CA (PEM) for --serve.", valueName: "path"))
    var clientCA: String?

    func validate() throws {
        if serve == nil && files.isEmpty { throw ValidationError("give audit event files, - for stdin, or --serve HOST:PORT") }
        if serve != nil && !files.isEmpty { throw ValidationError("--serve and files are exclusive") }
        if let s = serve {
            guard let colon = s.lastIndex(of: ":"), Int(s[s.index(after: colon)...]).map({ (0...65535).contains($0) }) == true else {
                throw ValidationError("--serve expects HOST:PORT, e.g. 0.0.0.0:9765")
            }
            if tlsCert == nil || tlsKey == nil { throw ValidationError("--serve needs --tls-cert and --tls-key") }
        }
    }

    func run() throws {
        let rules = try selection.load()
        let minimum = FalcoPriority(name: outputs.minPriority) ?? .debug
        let ruleset = Ruleset(source: K8sAuditFields(), rules: rules) { selection.include($0, minimum: minimum) }
        let pipeline = try AlertOutputOptions.Pipeline(outputs)
        let matching = Ruleset<K8sAuditFields>.Matching(rawValue: selection.ruleMatching) ?? .first
        if let serve { return try AuditWebhook.serve(serve, cert: tlsCert!, key: tlsKey!, clientCA: clientCA,
                                                    ruleset: ruleset, matching: matching, pipeline: pipeline) }
        var events = 0
        var perRule: [String: Int] = [:]
        for file in files {
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let d = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("error: cannot read \(file)\n".utf8))
                    throw BulkheadExit.operational
                }
                data = d
            }
            let result = K8sAuditReader.read(data)
            for issue in result.issues { FileHandle.standardError.write(Data("\(file): \(issue)\n".utf8)) }
            for event in result.events {
                events += 1
                ruleset.evaluate(event, matching: matching) { entry in
                    perRule[entry.rule.name, default: 0] += 1
                    pipeline.send(Alert.make(entry, event, time: Int64(clamping: event.timestamp), hostname: TimeFormat.hostname))
                }
            }
        }
        pipeline.finish()
        FileHandle.standardError.write(Data("evaluated \(events) audit event(s), \(ruleset.entries.count) rule(s) active, \(pipeline.sent) alert(s)\n".utf8))
        for (rule, n) in perRule.sorted(by: { $0.value > $1.value }) {
            FileHandle.standardError.write(Data("  \(n)\t\(rule)\n".utf8))
        }
    }
}

/// SIGINT/SIGTERM/SIGHUP may arrive blocked from the parent (a test runner's spawning thread
/// blocks them, and the mask is inherited): a handler would then never run. The thread that polls
/// the stop flag unblocks them for itself, so they are delivered to it.
enum StopSignals {
    static func unblock() {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}

/// Set by the SIGINT/SIGTERM handler of `runtime k8saudit --serve`.
nonisolated(unsafe) private var auditServeStop: sig_atomic_t = 0

/// `runtime k8saudit --serve`: the HTTPS audit webhook backend feeding the k8s_audit rules.
enum AuditWebhook {
    final class Evaluator: @unchecked Sendable {
        // Requests arrive concurrently; evaluation and the alert sinks run one body at a time.
        private let lock = NSLock()
        let ruleset: Ruleset<K8sAuditFields>
        let matching: Ruleset<K8sAuditFields>.Matching
        let pipeline: AlertOutputOptions.Pipeline

        init(ruleset: Ruleset<K8sAuditFields>, matching: Ruleset<K8sAuditFields>.Matching, pipeline: AlertOutputOptions.Pipeline) {
            self.ruleset = ruleset
            self.matching = matching
            self.pipeline = pipeline
        }

        func handle(_ body: [UInt8]) -> AuditWebhookResult {
            let result = K8sAuditReader.read(body)
            if result.events.isEmpty, let issue = result.issues.first { return .rejected(issue.description) }
            lock.lock()
            defer { lock.unlock() }
            for event in result.events {
                ruleset.evaluate(event, matching: matching) { entry in
                    pipeline.send(Alert.make(entry, event, time: Int64(clamping: event.timestamp), hostname: TimeFormat.hostname))
                }
            }
            pipeline.flushAll()
            return .accepted(result.events.count)
        }
    }

    static func serve(_ address: String, cert: String, key: String, clientCA: String?, ruleset: Ruleset<K8sAuditFields>,
                      matching: Ruleset<K8sAuditFields>.Matching, pipeline: AlertOutputOptions.Pipeline) throws {
        let colon = address.lastIndex(of: ":")!
        let host = String(address[..<colon]), port = Int(address[address.index(after: colon)...])!
        let evaluator = Evaluator(ruleset: ruleset, matching: matching, pipeline: pipeline)
        let server = AuditWebhookServer(
            configuration: AuditWebhookConfiguration(host: host.isEmpty ? "0.0.0.0" : host, port: port, certificatePath: cert,
                                                     privateKeyPath: key, clientCAPath: clientCA)) { body in evaluator.handle(body) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: (any Error)?
        let task = Task {
            do { try await server.run() } catch { failure = error }
            done.signal()
        }
        Task {
            if let bound = try? await server.waitUntilListening() {
                FileHandle.standardError.write(Data("listening on https://\(host.isEmpty ? "0.0.0.0" : host):\(bound)/k8s-audit (\(ruleset.entries.count) rule(s) active)\n".utf8))
            }
        }
        // SIGINT/SIGTERM stop the server gracefully. A plain handler sets a flag that this thread
        // polls: a dispatch signal source never fired here (the signal went to a thread that
        // ignored it), so the server could only be SIGKILLed.
        auditServeStop = 0
        signal(SIGINT) { _ in auditServeStop = 1 }
        signal(SIGTERM) { _ in auditServeStop = 1 }
        StopSignals.unblock()
        var cancelled = false
        while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if auditServeStop != 0 && !cancelled {
                cancelled = true
                FileHandle.standardError.write(Data("stopping: finishing requests in flight\n".utf8))
                task.cancel()
            }
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        pipeline.finish()
        if let failure {
            FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
            throw BulkheadExit.operational
        }
    }
}
