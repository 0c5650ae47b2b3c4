/// Decides which files are worth scanning for secrets: text, not binary, not media, not huge.
public enum ContentSniffer {
    /// Extensions of formats that are binary or compressed: skipped without reading.
    static let binaryExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "ico", "bmp", "webp", "tif", "tiff", "svgz", "woff", "woff2", "ttf", "otf", "eot",
        "pdf", "zip", "gz", "tgz", "bz2", "xz", "zst", "lz4", "7z", "rar", "jar", "war", "ear", "class", "so", "dylib",
        "dll", "exe", "o", "a", "pyc", "pyo", "whl", "egg", "mo", "gmo", "db", "sqlite", "mp3", "mp4", "wav", "ogg",
        "avi", "mov", "deb", "rpm", "apk", "iso", "img", "dat", "cache", "pack", "idx", "br", "lzma", "qm", "icns",
    ]

    /// Whether a path's extension (or a versioned shared object like `libc.so.6`) marks it binary.
    public static func isBinaryByName(_ path: String) -> Bool {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        if base.contains(".so.") { return true }
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return false }
        return binaryExtensions.contains(base[base.index(after: dot)...].lowercased())
    }

    /// A NUL byte in the first 8 KiB means binary (git's heuristic); ELF, gzip and zstd magic too.
    public static func isBinary(_ head: UnsafeRawBufferPointer) -> Bool {
        let n = min(head.count, 8192)
        guard n > 0, let p = head.baseAddress else { return false }
        if n >= 4 {
            let b = head.load(as: UInt32.self)
            if b == 0x464c_457f { return true }  // \x7fELF
        }
        return memchr(p, 0, n) != nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
