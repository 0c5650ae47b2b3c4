import BulkheadCore
import Foundation
import Testing

@testable import BulkheadCatalog

/// Trivy 0.76.0 reports these nine packages plus the `project` Python.Runtime; Syft 1.18.1 also
/// keeps the build-only Microsoft.SourceLink.GitHub.
@Suite(".NET deps.json cataloger")
struct DotnetDepsCatalogerTests {
    @Test("packages with runtime assets from a real deps.json; the project and build-only packages skipped")
    func happy() throws {
        let result = try DotnetDepsCataloger().catalog(Fixtures.resolver("dotnet/pythonnet"), context: CatalogContext())
        #expect(result.diagnostics.isEmpty)
        #expect(result.packages.map(\.purl.description).sorted() == [
            "pkg:nuget/Microsoft.CSharp@4.7.0", "pkg:nuget/System.Buffers@4.6.1", "pkg:nuget/System.IO.Hashing@10.0.12",
            "pkg:nuget/System.Memory@4.6.3", "pkg:nuget/System.Numerics.Vectors@4.6.1",
            "pkg:nuget/System.Reflection.Emit.ILGeneration@4.7.0", "pkg:nuget/System.Reflection.Emit@4.7.0",
            "pkg:nuget/System.Runtime.CompilerServices.Unsafe@6.1.2",
        ])
        let path = "/usr/lib/python3/dist-packages/pythonnet/runtime/Python.Runtime.deps.json"
        #expect(result.packages.allSatisfy { $0.locations == [PackageLocation(path: path)] && $0.ecosystem == .nuget })
        #expect(result.packages.allSatisfy { $0.foundBy == "dotnet-deps-cataloger" })
    }

    @Test("runtime packs, libraries the target does not list, odd keys and types")
    func shapes() {
        let text = """
            {
              "runtimeTarget": {"name": ".NETCoreApp,Version=v8.0/linux-x64"},
              "targets": {
                ".NETCoreApp,Version=v8.0/linux-x64": {
                  "App/1.0.0": {"runtime": {"App.dll": {}}},
                  "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.8": {"runtime": {"System.Private.CoreLib.dll": {}}},
                  "Analyzers/2.0.0": {},
                  "Native.Lib/3.0.0": {"native": {"runtimes/linux-x64/native/libx.so": {}}}
                }
              },
              "libraries": {
                "App/1.0.0": {"type": "project"},
                "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.8": {"type": "runtimepack"},
                "Analyzers/2.0.0": {"type": "package"},
                "Native.Lib/3.0.0": {"type": "Package"},
                "Unlisted/4.0.0": {"type": "package"},
                "NoVersion": {"type": "package"},
                "Ref/1.0.0": {"type": "reference"},
                "Broken/1.0.0": 12
              }
            }
            """
        let parsed = ParseDepsJSON.parse(text, path: "a.deps.json")
        #expect(parsed.libraries.map { "\($0.name)@\($0.version)" }.sorted() == [
            "Microsoft.NETCore.App.Runtime.linux-x64@8.0.8", "Native.Lib@3.0.0", "Unlisted@4.0.0",
        ])
        #expect(parsed.libraries.map(\.type).sorted() == ["package", "package", "runtimepack"])
        // "Broken/1.0.0" (line 19) is not an object; "NoVersion" (line 17) is not Name/Version.
        #expect(parsed.diagnostics.map(\.code) == ["corrupt-entry", "corrupt-entry"])
        #expect(parsed.diagnostics.map { $0.location?.range?.start.line } == [19, 17])
    }

    @Test("a truncated deps.json is a located diagnostic; the other file is kept")
    func corrupt() throws {
        let result = try DotnetDepsCataloger().catalog(Fixtures.resolver("dotnet/corrupt"), context: CatalogContext())
        #expect(result.packages.count == 8)
        #expect(Set(result.packages.map(\.locations[0].path)) == ["/app/Python.Runtime.deps.json"])
        #expect(result.diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "/app/Broken.deps.json", line: 31))
    }

    @Test("random mutations and truncations of a real deps.json never crash")
    func fuzz() throws {
        let seed = Array(try String(contentsOf: Fixtures.root.appendingPathComponent(
            "dotnet/pythonnet/usr/lib/python3/dist-packages/pythonnet/runtime/Python.Runtime.deps.json"), encoding: .utf8).utf8)
        let alphabet: [UInt8] = [0x22, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x2F, 0x0A, 0x00, 0xFF]
        for _ in 0..<200 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...6) {
                bytes[Int.random(in: 0..<bytes.count)] = alphabet[Int.random(in: 0..<alphabet.count)]
            }
            let text = String(decoding: bytes.prefix(Int.random(in: 0...bytes.count)), as: UTF8.self)
            #expect(ParseDepsJSON.parse(text, path: "f").libraries.allSatisfy { !$0.name.isEmpty && !$0.version.isEmpty })
        }
    }
}
