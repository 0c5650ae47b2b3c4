import BulkheadCore

/// One NuGet package recorded in a .NET `*.deps.json`.
public struct DepsJSONLibrary: Sendable, Hashable {
    public var name: String
    public var version: String
    /// `package` (NuGet), or `runtimepack` for the runtime a self-contained app carries.
    public var type: String
}

/// Pure parser for the `*.deps.json` the .NET SDK writes next to an application or library.
///
/// Reports the `libraries` of type `package` (NuGet packages) and `runtimepack` (the runtime of
/// a self-contained app, under its name without the `runtimepack.` prefix), keyed `Name/Version`.
/// `project` libraries (the application's own code) are not packages and are skipped. As Trivy
/// does, a package that the runtime target lists without any `runtime`, `native` or
/// `runtimeTargets` assets is skipped too: it ships nothing at run time (build-only packages such
/// as `Microsoft.SourceLink.GitHub`, meta-packages).
enum ParseDepsJSON {
    static let runtimePackPrefix = "runtimepack."

    static func parse(_ text: String, path: String) -> (libraries: [DepsJSONLibrary], diagnostics: [Diagnostic]) {
        let (raw, problem) = JSONInput.decode(RawDeps.self, from: text, path: path, what: "deps.json")
        guard let raw else { return ([], problem.map { [$0] } ?? []) }
        var diagnostics: [Diagnostic] = []
        var out: [DepsJSONLibrary] = []
        let runtimeTarget = raw.runtimeTargetName.flatMap { raw.targets[$0] }
        for key in raw.libraries.keys.sorted() {
            guard let library = raw.libraries[key] else { continue }
            guard library.isObject else {
                let line = JSONErrorLocator.line(ofKey: key, in: text, alreadyLocated: diagnostics.count)
                diagnostics.append(.catalog(.corruptEntry, "deps.json library '\(key.prefix(80))' is not an object; skipped",
                                            file: path, line: line))
                continue
            }
            let type = library.type?.lowercased() ?? ""
            guard type == "package" || type == "runtimepack" else { continue }
            let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                let line = JSONErrorLocator.line(ofKey: key, in: text, alreadyLocated: diagnostics.count)
                diagnostics.append(.catalog(.corruptEntry, "deps.json library key '\(key.prefix(80))' is not 'Name/Version'; skipped",
                                            file: path, line: line))
                continue
            }
            if let assets = runtimeTarget?[key], !assets.shipsAtRuntime { continue }
            var name = Substring(parts[0])
            if type == "runtimepack", name.lowercased().hasPrefix(runtimePackPrefix) {
                name = name.dropFirst(runtimePackPrefix.count)
            }
            out.append(DepsJSONLibrary(name: String(name), version: String(parts[1]), type: type))
        }
        return (out, diagnostics)
    }

    private struct RawDeps: Decodable {
        var runtimeTargetName: String?
        var targets: [String: [String: RawTargetLibrary]] = [:]
        var libraries: [String: RawLibrary] = [:]

        init(from decoder: any Decoder) throws {
            let fields = try decoder.container(keyedBy: JSONKey.self)
            if let runtime = try? fields.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("runtimeTarget")) {
                runtimeTargetName = runtime.text("name")
            }
            targets = (try? fields.decodeIfPresent([String: [String: RawTargetLibrary]].self,
                                                   forKey: JSONKey("targets"))) ?? [:]
            libraries = (try? fields.decodeIfPresent([String: RawLibrary].self, forKey: JSONKey("libraries"))) ?? [:]
        }
    }

    /// A library's entry under a target: whether it has assets loaded at run time.
    private struct RawTargetLibrary: Decodable {
        var shipsAtRuntime = true

        init(from decoder: any Decoder) throws {
            guard let fields = try? decoder.container(keyedBy: JSONKey.self) else { return }
            shipsAtRuntime = ["runtime", "native", "runtimeTargets"].contains { key in
                guard let assets = try? fields.decodeIfPresent([String: JSONIgnored].self, forKey: JSONKey(key)) else {
                    return false
                }
                return !assets.isEmpty
            }
        }
    }

    private struct RawLibrary: Decodable {
        var isObject = false
        var type: String?

        init(from decoder: any Decoder) throws {
            guard let fields = try? decoder.container(keyedBy: JSONKey.self) else { return }
            isObject = true
            type = fields.text("type")
        }
    }
}
