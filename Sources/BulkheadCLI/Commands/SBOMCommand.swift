import ArgumentParser
import BulkheadCatalog
import BulkheadCore
import BulkheadImage
import BulkheadSBOM
import Foundation

/// SBOM output formats of `bulkhead sbom`.
enum SBOMOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, cyclonedx, spdx
}

struct SBOMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom",
        abstract: "Catalog every package in a root filesystem and write an SBOM (CycloneDX 1.6, SPDX 2.3).",
        discussion: """
            SOURCE is a root filesystem directory (`dir:ROOTFS` or a plain directory path). Image \
            archives (docker-archive, OCI layout/archive) and registries are the next step of this \
            command and are rejected with exit code 2 for now.

            Catalogers: dpkg (status and distroless status.d), apk, Python (dist-info, egg-info); \
            the OS comes from /etc/os-release (or /usr/lib/os-release, alpine-release, debian_version).

            EXAMPLES
              bulkhead sbom dir:./rootfs                         table of packages
              bulkhead sbom ./rootfs -f cyclonedx -o sbom.cdx.json
              bulkhead sbom dir:/mnt/image -f spdx
            """)

    @Argument(help: ArgumentHelp("What to catalog: dir:PATH or a directory.", valueName: "source"))
    var source: String

    @Option(name: [.short, .long], help: "Output format: table, cyclonedx, spdx.")
    var format: SBOMOutputFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let path: String
        if source.hasPrefix("dir:") {
            path = String(source.dropFirst(4))
        } else if let colon = source.firstIndex(of: ":"), ["docker-archive", "oci", "oci-archive", "registry"]
            .contains(String(source[..<colon])) {
            FileHandle.standardError.write(Data("bulkhead: \(source): image sources are not supported yet; use dir:ROOTFS\n".utf8))
            throw BulkheadExit.usage
        } else {
            path = source
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            FileHandle.standardError.write(Data("bulkhead: \(path): not a directory (image files are not supported yet)\n".utf8))
            throw BulkheadExit.operational
        }
        let catalog = Catalog.run(DirectoryResolver(root: path))
        for d in catalog.diagnostics {
            FileHandle.standardError.write(Data("bulkhead: \(d.level.rawValue): \(d.location.map { "\($0): " } ?? "")\(d.message)\n".utf8))
        }
        let os = catalog.release.map {
            SBOMDocument.OperatingSystem(id: $0.id, version: $0.versionID, prettyName: $0.prettyName)
        }
        let document = SBOMDocument(
            subject: .init(name: path, kind: .directory), operatingSystem: os, packages: catalog.packages,
            tool: .init(version: Bulkhead.version))
        let text: String
        do {
            switch format {
            case .table: text = PackageTableWriter().render(document)
            case .cyclonedx: text = try CycloneDXWriter().render(document)
            case .spdx: text = try SPDXWriter(options: .init(created: LintSetup.nowUTC())).render(document)
            }
        } catch {
            FileHandle.standardError.write(Data("bulkhead: cannot encode SBOM: \(error)\n".utf8))
            throw BulkheadExit.operational
        }
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                FileHandle.standardError.write(Data("bulkhead: cannot write \(output): \(error.localizedDescription)\n".utf8))
                throw BulkheadExit.operational
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
