/// A software package found in an image or a directory: OS packages (dpkg, apk, rpm) and
/// language packages (Python, Node, Go, Java, …).
public struct Package: Sendable, Hashable {
    public var name: String
    public var version: String
    public var ecosystem: Ecosystem
    /// The Package URL (purl), with distro qualifiers for OS packages.
    public var purl: PURL
    /// Declared licenses as written in the metadata (SPDX expressions where the metadata has them).
    public var licenses: [String]
    /// Files that declared the package (`var/lib/dpkg/status`, `…/METADATA`).
    public var locations: [PackageLocation]
    /// The cataloger that found it (`dpkg-db-cataloger`), recorded as `foundBy`.
    public var foundBy: String
    /// Source package (dpkg `Source:`, apk `origin`, rpm `sourcerpm`), used to match distro advisories.
    public var sourceName: String?
    public var sourceVersion: String?
    public var architecture: String?
    /// Files the package owns, for layer attribution (dpkg `info/*.list`, apk `R:` lines).
    public var ownedFiles: [String]
    /// Packages of the same scan this one needs at run time (dpkg `Depends`/`Pre-Depends`, apk
    /// `D:`), resolved through names and `Provides`; empty when unknown.
    public var dependencies: [PURL]

    public init(name: String, version: String, ecosystem: Ecosystem, purl: PURL, licenses: [String] = [],
                locations: [PackageLocation] = [], foundBy: String, sourceName: String? = nil,
                sourceVersion: String? = nil, architecture: String? = nil, ownedFiles: [String] = [],
                dependencies: [PURL] = []) {
        self.name = name
        self.version = version
        self.ecosystem = ecosystem
        self.purl = purl
        self.licenses = licenses
        self.locations = locations
        self.foundBy = foundBy
        self.sourceName = sourceName
        self.sourceVersion = sourceVersion
        self.architecture = architecture
        self.ownedFiles = ownedFiles
        self.dependencies = dependencies
    }
}

/// Where a package was declared: a path inside the scanned root and, for images, the layer
/// (digest) that last wrote that file.
public struct PackageLocation: Sendable, Hashable, Codable {
    public var path: String
    public var layer: String?

    public init(path: String, layer: String? = nil) {
        self.path = path
        self.layer = layer
    }
}

/// Package ecosystems, named as OSV names them where OSV has a name.
public enum Ecosystem: String, Sendable, Hashable, CaseIterable, Codable {
    case debian = "Debian"
    case alpine = "Alpine"
    case rpm = "RPM"
    case pypi = "PyPI"
    case npm
    case go = "Go"
    case maven = "Maven"
    case rubygems = "RubyGems"
    case cargo = "crates.io"
    case packagist = "Packagist"
    case nuget = "NuGet"

    /// The purl `type` for the ecosystem.
    public var purlType: String {
        switch self {
        case .debian: "deb"
        case .alpine: "apk"
        case .rpm: "rpm"
        case .pypi: "pypi"
        case .npm: "npm"
        case .go: "golang"
        case .maven: "maven"
        case .rubygems: "gem"
        case .cargo: "cargo"
        case .packagist: "composer"
        case .nuget: "nuget"
        }
    }

    /// Whether packages of this ecosystem are installed by the operating system's package manager.
    public var isOperatingSystem: Bool { self == .debian || self == .alpine || self == .rpm }
}
