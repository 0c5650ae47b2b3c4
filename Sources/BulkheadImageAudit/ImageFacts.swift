import BulkheadCore
import BulkheadImage

/// Everything the hygiene rules may look at, gathered once from the merged image: the config, every
/// file with its mode and layer, which well-known programs exist (through symlinks), `os-release`,
/// and today's date (rules are pure: the clock comes in here).
public struct ImageFacts: Sendable {
    public var name: String
    public var metadata: ImageMetadata
    /// Every non-symlink entry of the merged filesystem, sorted by path.
    public var files: [FileEntry]
    /// Which of ``probePaths`` exist, symlinks followed inside the image.
    public var present: Set<String>
    /// `/etc/os-release` (or `/usr/lib/os-release`) as key → unquoted value.
    public var osRelease: [String: String]
    /// `YYYY-MM-DD`.
    public var today: String

    public init(name: String, metadata: ImageMetadata, files: [FileEntry], present: Set<String>,
                osRelease: [String: String], today: String) {
        self.name = name
        self.metadata = metadata
        self.files = files
        self.present = present
        self.osRelease = osRelease
        self.today = today
    }

    /// Shells, package managers and SSH daemons the rules ask about.
    public static let shells = ["/bin/sh", "/bin/bash", "/bin/ash", "/bin/dash", "/bin/zsh", "/bin/ksh", "/usr/bin/bash",
                                "/usr/bin/sh", "/bin/busybox"]
    public static let packageManagers = ["/usr/bin/apt-get", "/usr/bin/apt", "/usr/bin/dpkg", "/sbin/apk", "/usr/bin/yum",
                                         "/usr/bin/dnf", "/usr/bin/microdnf", "/usr/bin/rpm", "/usr/bin/zypper", "/usr/bin/pacman"]
    public static let sshDaemons = ["/usr/sbin/sshd", "/usr/sbin/dropbear"]
    public static var probePaths: [String] { shells + packageManagers + sshDaemons }

    /// Gathers the facts from a resolved image.
    public static func gather(_ resolver: ImageResolver, name: String, today: String) throws -> ImageFacts {
        var present = Set<String>()
        for p in probePaths {
            if let e = try resolver.entry(at: p), e.kind == .regular { present.insert(p) }
        }
        var osRelease: [String: String] = [:]
        for p in ["/etc/os-release", "/usr/lib/os-release"] {
            guard let e = try resolver.entry(at: p), e.kind == .regular,
                  let bytes = try? resolver.contents(of: e, limit: 64 << 10) else { continue }
            osRelease = parseOSRelease(String(decoding: bytes, as: UTF8.self))
            break
        }
        return ImageFacts(name: name, metadata: resolver.metadata, files: try resolver.files(matching: "**"),
                          present: present, osRelease: osRelease, today: today)
    }

    public static func parseOSRelease(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let eq = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            var v = String(line[line.index(after: eq)...])
            if v.count >= 2, let f = v.first, f == "\"" || f == "'", v.last == f { v = String(v.dropFirst().dropLast()) }
            out[String(line[..<eq])] = v
        }
        return out
    }
}
