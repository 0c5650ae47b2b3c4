import Foundation
import PackagePlugin

/// Compiles the target's `bpf/*.bpf.c` with the toolchain's clang (bpf target, CO-RE) and
/// embeds each object as a Swift source (`<name>_bpf.swift`), so `swift build` alone builds the
/// sensor: no Makefile step, no object file to ship next to the binary.
@main
struct BPFCompile: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let bpfDir = target.directoryURL.appending(path: "bpf")
        let headersDir = context.package.directoryURL.appending(path: "Sources/CLibBPF")
        let sources = (try? FileManager.default.contentsOfDirectory(atPath: bpfDir.path)) ?? []
        let headers = sources.filter { $0.hasSuffix(".h") }.map { bpfDir.appending(path: $0) }
            + [headersDir.appending(path: "bulkhead_events.h")]
        let clang = try context.tool(named: "clang").url
        let embed = try context.tool(named: "BulkheadBPFEmbed").url
        return sources.filter { $0.hasSuffix(".bpf.c") }.sorted().map { name in
            let stem = String(name.dropLast(".bpf.c".count))
            let input = bpfDir.appending(path: name)
            let output = context.pluginWorkDirectoryURL.appending(path: "\(stem)_bpf.swift")
            return .buildCommand(
                displayName: "Compiling BPF program \(name)",
                executable: embed,
                arguments: [clang.path, input.path, output.path, stem, "-I", headersDir.path, "-I", bpfDir.path],
                inputFiles: [input] + headers,
                outputFiles: [output])
        }
    }
}
