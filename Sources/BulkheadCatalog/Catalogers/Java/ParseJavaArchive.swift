import BulkheadZip
import BulkheadCore

/// One package identified in a Java archive.
struct JavaArchivePackage: Sendable, Hashable {
    var name: String
    var version: String
    var licenses: [String]
    /// The archive's (virtual) path: `/app/a.war` or `/app/a.war:WEB-INF/lib/b.jar`.
    var location: String
    var manifest: JavaManifest?
    var pomProperties: PomProperties?

    /// Group from `pom.properties`, else from the manifest.
    var groupID: String? { MavenGroupID.fromPomProperties(pomProperties) ?? MavenGroupID.fromManifest(manifest) }

    var purl: PURL { .maven(group: groupID, artifact: name, version: version) }
}

/// Pure parser for Java archives (jar, war, ear, Jenkins plugins) held in memory, Syft's way:
///
/// 1. the archive's own package comes from `META-INF/MANIFEST.MF` — named by the
///    `pom.properties` whose artifactId matches the file name, else by the manifest/file name;
/// 2. every other `pom.properties` inside is a package of its own (shaded dependencies),
///    unless it describes the archive itself;
/// 3. archives inside (`WEB-INF/lib/*.jar`, `BOOT-INF/lib/*.jar`, any nested jar) are read
///    recursively from memory, up to ``ZipLimits/maxNestingDepth``.
///
/// Unlike Syft, an archive without a manifest still yields the packages of its `pom.properties`,
/// and there is no built-in artifact→group table (the group comes from the archive's metadata).
///
/// A corrupt or hostile archive (truncated, bad central directory, zip bomb) becomes a located
/// diagnostic; packages already found, and those of sibling archives, are kept.
enum ParseJavaArchive {
    /// Suffixes of nested archives that are opened.
    static let archiveSuffixes = [".jar", ".war", ".ear", ".jpi", ".hpi"]

    static func parse(_ bytes: [UInt8], path: String, limits: ZipLimits = .default)
        -> (packages: [JavaArchivePackage], diagnostics: [Diagnostic]) {
        var state = State(limits: limits, budget: ZipBudget(limits.maxTotalInflated))
        state.read(bytes, virtualPath: path, depth: 0)
        return (state.packages, state.diagnostics)
    }

    static func isArchiveName(_ name: String) -> Bool {
        !name.hasSuffix("/") && archiveSuffixes.contains { name.hasSuffix($0) }
    }

    /// The diagnostic for a ZIP error in the archive at `virtualPath`.
    static func diagnostic(_ error: ZipError, at virtualPath: String) -> Diagnostic {
        let code: CatalogError.Code = error.kind == .limitExceeded ? .unreadableFile : .corruptEntry
        return Diagnostic(code: code.rawValue, level: .warning, message: "Java archive: \(error.message)",
                          location: SourceLocation(file: virtualPath, fieldPath: error.entry))
    }

    private struct State {
        let limits: ZipLimits
        var budget: ZipBudget
        var packages: [JavaArchivePackage] = []
        var diagnostics: [Diagnostic] = []
        /// Problems reported per top-level archive; a hostile archive cannot flood the output.
        static let maxDiagnostics = 50

        init(limits: ZipLimits, budget: ZipBudget) {
            self.limits = limits
            self.budget = budget
        }

        mutating func read(_ bytes: [UInt8], virtualPath: String, depth: Int) {
            let archive: ZipArchive
            do {
                archive = try ZipArchive(bytes, limits: limits)
            } catch {
                report(error, at: virtualPath)
                return
            }
            packages += identify(archive, virtualPath: virtualPath)
            for entry in archive.entries where ParseJavaArchive.isArchiveName(entry.name) {
                let nestedPath = virtualPath + ":" + entry.name
                guard depth < limits.maxNestingDepth else {
                    report(ZipError(.limitExceeded, "nested deeper than \(limits.maxNestingDepth) archives; not read",
                                    entry: entry.name), at: virtualPath)
                    continue
                }
                do {
                    let nested = try archive.contents(of: entry, limit: limits.maxEntrySize, budget: &budget)
                    read(nested, virtualPath: nestedPath, depth: depth + 1)
                } catch {
                    report(error, at: virtualPath)
                }
            }
        }

        mutating func report(_ error: ZipError, at virtualPath: String) {
            if diagnostics.count < Self.maxDiagnostics {
                diagnostics.append(ParseJavaArchive.diagnostic(error, at: virtualPath))
            } else if diagnostics.count == Self.maxDiagnostics {
                diagnostics.append(ParseJavaArchive.diagnostic(
                    ZipError(.limitExceeded, "more problems in this archive are not reported"), at: virtualPath))
            }
        }

        /// The text of a small metadata entry, or nil with a diagnostic.
        mutating func text(_ entry: ZipEntry, in archive: ZipArchive, virtualPath: String) -> String? {
            do {
                return String(decoding: try archive.contents(of: entry, limit: ReadLimit.metadata, budget: &budget),
                              as: UTF8.self)
            } catch {
                report(error, at: virtualPath)
                return nil
            }
        }

        /// The archive's own package and the other packages its `pom.properties` files describe.
        mutating func identify(_ archive: ZipArchive, virtualPath: String) -> [JavaArchivePackage] {
            let file = JavaArchiveFilename(virtualPath)
            var properties: [String: PomProperties] = [:]
            var pomXMLDirectories = Set<String>()
            var manifestEntry: ZipEntry?
            for entry in archive.entries where !entry.isDirectory {
                let name = entry.name.hasPrefix("/") ? String(entry.name.dropFirst()) : entry.name
                if name == "META-INF/MANIFEST.MF", manifestEntry == nil {
                    manifestEntry = entry
                } else if name.hasSuffix("pom.properties") {
                    guard let text = text(entry, in: archive, virtualPath: virtualPath),
                          let parsed = ParsePomProperties.parse(text, path: entry.name),
                          !parsed.artifactID.isEmpty, !parsed.version.isEmpty else { continue }
                    properties[Self.directory(of: entry.name)] = parsed
                } else if name.hasSuffix("pom.xml") {
                    pomXMLDirectories.insert(Self.directory(of: entry.name))
                }
            }
            let manifest = manifestEntry.flatMap { text($0, in: archive, virtualPath: virtualPath) }
                .map(ParseJavaManifest.parse)
            let sortedDirectories = properties.keys.sorted()

            var main: JavaArchivePackage?
            if let manifest, manifest.main("Weave-Classes") == nil {
                let artifacts = Set(properties.values.map(\.artifactID))
                var chosen: PomProperties?
                for directory in sortedDirectories {
                    guard let candidate = properties[directory],
                          Self.artifactMatchesFilename(candidate.artifactID, file.name, artifacts) else { continue }
                    chosen = candidate
                    if pomXMLDirectories.contains(directory) { break }
                }
                main = JavaArchivePackage(
                    name: chosen?.artifactID ?? JavaArchiveNaming.name(manifest: manifest, file: file),
                    version: chosen?.version ?? JavaArchiveNaming.version(manifest: manifest, file: file),
                    licenses: JavaArchiveNaming.licenses(manifest: manifest), location: virtualPath,
                    manifest: manifest)
            }

            var others: [JavaArchivePackage] = []
            for directory in sortedDirectories {
                guard let pom = properties[directory] else { continue }
                let package = JavaArchivePackage(name: pom.artifactID, version: pom.version, licenses: [],
                                                 location: virtualPath, pomProperties: pom)
                if var parent = main {
                    if Self.describesParent(pom, package: package, parent: parent, virtualPath: virtualPath) {
                        // More precise coordinates for the archive itself.
                        parent.name = pom.artifactID
                        parent.version = pom.version
                        if parent.pomProperties == nil { parent.pomProperties = pom }
                        main = parent
                        continue
                    }
                }
                others.append(package)
            }
            return ([main].compactMap { $0 } + others).filter { !$0.name.isEmpty }
        }

        static func directory(of entryName: String) -> String {
            guard let slash = entryName.lastIndex(of: "/") else { return "." }
            return String(entryName[..<slash])
        }

        /// Whether a `pom.properties` artifactId names this archive: exactly when some
        /// `pom.properties` matches the file name exactly, else by prefix/suffix.
        static func artifactMatchesFilename(_ artifact: String, _ filename: String, _ artifacts: Set<String>) -> Bool {
            guard !artifact.isEmpty, !filename.isEmpty else { return false }
            if artifacts.contains(filename) { return artifact == filename }
            return artifact.hasPrefix(filename) || filename.hasSuffix(artifact)
        }

        /// Whether `pom` (as `package`) describes the archive's own package `parent`: same
        /// group/name/version, same virtual identity, or the parent is named after its artifactId.
        static func describesParent(_ pom: PomProperties, package: JavaArchivePackage, parent: JavaArchivePackage,
                                    virtualPath: String) -> Bool {
            let parentGroup = parent.groupID ?? ""
            if "\(package.groupID ?? "")|\(package.name)|\(package.version)" == "\(parentGroup)|\(parent.name)|\(parent.version)" {
                return true
            }
            // Syft gives a package a virtual path with a `:group:artifact` suffix unless its raw
            // coordinates equal the parent's; equal virtual paths mean the same package.
            if "\(parentGroup):\(parent.name):\(parent.version)" == "\(pom.groupID):\(pom.artifactID):\(pom.version)" {
                return true
            }
            return !pom.artifactID.isEmpty && parent.name == pom.artifactID
        }
    }
}

/// Name, version and licenses of an archive from its manifest and file name (Syft's choices).
enum JavaArchiveNaming {
    static func name(manifest: JavaManifest, file: JavaArchiveFilename) -> String {
        if let fromBundle = bundlePluginArtifact(manifest) { return fromBundle }
        let fromFile = nameFromFilename(file)
        if !fromFile.isEmpty { return fromFile }
        for key in ["Name", "Bundle-Name", "Short-Name", "Extension-Name", "Implementation-Title"] {
            if let value = manifest.main(key), !value.isEmpty { return value }
        }
        return ""
    }

    static func version(manifest: JavaManifest, file: JavaArchiveFilename) -> String {
        if !file.version.isEmpty { return file.version }
        for key in ["Implementation-Version", "Specification-Version", "Plugin-Version", "Bundle-Version"] {
            if let value = manifest.firstValue(key) { return value }
        }
        return ""
    }

    static func licenses(manifest: JavaManifest) -> [String] {
        ["Bundle-License", "Plugin-License-Name"].compactMap { manifest.firstValue($0) }
    }

    /// The Apache Felix bundle plugin writes `Bundle-SymbolicName` as `<groupId>.<artifactId>`.
    static func bundlePluginArtifact(_ manifest: JavaManifest) -> String? {
        guard manifest.main("Created-By")?.contains("Apache Maven Bundle Plugin") == true,
              let symbolic = manifest.main("Bundle-SymbolicName"), !symbolic.isEmpty else { return nil }
        if let vendor = manifest.main("Implementation-Vendor-Id"), !vendor.isEmpty, vendor == symbolic { return nil }
        return symbolic.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init)
    }

    /// The file-name stem, or its last part when it looks like `group.artifact`.
    static func nameFromFilename(_ file: JavaArchiveFilename) -> String {
        let name = file.name
        guard name.contains("."), !name.hasPrefix("org.eclipse.") else { return name }
        let fields = name.split(separator: ".", omittingEmptySubsequences: false)
        let allIdentifiers = fields.allSatisfy { field in
            guard let first = field.unicodeScalars.first else { return false }
            switch first.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .letterNumber,
                 .currencySymbol, .connectorPunctuation:
                return true
            default:
                return false
            }
        }
        return allIdentifiers ? String(fields[fields.count - 1]) : name
    }
}
