import BulkheadCore

@testable import BulkheadSBOM

/// Fixed SBOM inputs for the golden files: deb and apk packages with source packages and
/// layers, PyPI packages with licenses (identifiers, expressions, free text), the same purl
/// found twice, and names that need percent-encoding in a purl (`libstdc++6`, `@types/node`).
enum SBOMFixtures {
    static let tool = SBOMDocument.Tool(name: "bulkhead", version: "0.1.0")
    static let layerA = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
    static let layerB = "sha256:2222222222222222222222222222222222222222222222222222222222222222"
    static let digest = "sha256:abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd"

    static func deb(_ name: String, _ version: String, source: String? = nil, licenses: [String]) -> Package {
        Package(name: name, version: version, ecosystem: .debian,
                purl: PURL(type: "deb", namespace: "debian", name: name, version: version,
                           qualifiers: ["arch": "amd64", "distro": "debian-12"]),
                licenses: licenses, locations: [PackageLocation(path: "/var/lib/dpkg/status", layer: layerA)],
                foundBy: "dpkg-db-cataloger", sourceName: source, sourceVersion: source == nil ? nil : version,
                architecture: "amd64")
    }

    static func apk(_ name: String, _ version: String, licenses: [String]) -> Package {
        Package(name: name, version: version, ecosystem: .alpine,
                purl: PURL(type: "apk", namespace: "alpine", name: name, version: version,
                           qualifiers: ["arch": "x86_64", "distro": "alpine-3.19.1"]),
                licenses: licenses, locations: [PackageLocation(path: "/lib/apk/db/installed", layer: layerA)],
                foundBy: "apk-db-cataloger", sourceName: name, architecture: "x86_64")
    }

    static func pypi(_ name: String, _ version: String, licenses: [String], path: String,
                     layer: String? = layerB) -> Package {
        Package(name: name, version: version, ecosystem: .pypi,
                purl: PURL(type: "pypi", name: name.lowercased(), version: version),
                licenses: licenses, locations: [PackageLocation(path: path, layer: layer)],
                foundBy: "python-installed-package-cataloger")
    }

    /// A dpkg dependency edge, so writers emit CycloneDX `dependencies` and SPDX `DEPENDS_ON`.
    static func dependsOnLibc(_ package: Package) -> Package {
        var p = package
        p.dependencies = [deb("libc6", "2.36-9+deb12u4", source: "glibc", licenses: []).purl]
        return p
    }

    static let packages: [Package] = [
        pypi("requests", "2.31.0", licenses: ["Apache-2.0"],
             path: "/usr/lib/python3/site-packages/requests-2.31.0.dist-info/METADATA"),
        deb("libc6", "2.36-9+deb12u4", source: "glibc", licenses: ["LGPL-2.1-or-later", "GPL-2+"]),
        dependsOnLibc(deb("libstdc++6", "12.2.0-14", source: "gcc-12", licenses: ["GPL-3.0-only WITH GCC-exception-3.1"])),
        apk("musl", "1.2.4-r2", licenses: ["MIT"]),
        pypi("cryptography", "41.0.7", licenses: ["apache-2.0 or bsd-3-clause", "PSF-2.0"],
             path: "/usr/lib/python3/site-packages/cryptography-41.0.7.dist-info/METADATA"),
        pypi("six", "1.16.0", licenses: ["MIT"], path: "/usr/lib/python3/site-packages/six-1.16.0.dist-info/METADATA"),
        pypi("six", "1.16.0", licenses: ["MIT"], path: "/opt/venv/lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA"),
        pypi("in-house", "0.0.1", licenses: ["Proprietary (c) Example Corp."],
             path: "/app/in_house-0.0.1.dist-info/METADATA"),
        Package(name: "node", version: "20.10.0", ecosystem: .npm,
                purl: PURL(type: "npm", namespace: "@types", name: "node", version: "20.10.0"),
                licenses: ["MIT"], locations: [PackageLocation(path: "/app/node_modules/@types/node/package.json", layer: layerB)],
                foundBy: "javascript-package-cataloger"),
    ]

    static let image = SBOMDocument(
        subject: .init(name: "registry.example.com/team/app:1.0", kind: .image, version: "1.0", digest: digest),
        operatingSystem: .init(id: "debian", version: "12", prettyName: "Debian GNU/Linux 12 (bookworm)"),
        packages: packages, tool: tool)

    static let directory = SBOMDocument(
        subject: .init(name: "./project", kind: .directory),
        packages: [pypi("requests", "2.31.0", licenses: [], path: "requirements.txt", layer: nil)], tool: tool)

    static let empty = SBOMDocument(subject: .init(name: "scratch", kind: .image), packages: [], tool: tool)

    static let cases: [(String, SBOMDocument)] = [("image", image), ("directory", directory), ("empty", empty)]

    static func document(_ name: String) -> SBOMDocument? { cases.first { $0.0 == name }?.1 }
}
