import BulkheadCore
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scans every text file below a directory for secrets, on all cores.
///
/// The walk never follows symlinks and never leaves the tree; binary files (by name or by a NUL
/// in the first 8 KiB), files over `maxFileBytes` and special files are skipped. Files up to
/// 8 MiB are read whole; larger ones stream through ``SecretScanner/scanStream(path:chunkSize:read:)``.
public struct DirectorySecretScan: Sendable {
    public var scanner: SecretScanner
    public var maxFileBytes: Int
    /// Directory names not descended into.
    public var skipDirectories: Set<String>
    public var workers: Int

    public struct Result: Sendable {
        public var matches: [SecretMatch]
        public var filesScanned: Int
        public var bytesScanned: Int
        public var diagnostics: [Diagnostic]
    }

    public init(scanner: SecretScanner, maxFileBytes: Int = 64 << 20, skipDirectories: Set<String> = [".git"],
                workers: Int = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))) {
        self.scanner = scanner
        self.maxFileBytes = maxFileBytes
        self.skipDirectories = skipDirectories
        self.workers = workers
    }

    struct Item { var relative: String; var size: Int }

    /// Paths in matches are relative to `root`, sorted.
    public func scan(root: String) -> Result {
        var items: [Item] = []
        var diagnostics: [Diagnostic] = []
        let top = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        walk(top, relative: "", into: &items, diagnostics: &diagnostics)
        let workerCount = max(1, min(workers, items.count))
        let results = Collected()
        // Largest files first, dealt round-robin, balances the two cores well enough.
        let order = items.indices.sorted { items[$0].size > items[$1].size }
        let files = items
        DispatchQueue.concurrentPerform(iterations: workerCount) { w in
            var local: (matches: [SecretMatch], files: Int, bytes: Int, diags: [Diagnostic]) = ([], 0, 0, [])
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var k = w
            while k < order.count {
                let item = files[order[k]]
                k += workerCount
                scanFile(top + "/" + item.relative, item, &buffer, &local)
            }
            results.add(local)
        }
        var out = Result(matches: [], filesScanned: 0, bytesScanned: 0, diagnostics: diagnostics)
        for r in results.all {
            out.matches += r.matches; out.filesScanned += r.files; out.bytesScanned += r.bytes; out.diagnostics += r.diags
        }
        out.matches.sort { ($0.path, $0.line, $0.column) < ($1.path, $1.line, $1.column) }
        return out
    }

    typealias Partial = (matches: [SecretMatch], files: Int, bytes: Int, diags: [Diagnostic])

    /// The workers' results, gathered under a lock.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [Partial] = []
        func add(_ p: Partial) { lock.lock(); parts.append(p); lock.unlock() }
        var all: [Partial] { lock.lock(); defer { lock.unlock() }; return parts }
    }

    static let wholeFileLimit = 8 << 20

    func scanFile(_ full: String, _ item: Item, _ buffer: inout [UInt8],
                  _ local: inout (matches: [SecretMatch], files: Int, bytes: Int, diags: [Diagnostic])) {
        let fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            local.diags.append(Diagnostic(code: "secret-scan", level: .warning, message: "cannot read \(item.relative): \(String(cString: strerror(errno)))"))
            return
        }
        defer { close(fd) }
        if item.size <= Self.wholeFileLimit {
            if buffer.count < item.size { buffer = [UInt8](repeating: 0, count: item.size) }
            // The head first: binaries (most of the bytes of an image) are dropped after 8 KiB.
            var got = 0
            var binary = false
            buffer.withUnsafeMutableBytes { raw in
                let head = min(item.size, 8192)
                while got < head {
                    let n = read(fd, raw.baseAddress! + got, head - got)
                    if n <= 0 { break }
                    got += n
                }
                if ContentSniffer.isBinary(UnsafeRawBufferPointer(rebasing: raw[0..<got])) { binary = true; return }
                while got < item.size {
                    let n = read(fd, raw.baseAddress! + got, item.size - got)
                    if n <= 0 { break }
                    got += n
                }
            }
            guard !binary else { return }
            let found: [SecretMatch] = buffer.withUnsafeBytes { raw in
                scanner.scan(UnsafeRawBufferPointer(rebasing: raw[0..<got]), path: item.relative)
            }
            Self.record(found, bytes: got, path: item.relative, into: &local)
            return
        }
        var first = true
        var binary = false
        var total = 0
        let found = scanner.scanStream(path: item.relative) { piece in
            if binary { return 0 }
            let n = read(fd, piece.baseAddress!, piece.count)
            guard n > 0 else { return 0 }
            if first {
                first = false
                if ContentSniffer.isBinary(UnsafeRawBufferPointer(rebasing: piece[0..<n])) { binary = true; return 0 }
            }
            total += n
            return n
        }
        guard !binary else { return }
        Self.record(found, bytes: total, path: item.relative, into: &local)
    }

    /// Counts a scanned file and its matches, noting when the per-file cap cut them.
    static func record(_ found: [SecretMatch], bytes: Int, path: String,
                       into local: inout (matches: [SecretMatch], files: Int, bytes: Int, diags: [Diagnostic])) {
        local.files += 1; local.bytes += bytes; local.matches += found
        if found.count >= SecretScanner.maxMatchesPerFile {
            local.diags.append(Diagnostic(code: "secret-scan", level: .warning,
                                          message: "\(path): more than \(SecretScanner.maxMatchesPerFile) secrets; only the first \(SecretScanner.maxMatchesPerFile) are reported"))
        }
    }

    func walk(_ dir: String, relative: String, into items: inout [Item], diagnostics: inout [Diagnostic]) {
        guard let d = opendir(dir) else {
            diagnostics.append(Diagnostic(code: "secret-scan", level: .warning, message: "cannot list \(relative.isEmpty ? dir : relative): \(String(cString: strerror(errno)))"))
            return
        }
        defer { closedir(d) }
        var subdirs: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let rel = relative.isEmpty ? name : relative + "/" + name
            let full = dir + "/" + name
            var st = stat()
            guard lstat(full, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                if !skipDirectories.contains(name) { subdirs.append(name) }
            case S_IFREG:
                let size = Int(st.st_size)
                if size == 0 || ContentSniffer.isBinaryByName(name) { continue }
                if size > maxFileBytes {
                    diagnostics.append(Diagnostic(code: "secret-scan", level: .note, message: "\(rel) skipped: \(size) bytes is over the \(maxFileBytes)-byte limit"))
                    continue
                }
                items.append(Item(relative: rel, size: size))
            default:
                continue  // symlinks (never followed), devices, sockets, fifos
            }
        }
        for name in subdirs.sorted() {
            walk(dir + "/" + name, relative: relative.isEmpty ? name : relative + "/" + name, into: &items, diagnostics: &diagnostics)
        }
    }
}
