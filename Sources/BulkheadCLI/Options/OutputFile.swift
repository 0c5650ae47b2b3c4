import Foundation

/// Writes `-o FILE` outputs. Regular files are replaced atomically (a crash never leaves half a
/// report); anything else that exists — /dev/null, /dev/stdout, a FIFO — is written in place,
/// because an atomic write renames a temporary file over it (as root that replaced /dev/null
/// with a regular file).
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG {
            guard let h = FileHandle(forWritingAtPath: path) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            defer { try? h.close() }
            try h.write(contentsOf: Data(text.utf8))
            return
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
