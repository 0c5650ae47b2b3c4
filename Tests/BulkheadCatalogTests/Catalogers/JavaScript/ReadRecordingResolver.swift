import BulkheadCore
import Foundation
import Testing

@testable import BulkheadCatalog

/// A resolver that records every file whose contents a cataloger reads, to check the file is
/// covered by the cataloger's `wantedGlobs` (image resolvers keep contents only for those).
final class ReadRecordingResolver<Base: FileResolver>: FileResolver, @unchecked Sendable {
    let base: Base
    private let lock = NSLock()
    private var reads: [String] = []

    init(_ base: Base) { self.base = base }

    var readPaths: [String] { lock.withLock { reads } }

    func files(matching glob: String) throws -> [FileEntry] { try base.files(matching: glob) }
    func entry(at path: String) throws -> FileEntry? { try base.entry(at: path) }
    func contents(of entry: FileEntry, limit: Int) throws -> [UInt8] {
        lock.withLock { reads.append(entry.path) }
        return try base.contents(of: entry, limit: limit)
    }
}

@Suite("JavaScript, PHP, Ruby and .NET catalogers read only wanted files")
struct WantedGlobCoverageTests {
    static let cases: [(any Cataloger, String)] = [
        (NpmPackageCataloger(), "javascript/installed"),
        (JavaScriptLockCataloger(), "javascript/yarn-berry"),
        (JavaScriptLockCataloger(), "javascript/npm-v3"),
        (JavaScriptLockCataloger(), "javascript/pnpm-v6"),
        (ComposerInstalledCataloger(), "php/project"),
        (ComposerLockCataloger(), "php/project"),
        (GemspecCataloger(), "ruby/installed"),
        (GemfileLockCataloger(), "ruby/gemfile"),
        (DotnetDepsCataloger(), "dotnet/pythonnet"),
    ]

    @Test("every file read matches a wanted glob, and something was read", arguments: 0..<cases.count)
    func coverage(_ index: Int) throws {
        let (cataloger, scenario) = Self.cases[index]
        let files = ReadRecordingResolver(Fixtures.resolver(scenario))
        let result = try cataloger.catalog(files, context: CatalogContext())
        #expect(!result.packages.isEmpty)
        #expect(!files.readPaths.isEmpty)
        for path in files.readPaths {
            #expect(cataloger.wantedGlobs.contains { PathGlob.match($0, path) }, "\(cataloger.name) read \(path)")
        }
        #expect(!cataloger.wantsExecutables)
    }

    @Test("installed metadata runs on images; lock files only on directories")
    func tags() {
        for cataloger: any Cataloger in [NpmPackageCataloger(), ComposerInstalledCataloger(), GemspecCataloger(), DotnetDepsCataloger()] {
            #expect(cataloger.tags.isSuperset(of: [.image, .directory, .installed]), "\(cataloger.name)")
        }
        for cataloger: any Cataloger in [JavaScriptLockCataloger(), ComposerLockCataloger(), GemfileLockCataloger()] {
            #expect(cataloger.tags.isSuperset(of: [.directory, .declared]) && !cataloger.tags.contains(.image), "\(cataloger.name)")
        }
        #expect(Catalogers.tagged(.language("javascript")).map(\.name) == ["javascript-lock-cataloger", "javascript-package-cataloger"])
        #expect(Catalogers.tagged(.language("php")).map(\.name) == ["php-composer-installed-cataloger", "php-composer-lock-cataloger"])
        #expect(Catalogers.tagged(.language("ruby")).map(\.name) == ["ruby-gemfile-cataloger", "ruby-installed-gemspec-cataloger"])
        #expect(Catalogers.tagged(.language("dotnet")).map(\.name) == ["dotnet-deps-cataloger"])
    }
}
