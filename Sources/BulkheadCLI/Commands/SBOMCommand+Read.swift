import BulkheadCore
import BulkheadSBOM
import Foundation

/// `bulkhead sbom FILE.cdx.json|FILE.spdx.json`: an existing CycloneDX or SPDX document as the
/// source, re-emitted in the chosen format. Detected here, before image sources are parsed: a
/// `sbom:` prefix, a `.json` file, or any regular file whose content starts with `{`.
extension SBOMCommand {
    /// SBOMs larger than this are refused (Syft's SPDX of a large image is tens of MiB).
    static let maxSBOMBytes = 512 << 20

    /// Reads SOURCE as an SBOM and writes the output when it is one.
    ///
    /// - Returns: false when SOURCE is not an SBOM file (the caller treats it as an image).
    /// - Throws: ``BulkheadExit/operational`` after printing a located error when the file is an
    ///   SBOM (by name or content) but cannot be read.
    func runFromSBOMFile() throws -> Bool {
        let explicit = source.hasPrefix("sbom:")
        let path = explicit ? String(source.dropFirst("sbom:".count)) : source
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            if explicit { try fail("sbom: '\(path)' does not exist") }
            return false
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if explicit || path.hasSuffix(".json") { try fail("cannot read \(path)") }
            return false
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 16)) ?? Data())
        guard explicit || path.hasSuffix(".json") || SBOMReader.looksLikeJSON(head) else { return false }
        let data: Data
        do {
            try handle.seek(toOffset: 0)
            data = try handle.read(upToCount: Self.maxSBOMBytes + 1) ?? Data()
        } catch {
            try fail("cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= Self.maxSBOMBytes else { try fail("\(path) is larger than \(Self.maxSBOMBytes) bytes") }
        var read: SBOMReader.Result
        do {
            read = try SBOMReader.readReporting([UInt8](data), path: path)
        } catch {
            try fail("\(error)")
        }
        for d in read.diagnostics {
            FileHandle.standardError.write(Data("bulkhead: \(d.level.rawValue): \(d.location.map { "\($0): " } ?? "")\(d.message)\n".utf8))
        }
        // The document is re-issued by Bulkhead; it carries no timestamp of its own.
        read.document.tool = .init(version: Bulkhead.version)
        read.document.timestamp = nil
        try emit(try withVulnerabilities(read.document))
        return true
    }

    /// Renders `document` in the chosen format to `--output` or stdout.
    func emit(_ document: SBOMDocument) throws {
        let text: String
        do {
            switch format {
            case .table: text = PackageTableWriter().render(document)
            case .cyclonedx: text = try CycloneDXWriter().render(document)
            case .spdx: text = try SPDXWriter(options: .init(created: LintSetup.creationTimeUTC())).render(document)
            }
        } catch {
            try fail("cannot encode SBOM: \(error)")
        }
        if let output {
            do { try OutputFile.write(text, to: output) } catch {
                try fail("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    private func fail(_ message: String) throws -> Never {
        FileHandle.standardError.write(Data("bulkhead: \(message)\n".utf8))
        throw BulkheadExit.operational
    }
}
