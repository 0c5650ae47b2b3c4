import Foundation

/// Atomic database updates: copy the current database to a private file next to it, write
/// there, fsync, then `rename` over the old one. A reader (or a scan) always sees either the
/// old file or the new one, whole; an update killed at any point leaves the old database
/// usable and a stale `*.new-PID` file that the next update removes.
public enum DatabaseUpdate {
    /// Runs `body` against a writable copy of the database at `path` and publishes it.
    ///
    /// - Throws: ``VulnDBError`` with `.locked` when another update holds the lock.
    public static func run<T>(at path: String, _ body: (VulnDatabaseWriter) throws(VulnDBError) -> T) throws(VulnDBError) -> T {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw VulnDBError(.cannotOpen, "\(dir): cannot create directory: \(error.localizedDescription)")
        }
        let lockFD = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockFD >= 0 else { throw VulnDBError(.cannotOpen, "\(path).lock: \(String(cString: strerror(errno)))") }
        defer { close(lockFD) }
        guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
            throw VulnDBError(.locked, "\(path): another `bulkhead db` update is running (lock \(path).lock)")
        }
        removeStaleCopies(of: url)

        let temp = path + ".new-\(getpid())"
        unlink(temp)
        if FileManager.default.fileExists(atPath: path), (try? VulnDatabase.schemaVersion(at: path)) == Schema.version {
            do { try FileManager.default.copyItem(atPath: path, toPath: temp) } catch {
                throw VulnDBError(.cannotOpen, "\(temp): cannot copy the current database: \(error.localizedDescription)")
            }
        }
        do throws(VulnDBError) {
            let writer = try VulnDatabaseWriter(path: temp)
            let value = try body(writer)
            try writer.finish()
            try fsyncFile(temp)
            guard rename(temp, path) == 0 else {
                throw VulnDBError(.cannotOpen, "\(path): cannot replace the database: \(String(cString: strerror(errno)))")
            }
            try fsyncFile(dir)
            return value
        } catch {
            unlink(temp)
            throw error
        }
    }

    private static func removeStaleCopies(of url: URL) {
        let dir = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + ".new-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix(prefix) {
            unlink(dir + "/" + name)
        }
    }

    private static func fsyncFile(_ path: String) throws(VulnDBError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw VulnDBError(.cannotOpen, "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw VulnDBError(.cannotOpen, "\(path): fsync: \(String(cString: strerror(errno)))") }
    }
}
