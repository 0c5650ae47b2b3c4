import ArgumentParser
import BulkheadConfig
import BulkheadCore
import BulkheadDockerfile
import Foundation

/// Turns flags and config files into a linter and applies config-level ignores to its results.
struct LintSetup: Sendable {
    var linter: DockerfileLinter
    var configuration: BulkheadConfiguration?
    var today: String
    /// `--context`: the build context whose `.dockerignore` DF402 reads (default: each
    /// Dockerfile's directory).
    var contextDirectory: String? = nil
    /// Whether DF402 (CopyIgnoredFile) runs, so ignore files are looked for at all. By id, not
    /// through the alias index, which is only built when a run names rules.
    var checksDockerignore: Bool { !linter.options.disabledRules.contains("DF402") }

    static func make(configPath: String?, noConfig: Bool, ignores: [String], trustedRegistries: [String],
                     shellcheck: Bool, context: String? = nil, environment: [String: String]) throws -> LintSetup {
        // The alias index is built on first use only: most runs name no rule at all.
        var config: BulkheadConfiguration? = nil
        if !noConfig {
            let path = configPath ?? ConfigurationLoader.find(from: FileManager.default.currentDirectoryPath,
                                                              environment: environment)
            if let path { config = try ConfigurationLoader.load(path: path) }
        }
        func resolve(_ name: String, _ origin: String) throws -> RuleID {
            guard let id = DockerfileRules.index.resolve(name) else {
                throw ValidationError("\(origin): unknown rule '\(name)'; see `bulkhead rules` for the list")
            }
            return id
        }
        var options = DockerfileLintOptions(shellcheck: shellcheck)
        for name in ignores { options.disabledRules.insert(try resolve(name, "--ignore")) }
        if let config {
            let origin = config.path ?? "config"
            for name in config.disabledRules {
                // Hadolint configs may name rules Bulkhead does not have (e.g. ShellCheck codes).
                if let id = DockerfileRules.index.resolve(name) { options.disabledRules.insert(id) } else if config.kind == .bulkhead {
                    throw ValidationError("\(origin): unknown rule '\(name)'")
                }
            }
            for (name, sev) in config.severityOverrides {
                if let id = DockerfileRules.index.resolve(name) { options.severityOverrides[id] = sev } else if config.kind == .bulkhead {
                    throw ValidationError("\(origin): unknown rule '\(name)'")
                }
            }
            options.trustedRegistries = config.trustedRegistries
            options.strictLabels = config.strictLabels
            for (label, kind) in config.labelSchema {
                guard let k = LabelKind(rawValue: kind) else {
                    throw ValidationError("\(origin): label-schema kind '\(kind)' for '\(label)' must be one of "
                                          + LabelKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                options.labelSchema[label] = k
            }
            for ig in config.ignores { for r in ig.rules { _ = try resolve(r, origin) } }
        }
        options.trustedRegistries += trustedRegistries
        if let context {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: context, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--context: \(context) is not a directory")
            }
        }
        return LintSetup(linter: DockerfileLinter(options: options), configuration: config, today: Self.todayUTC(),
                         contextDirectory: context)
    }

    /// Today's date as `YYYY-MM-DD` in UTC, for ignore expiry. Computed with `gmtime_r` rather than
    /// `DateFormatter`, whose ICU set-up costs more than linting a Dockerfile.
    static func todayUTC() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        let year = Int(parts.tm_year) + 1900, month = Int(parts.tm_mon) + 1, day = Int(parts.tm_mday)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// The current time as RFC 3339 UTC (`2026-11-29T12:00:00Z`), for SPDX `created`.
    static func nowUTC() -> String { utc(time(nil)) }

    /// When a document says it was made (SPDX `created`): `$SOURCE_DATE_EPOCH` when set to a
    /// number of seconds (reproducible builds: two runs give identical bytes), else now.
    static func creationTimeUTC() -> String {
        if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Int(text), seconds >= 0 {
            return utc(time_t(seconds))
        }
        return nowUTC()
    }

    static func utc(_ seconds: time_t) -> String {
        var now = seconds
        var t = tm()
        gmtime_r(&now, &t)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec))Z"
    }

    /// Lints every file (in parallel when there are many) and applies config path ignores.
    func lint(_ files: [InputFile]) -> [Report.Target] {
        let results = ResultSlots<Report.Target>(count: files.count)
        let checksDockerignore = checksDockerignore
        let work: @Sendable (Int) -> Void = { i in
            let file = files[i]
            var target: Report.Target
            switch file.read() {
            case .success(let bytes):
                // Options are per linter: a Dockerfile with an ignore file gets its own (cheap) linter.
                var ignore = DockerignoreLoader.Loaded(matcher: nil)
                if checksDockerignore { ignore = DockerignoreLoader.load(for: file, context: contextDirectory) }
                var fileLinter = linter
                if let matcher = ignore.matcher {
                    var options = linter.options
                    options.dockerignore = matcher
                    fileLinter = DockerfileLinter(rules: linter.rules, options: options)
                }
                target = fileLinter.lint(bytes: bytes, path: file.displayName)
                target.diagnostics += ignore.diagnostics
                if linter.options.shellcheck {
                    target = ShellCheckBridge.augment(target, bytes: bytes, path: file.displayName)
                }
            case .failure(let message):
                target = Report.Target(name: file.displayName, kind: .dockerfile, findings: [], diagnostics: [
                    Diagnostic(code: "unreadable", level: .error, message: message,
                               location: SourceLocation(file: file.displayName)),
                ])
            }
            results.set(i, applyIgnores(target))
        }
        if files.count >= 8 {
            DispatchQueue.concurrentPerform(iterations: files.count, execute: work)
        } else {
            for i in files.indices { work(i) }
        }
        return results.values()
    }

    func applyIgnores(_ target: Report.Target) -> Report.Target {
        guard let config = configuration, !config.ignores.isEmpty else { return target }
        let index = DockerfileRules.index
        var t = target
        var kept: [Finding] = []
        var diagnostics = t.diagnostics
        var expiredReported = Set<Int>()
        for f in t.findings {
            var ignored = false
            for (n, ig) in config.ignores.enumerated() where ig.matches(file: f.location.file) {
                let ids = Set(ig.rules.compactMap(index.resolve))
                guard ig.rules.isEmpty || ids.contains(f.ruleID) else { continue }
                if ig.isActive(today: today) {
                    ignored = true
                } else if !expiredReported.contains(n) {
                    expiredReported.insert(n)
                    diagnostics.append(Diagnostic(
                        code: "expired-ignore", level: .warning,
                        message: "ignore expired on \(ig.expires ?? "?")\(ig.reason.map { " (\($0))" } ?? ""); its findings are reported again",
                        location: SourceLocation(file: config.path ?? "config", line: ig.line ?? 1)))
                }
            }
            if ignored { t.suppressed.append(f) } else { kept.append(f) }
        }
        t.findings = kept
        t.diagnostics = diagnostics
        return t
    }
}

/// Thread-safe write-once slots for parallel results, in input order.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }
    func values() -> [T] { slots.compactMap { $0 } }
}
