import ArgumentParser
import BulkheadCatalog
import BulkheadCore
import BulkheadImage
import BulkheadSBOM
import BulkheadVulnDB
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
            SOURCE is `docker-archive:FILE` (what `docker save`/`podman save` write, also gzipped), \
            `oci:DIR` (OCI image layout), `oci-archive:FILE`, `dir:ROOTFS`, or a registry image \
            `[registry:]HOST[:PORT]/REPO[:TAG][@sha256:…]` (no host means Docker Hub); a plain path is \
            sniffed, and a name with a tag, digest or registry host that is not a path is pulled. \
            Layers are streamed once (zstd, gzip or plain), whiteouts applied, every blob's digest \
            verified.

            Registry credentials come from $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json, \
            $DOCKER_CONFIG/config.json or ~/.docker/config.json (what `docker login`/`podman login` \
            write); Bearer-token and Basic challenges are answered; transient failures are retried \
            with backoff. --insecure talks plain HTTP (loopback and lab registries).

            Catalogers: dpkg (status and distroless status.d), apk, rpm (SQLite, Berkeley DB, NDB), \
            Python (dist-info, egg-info, lock files), npm, Go (binaries and modules), Java archives \
            (nested jars too), Ruby gems, Composer, .NET, Rust (Cargo.lock, `cargo auditable` \
            binaries); the OS comes from /etc/os-release (or /usr/lib/os-release, alpine-release, \
            debian_version).

            EXAMPLES
              bulkhead sbom image.tar                            docker-archive, sniffed
              bulkhead sbom oci:./layout -f spdx -o sbom.spdx.json
              bulkhead sbom dir:./rootfs                         table of packages
              bulkhead sbom ./rootfs -f cyclonedx -o sbom.cdx.json
              bulkhead sbom dir:/mnt/image -f spdx
              bulkhead sbom app.cdx.json -f spdx                 convert a CycloneDX/SPDX JSON SBOM
              bulkhead sbom 127.0.0.1:5000/app:1.2 --insecure   pull from a local registry
              bulkhead sbom ghcr.io/org/app@sha256:… --platform linux/arm64
              bulkhead sbom image.tar -f cyclonedx --vulns      CycloneDX with vulnerabilities (local database)
            """)

    @Argument(help: ArgumentHelp("What to catalog: docker-archive:FILE, oci:DIR, oci-archive:FILE, dir:ROOTFS or a path.",
                                 valueName: "source"))
    var source: String

    @Option(name: [.short, .long], help: "Output format: table, cyclonedx, spdx.")
    var format: SBOMOutputFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of stdout.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Platform to pick from a multi-platform image (default linux/amd64).",
                                            valueName: "os/arch[/variant]"))
    var platform: String?

    @Flag(name: .long, help: "Use plain HTTP for registry pulls (loopback and lab registries without TLS).")
    var insecure = false

    @Flag(name: .long, help: "Add the packages' vulnerabilities from the local database (CycloneDX output only).")
    var vulns = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if vulns && format != .cyclonedx {
            throw ValidationError("--vulns needs -f cyclonedx (CycloneDX carries vulnerabilities; use `bulkhead image` for tables, JSON and SARIF)")
        }
    }

    /// With --vulns, the document's packages matched against the database.
    func withVulnerabilities(_ document: SBOMDocument, idLike: [String] = []) throws -> SBOMDocument {
        guard vulns else { return document }
        var doc = document
        do {
            let db = try VulnDatabase(path: database.path)
            let distro = document.operatingSystem.map { Distro(id: $0.id, versionID: $0.version, idLike: idLike) }
            let result = try Matcher(database: db).match(document.packages, distro: distro)
            for d in result.diagnostics where d.level != .note {
                FileHandle.standardError.write(Data("bulkhead: \(d.level.rawValue): \(d.message)\n".utf8))
            }
            doc.vulnerabilities = result.findings
        } catch {
            FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
            throw BulkheadExit.operational
        }
        return doc
    }

    func run() throws {
        if try runFromSBOMFile() { return }
        let clock = ContinuousClock()
        var timings = PhaseTimings(clock: clock)
        let imageSource: ImageSource
        let resolver: any FileResolver
        var subject: SBOMDocument.Subject
        let catalogers: [any Cataloger]
        do {
            imageSource = try ImageSource.parse(source)
            // Images get what is installed; directories also get lock files and manifests (Trivy's table).
            let isDirectory: Bool = if case .directory = imageSource { true } else { false }
            catalogers = Catalogers.tagged(isDirectory ? .directory : .image)
            let chosen = try platform.map { text throws(ImageError) -> ImagePlatform in
                guard let p = ImagePlatform(text) else {
                    throw ImageError(.unsupported, "--platform '\(text)' is not os/arch[/variant]")
                }
                return p
            } ?? .default
            resolver = try imageSource.makeResolver(wanted: Catalogers.wantedGlobs(catalogers),
                                                    executables: Catalogers.wantsExecutables(catalogers),
                                                    platform: chosen,
                                                    registry: RegistryOptions(insecure: insecure, progress: PullProgress.reporter()),
                                                    deferVerification: true)
        } catch {
            FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
            throw BulkheadExit.operational
        }
        timings.mark("read")
        if let image = resolver as? ImageResolver {
            let meta = image.metadata
            subject = .init(name: meta.repoTags.first ?? imageSource.path, kind: .image,
                            digest: meta.manifestDigest ?? meta.configDigest)
        } else {
            subject = .init(name: imageSource.path, kind: .directory)
        }
        let catalog = Catalog.run(resolver, catalogers: catalogers)
        timings.mark("catalog")
        let os = catalog.release.map {
            SBOMDocument.OperatingSystem(id: $0.id, version: $0.versionID, prettyName: $0.prettyName)
        }
        let document = try withVulnerabilities(SBOMDocument(
            subject: subject, operatingSystem: os, packages: catalog.packages,
            tool: .init(version: Bulkhead.version)), idLike: catalog.release?.idLike ?? [])
        let text: String
        do {
            switch format {
            case .table: text = PackageTableWriter().render(document)
            case .cyclonedx: text = try CycloneDXWriter().render(document)
            case .spdx: text = try SPDXWriter(options: .init(created: LintSetup.creationTimeUTC())).render(document)
            }
        } catch {
            FileHandle.standardError.write(Data("bulkhead: cannot encode SBOM: \(error)\n".utf8))
            throw BulkheadExit.operational
        }
        timings.mark("render")
        // Layer digests were checked while cataloging and rendering; nothing is shown or written
        // unless they all match.
        if let image = resolver as? ImageResolver {
            do { try image.verifyDigests() } catch {
                FileHandle.standardError.write(Data("bulkhead: \(error)\n".utf8))
                throw BulkheadExit.operational
            }
        }
        timings.mark("verify-wait")
        for d in catalog.diagnostics {
            FileHandle.standardError.write(Data("bulkhead: \(d.level.rawValue): \(d.location.map { "\($0): " } ?? "")\(d.message)\n".utf8))
        }
        if let output {
            do { try OutputFile.write(text, to: output) } catch {
                FileHandle.standardError.write(Data("bulkhead: cannot write \(output): \(error.localizedDescription)\n".utf8))
                throw BulkheadExit.operational
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        timings.mark("write")
        timings.report()
    }
}
