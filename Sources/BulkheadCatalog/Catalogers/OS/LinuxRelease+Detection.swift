import BulkheadCore

extension LinuxRelease {
    /// Files tried in order; the first that yields a release wins.
    static let osReleasePaths = ["/etc/os-release", "/usr/lib/os-release"]
    /// Every file ``detect(in:)`` reads (distroless detection only lists paths).
    public static let wantedGlobs = osReleasePaths + ["/etc/alpine-release", "/etc/debian_version", "/etc/redhat-release"]

    /// Detects the distribution of the tree: `/etc/os-release`, then `/usr/lib/os-release`, then
    /// `/etc/alpine-release`, `/etc/debian_version`, `/etc/redhat-release`.
    ///
    /// - Returns: the release (or `nil` when none of the files exist) and diagnostics for release
    ///   files that exist but cannot be read.
    public static func detect(in files: some FileResolver) -> (release: LinuxRelease?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        func read(_ path: String) -> String? {
            do {
                return try files.text(at: path, limit: ReadLimit.releaseFile)?.text
            } catch {
                diagnostics.append(error.diagnostic)
                return nil
            }
        }
        var release: LinuxRelease?
        for path in osReleasePaths {
            if let text = read(path), let found = fromOSRelease(text, source: path) {
                release = found
                break
            }
        }
        if release == nil, let text = read("/etc/alpine-release") {
            release = fromAlpineRelease(text, source: "/etc/alpine-release")
        }
        if release == nil, let text = read("/etc/debian_version") {
            release = fromDebianVersion(text, source: "/etc/debian_version")
        }
        if release == nil, let text = read("/etc/redhat-release") {
            release = fromRedHatRelease(text, source: "/etc/redhat-release")
        }
        if var found = release {
            found.isDistroless = isDistrolessTree(files)
            release = found
        }
        return (release, diagnostics)
    }

    /// Distroless images ship no shell and keep dpkg records one file per package in `status.d/`.
    static func isDistrolessTree(_ files: some FileResolver) -> Bool {
        let shell = try? files.entry(at: "/bin/sh")
        let statusDirectory = try? files.entry(at: "/var/lib/dpkg/status.d")
        return shell == nil && statusDirectory?.kind == .directory
    }

    // MARK: - Parsers (pure)

    /// A release from os-release text; `nil` when it has no assignments at all.
    static func fromOSRelease(_ text: String, source: String) -> LinuxRelease? {
        let values = OSReleaseParser.parse(text)
        guard !values.isEmpty else { return nil }
        func value(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        return LinuxRelease(
            id: value("ID")?.lowercased() ?? "linux",
            versionID: value("VERSION_ID"),
            versionCodename: value("VERSION_CODENAME"),
            prettyName: value("PRETTY_NAME"),
            idLike: (value("ID_LIKE") ?? "").split(separator: " ").map { $0.lowercased() },
            source: source)
    }

    /// `/etc/alpine-release` holds the full version (`3.19.1`).
    static func fromAlpineRelease(_ text: String, source: String) -> LinuxRelease? {
        guard let version = firstLine(text) else { return nil }
        return LinuxRelease(id: "alpine", versionID: version, prettyName: "Alpine Linux v\(version)", source: source)
    }

    /// `/etc/debian_version` holds `12.5` (the major is the os-release `VERSION_ID`) or a codename
    /// such as `bookworm/sid` on testing.
    static func fromDebianVersion(_ text: String, source: String) -> LinuxRelease? {
        guard let line = firstLine(text) else { return nil }
        let major = line.split(separator: ".").first.map(String.init) ?? line
        guard major.allSatisfy(\.isNumber) else {
            return LinuxRelease(id: "debian", versionCodename: line.split(separator: "/").first.map(String.init),
                                prettyName: "Debian GNU/Linux \(line)", source: source)
        }
        return LinuxRelease(id: "debian", versionID: major, prettyName: "Debian GNU/Linux \(line)", source: source)
    }

    /// `/etc/redhat-release`: `CentOS Linux release 7.9.2009 (Core)`, `Fedora release 39 (Thirty Nine)`.
    static func fromRedHatRelease(_ text: String, source: String) -> LinuxRelease? {
        guard let line = firstLine(text), let marker = line.firstRange(of: " release ") else { return nil }
        let product = line[..<marker.lowerBound].lowercased()
        let version = line[marker.upperBound...].split(separator: " ").first.map(String.init)
        let ids: [(String, String)] = [("centos", "centos"), ("red hat", "rhel"), ("fedora", "fedora"),
                                       ("rocky", "rocky"), ("alma", "almalinux"), ("oracle", "ol")]
        let id = ids.first { product.contains($0.0) }?.1
            ?? product.split(separator: " ").first.map(String.init) ?? "linux"
        return LinuxRelease(id: id, versionID: version, prettyName: line,
                            idLike: id == "fedora" ? [] : id == "rhel" ? ["fedora"] : ["rhel", "fedora"], source: source)
    }

    private static func firstLine(_ text: String) -> String? {
        let line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingWhitespace() } ?? ""
        return line.isEmpty ? nil : line
    }
}
