import BulkheadCore
import Foundation
import Yams

/// Finds and decodes configuration files.
///
/// Search order: `--config PATH` if given; else `.bulkhead.yaml` / `.bulkhead.yml` in the
/// working directory and each parent; else Hadolint's `.hadolint.yaml` / `.hadolint.yml` in the
/// same places, then `$XDG_CONFIG_HOME/hadolint.yaml` and `~/.config/hadolint.yaml`.
public enum ConfigurationLoader {
    /// Locates the configuration file for a run, without reading it.
    public static func find(from directory: String, environment: [String: String]) -> String? {
        let fm = FileManager.default
        for names in [[".bulkhead.yaml", ".bulkhead.yml"], [".hadolint.yaml", ".hadolint.yml"]] {
            var dir = URL(fileURLWithPath: directory).standardizedFileURL
            while true {
                for name in names {
                    let candidate = dir.appendingPathComponent(name).path
                    if fm.fileExists(atPath: candidate) { return candidate }
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        var homes: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"] { homes.append(xdg + "/hadolint.yaml") }
        if let home = environment["HOME"] {
            homes.append(home + "/.config/hadolint.yaml")
            homes.append(home + "/.hadolint/hadolint.yaml")
        }
        return homes.first { fm.fileExists(atPath: $0) }
    }

    /// Reads and decodes a configuration file; the kind is decided by its name.
    public static func load(path: String) throws(ConfigurationError) -> BulkheadConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read configuration file", at: SourceLocation(file: path))
        }
        let name = (path as NSString).lastPathComponent
        let kind: BulkheadConfiguration.Kind = name.contains("hadolint") ? .hadolint : .bulkhead
        return try decode(String(decoding: data, as: UTF8.self), path: path, kind: kind)
    }

    /// Decodes configuration text.
    public static func decode(_ text: String, path: String, kind: BulkheadConfiguration.Kind) throws(ConfigurationError)
        -> BulkheadConfiguration
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError("invalid YAML: \(error)", at: SourceLocation(file: path))
        } catch {
            throw ConfigurationError("invalid YAML: \(error)", at: SourceLocation(file: path))
        }
        var config = BulkheadConfiguration(path: path, kind: kind)
        guard let root else { return config }
        guard let mapping = root.mapping else {
            throw ConfigurationError("the configuration must be a mapping of settings", at: loc(root, path))
        }
        let reader = NodeReader(path: path)
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch (kind, key) {
            case (.bulkhead, "disable"), (.hadolint, "ignored"):
                config.disabledRules += try reader.strings(value, key)
            case (.bulkhead, "severity"):
                for (k, v) in try reader.map(value, key) {
                    guard let s = v.string.flatMap(Severity.init(parsing:)) else {
                        throw ConfigurationError("severity for '\(k.string ?? "")' must be one of critical, high, medium, low, info",
                                                 at: loc(v, path))
                    }
                    config.severityOverrides[k.string ?? ""] = s
                }
            case (.hadolint, "override"):
                for (k, v) in try reader.map(value, key) {
                    let level = k.string ?? ""
                    guard let s = Severity(hadolintLevel: level) else {
                        throw ConfigurationError("override level '\(level)' must be error, warning, info or style",
                                                 at: loc(k, path))
                    }
                    for id in try reader.strings(v, level) { config.severityOverrides[id] = s }
                }
            case (.bulkhead, "trusted-registries"), (.hadolint, "trustedRegistries"), (.hadolint, "trusted-registries"):
                config.trustedRegistries += try reader.strings(value, key)
            case (.bulkhead, "fail-on"), (.hadolint, "failure-threshold"):
                let s = value.string ?? ""
                if s.lowercased() == "none" {
                    config.neverFail = true
                } else if let sev = kind == .hadolint ? Severity(hadolintLevel: s) : Severity(parsing: s) {
                    config.failOn = sev
                } else {
                    throw ConfigurationError("\(key) must be a severity (critical, high, medium, low, info) or none",
                                             at: loc(value, path))
                }
            case (.hadolint, "no-fail"):
                config.neverFail = value.bool ?? false
            case (_, "label-schema"):
                for (k, v) in try reader.map(value, key) { config.labelSchema[k.string ?? ""] = v.string ?? "" }
            case (_, "strict-labels"):
                config.strictLabels = value.bool ?? false
            case (.bulkhead, "ignore"):
                guard let seq = value.sequence else {
                    throw ConfigurationError("ignore must be a list of {paths, rules, reason, expires}", at: loc(value, path))
                }
                for item in seq {
                    guard let m = item.mapping else {
                        throw ConfigurationError("each ignore must be a mapping with paths/rules/reason/expires", at: loc(item, path))
                    }
                    var ig = PathIgnore(paths: [], rules: [], line: item.mark.map { $0.line })
                    for (k, v) in m {
                        switch k.string ?? "" {
                        case "paths", "path": ig.paths = try reader.strings(v, "paths")
                        case "rules", "rule": ig.rules = try reader.strings(v, "rules")
                        case "reason": ig.reason = v.string
                        case "expires":
                            let text = v.string ?? ""
                            guard Self.isDate(text) else {
                                throw ConfigurationError("expires must be a date YYYY-MM-DD, got '\(text)'", at: loc(v, path))
                            }
                            ig.expires = text
                        default:
                            throw ConfigurationError("unknown ignore key '\(k.string ?? "")' (expected paths, rules, reason, expires)",
                                                     at: loc(k, path))
                        }
                    }
                    if ig.paths.isEmpty { ig.paths = ["**"] }
                    config.ignores.append(ig)
                }
            case (.bulkhead, "runtime"):
                for (k, v) in try reader.map(value, key) {
                    switch k.string ?? "" {
                    case "actions":
                        for (rule, action) in try reader.map(v, "runtime.actions") {
                            let a = action.string ?? ""
                            guard ["alert", "kill", "stop"].contains(a) else {
                                throw ConfigurationError("runtime.actions: '\(rule.string ?? "")' must be alert, kill or stop, got '\(a)'",
                                                         at: loc(action, path))
                            }
                            config.runtimeActions[rule.string ?? ""] = a
                        }
                    default:
                        throw ConfigurationError("unknown runtime setting '\(k.string ?? "")' (expected actions)", at: loc(k, path))
                    }
                }
            case (.bulkhead, "secrets"):
                for (k, v) in try reader.map(value, key) {
                    switch k.string ?? "" {
                    case "allow":
                        for (ak, av) in try reader.map(v, "secrets.allow") {
                            switch ak.string ?? "" {
                            case "paths", "path": config.secrets.allowPaths += try reader.strings(av, "secrets.allow.paths")
                            case "values", "value": config.secrets.allowValues += try reader.strings(av, "secrets.allow.values")
                            case "rules", "rule": config.secrets.allowRules += try reader.strings(av, "secrets.allow.rules")
                            default:
                                throw ConfigurationError("unknown secrets.allow key '\(ak.string ?? "")' (expected paths, values, rules)",
                                                         at: loc(ak, path))
                            }
                        }
                    case "max-file-size":
                        guard let n = v.string.flatMap(Self.byteCount) else {
                            throw ConfigurationError("secrets.max-file-size must be a size like 10MiB, 512KiB or 1048576", at: loc(v, path))
                        }
                        config.secrets.maxFileBytes = n
                    default:
                        throw ConfigurationError("unknown secrets setting '\(k.string ?? "")' (expected allow, max-file-size)", at: loc(k, path))
                    }
                }
            case (.hadolint, "format"), (.hadolint, "no-color"), (.hadolint, "verbose"), (.hadolint, "disable-ignore-pragma"):
                continue  // Output settings of Hadolint's own CLI; Bulkhead's flags decide these.
            default:
                throw ConfigurationError("unknown setting '\(key)'", at: loc(keyNode, path))
            }
        }
        return config
    }

    /// `1048576`, `512KiB`, `10MiB`, `1GiB` (also KB/MB/GB, read as powers of 1024).
    static func byteCount(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            return Int(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)).map { $0 * factor }
        }
        return Int(t)
    }

    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    static func loc(_ node: Node, _ path: String) -> SourceLocation {
        if let mark = node.mark { return SourceLocation(file: path, line: mark.line, column: mark.column) }
        return SourceLocation(file: path)
    }
}

private struct NodeReader {
    let path: String

    func strings(_ node: Node, _ key: String) throws(ConfigurationError) -> [String] {
        if let s = node.scalar { return [s.string] }
        guard let seq = node.sequence else {
            throw ConfigurationError("\(key) must be a list of strings", at: ConfigurationLoader.loc(node, path))
        }
        var out: [String] = []
        for item in seq {
            guard let s = item.string else {
                throw ConfigurationError("\(key) must be a list of strings", at: ConfigurationLoader.loc(item, path))
            }
            out.append(s)
        }
        return out
    }

    func map(_ node: Node, _ key: String) throws(ConfigurationError) -> [(Node, Node)] {
        guard let m = node.mapping else {
            throw ConfigurationError("\(key) must be a mapping", at: ConfigurationLoader.loc(node, path))
        }
        return m.map { ($0.key, $0.value) }
    }
}
