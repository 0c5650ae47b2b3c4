import BulkheadCore
import Foundation
import Testing

@testable import BulkheadImage

@Suite("Directory resolver")
struct DirectoryResolverTests {
    func tree() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-root-\(UUID().uuidString)").path
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/usr/lib", withIntermediateDirectories: true)
        try "ID=debian\n".write(toFile: root + "/usr/lib/os-release", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root + "/etc/os-release", withDestinationPath: "../usr/lib/os-release")
        try fm.createSymbolicLink(atPath: root + "/etc/absolute", withDestinationPath: "/usr/lib/os-release")
        try fm.createSymbolicLink(atPath: root + "/etc/escape", withDestinationPath: "../../../../../../etc/passwd")
        try fm.createSymbolicLink(atPath: root + "/etc/loop", withDestinationPath: "loop")
        return root
    }

    @Test("relative and absolute symlinks resolve inside the root")
    func symlinks() throws {
        let r = DirectoryResolver(root: try tree())
        for path in ["/etc/os-release", "/etc/absolute"] {
            let e = try #require(try r.entry(at: path))
            #expect(String(decoding: try r.contents(of: e, limit: 100), as: UTF8.self) == "ID=debian\n")
        }
    }

    @Test("a symlink cannot escape the root, and loops end")
    func hostile() throws {
        let r = DirectoryResolver(root: try tree())
        #expect(try r.entry(at: "/etc/escape") == nil)  // ROOT/etc/passwd does not exist
        #expect(try r.entry(at: "/etc/loop") == nil)
        #expect(r.resolve("/../../etc/os-release") == "/usr/lib/os-release")
    }

    @Test("a combining mark after / does not hide a separator (and a `..`) from the confinement")
    func combiningMarkAfterSlash() throws {
        // OUTER/\u{301}x is outside the root; ROOT/dir/link points at ../../\u{301}x. Split on
        // Characters, the target reads as `..` and `../\u{301}x`, and the second `..` would reach
        // lstat and the read unresolved: OUTER/\u{301}x.
        let fm = FileManager.default
        let outer = fm.temporaryDirectory.appendingPathComponent("bulkhead-outer-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: outer) }
        try fm.createDirectory(atPath: outer + "/root/dir", withIntermediateDirectories: true)
        try "outside\n".write(toFile: outer + "/\u{301}x", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: outer + "/root/dir/link", withDestinationPath: "../../\u{301}x")
        let r = DirectoryResolver(root: outer + "/root")
        #expect(try r.entry(at: "/dir/link") == nil)  // ROOT/\u{301}x does not exist
        #expect(r.resolve("/dir/link") == nil)
        #expect(ConfinedPath.split("../\u{301}x/y") == ["..", "\u{301}x", "y"])
    }

    @Test("globs match within and across segments")
    func globs() throws {
        let r = DirectoryResolver(root: try tree())
        // Symlinks are not listed (their target is, once), so a linked file is cataloged once (Syft does the same);
        // entry(at:) still follows them.
        #expect(try r.files(matching: "**/os-release").map(\.path) == ["/usr/lib/os-release"])
        #expect(try r.files(matching: "/etc/*").map(\.path) == [])
        #expect(try r.files(matching: "/usr/*/*").map(\.path) == ["/usr/lib/os-release"])
    }

    @Test("reading over the limit is an error, not a truncated result")
    func limit() throws {
        let r = DirectoryResolver(root: try tree())
        let e = try #require(try r.entry(at: "/usr/lib/os-release"))
        #expect(throws: ResolverError.self) { try r.contents(of: e, limit: 3) }
    }
}
