import Foundation
import Testing

/// `bulkhead sbom FILE` with an existing CycloneDX/SPDX document as the source.
@Suite("bulkhead sbom reading SBOM files")
struct SBOMInputCLITests {
    static let fixtures = CLITests.repoRoot.appendingPathComponent("Tests/BulkheadSBOMTests/Fixtures")

    func purls(_ json: String, _ format: String) throws -> Set<String> {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        if format == "cyclonedx" {
            let components = try #require(object["components"] as? [[String: Any]])
            return Set(components.compactMap { $0["purl"] as? String })
        }
        let packages = try #require(object["packages"] as? [[String: Any]])
        return Set(packages.flatMap { ($0["externalRefs"] as? [[String: Any]] ?? []).compactMap { $0["referenceLocator"] as? String } })
    }

    @Test("Syft's CycloneDX re-emitted as SPDX and Trivy's as CycloneDX keep every purl")
    func convert() throws {
        let syft = Self.fixtures.appendingPathComponent("secdemo.syft.cdx.json").path
        let spdx = try CLITests().run(["sbom", syft, "-f", "spdx"])
        #expect(spdx.status == 0, "\(spdx.stderr)")
        #expect(spdx.stdout.contains("\"spdxVersion\" : \"SPDX-2.3\""))
        #expect(spdx.stdout.contains("Tool: bulkhead-"))
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("secdemo.syft-purls.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(try purls(spdx.stdout, "spdx") == Set(expected))

        let trivy = Self.fixtures.appendingPathComponent("secdemo.trivy.cdx.json").path
        let cdx = try CLITests().run(["sbom", trivy, "-f", "cyclonedx"])
        #expect(cdx.status == 0, "\(cdx.stderr)")
        #expect(try purls(cdx.stdout, "cyclonedx").count == 122)
        #expect(cdx.stdout.contains("\"type\" : \"operating-system\""))
    }

    @Test("a JSON SBOM is sniffed by content whatever its name; the table lists its packages")
    func sniffed() throws {
        let spdx = try String(contentsOf: Self.fixtures.appendingPathComponent("jars.syft-2.2.spdx.json"), encoding: .utf8)
        let dir = try CLITests().tempDir(["inventory.bom": spdx])
        let r = try CLITests().run(["sbom", "inventory.bom"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("7 packages (7 maven)"))
        #expect(r.stdout.contains("jul-to-slf4j"))
    }

    @Test("a malformed SBOM is an operational error naming the file and the JSON field")
    func malformed() throws {
        let dir = try CLITests().tempDir([
            "bad.cdx.json": #"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"ok"},{"name":["x"]}]}"#,
            "other.json": #"{"hello":"world"}"#,
        ])
        let r = try CLITests().run(["sbom", "bad.cdx.json", "-f", "spdx"], cwd: dir)
        #expect(r.status == 3)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("bad.cdx.json: components[1].name"))
        let other = try CLITests().run(["sbom", "other.json"], cwd: dir)
        #expect(other.status == 3)
        #expect(other.stderr.contains("neither CycloneDX"))
    }
}
