// swift-tools-version: 6.1
import PackageDescription

// Heavy dependencies stay in the one target that needs them (DESIGN §4.1):
// ArgumentParser only in the executable; Yams only in the modules that read YAML (config, k8s, Falco rules, feeds, ignore files).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Bulkhead",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bulkhead", targets: ["BulkheadCLI"]),
        .library(name: "BulkheadCore", targets: ["BulkheadCore"]),
        .library(name: "BulkheadDockerfile", targets: ["BulkheadDockerfile"]),
        .library(name: "BulkheadReport", targets: ["BulkheadReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // HTTPS servers (k8s audit webhook; the admission webhook next): only BulkheadServe uses them.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "BulkheadCore", swiftSettings: settings),
        .target(name: "BulkheadDockerfile", dependencies: ["BulkheadCore", "BulkheadSecrets"], swiftSettings: settings),
        .target(name: "BulkheadReport", dependencies: ["BulkheadCore"], swiftSettings: settings),
        // The secret detector every pillar shares (Dockerfiles, image layers, manifests, directories).
        .target(name: "BulkheadSecrets", dependencies: ["BulkheadCore"], swiftSettings: settings),
        // Image sources and file resolvers (directories now; archives and registries next).
        // zlib (Debian's zlib1g-dev) for layer decompression; only BulkheadImage links it.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        // Intel ISA-L's igzip: gzip layers inflate about 3x faster than with zlib.
        .systemLibrary(name: "CIsal", providers: [.apt(["libisal-dev"])]),
        .target(name: "BulkheadImage",
                dependencies: ["BulkheadCore", "CZlib", "CZstd", "CIsal", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: settings),
        // Catalogers: pure parsers over Core's FileResolver; never imports BulkheadImage.
        // zlib only to inflate jar entries and compressed binary sections (no image code).
        .target(name: "BulkheadCatalog", dependencies: ["BulkheadCore", "CZlib", "BulkheadZip"], swiftSettings: settings),
        // A hardened in-memory ZIP reader (jars, osv.dev all.zip exports); zlib raw inflate only.
        .target(name: "BulkheadZip", dependencies: ["CZlib"], swiftSettings: settings),
        // Debian's libsqlite3-dev: the vulnerability database talks to SQLite's C API directly
        // (prepared statements in bulk imports; no ORM build cost).
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // Vulnerability database (OSV, distro feeds, KEV, EPSS), version schemes, CVSS, matcher.
        .target(name: "BulkheadVulnDB",
                dependencies: ["BulkheadCore", "CSQLite", "BulkheadZip", .product(name: "Yams", package: "Yams")],
                swiftSettings: settings),
        // SBOM encoders (CycloneDX 1.6, SPDX 2.3).
        .target(name: "BulkheadSBOM", dependencies: ["BulkheadCore", "BulkheadCatalog"], swiftSettings: settings),
        // Kubernetes manifests: loading with positions, workload views, Pod Security Standards, rules.
        .target(name: "BulkheadKube", dependencies: ["BulkheadCore", "BulkheadSecrets", .product(name: "Yams", package: "Yams")],
                swiftSettings: settings),
        // Falco-compatible rules: loader, condition compiler, field sources (syscall, k8s audit), outputs.
        .target(name: "BulkheadFalco", dependencies: ["BulkheadCore", .product(name: "Yams", package: "Yams")],
                swiftSettings: settings),
        // HTTPS endpoints over Hummingbird + NIOSSL (PEM files, optional client-certificate CA).
        .target(name: "BulkheadServe",
                dependencies: [
                    "BulkheadCore",
                    .product(name: "Hummingbird", package: "hummingbird"),
                    .product(name: "HummingbirdCore", package: "hummingbird"),
                    .product(name: "HummingbirdTLS", package: "hummingbird"),
                    .product(name: "NIOSSL", package: "swift-nio-ssl"),
                    .product(name: "NIOCore", package: "swift-nio"),
                    .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                    .product(name: "Logging", package: "swift-log"),
                    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                ],
                swiftSettings: settings),
        // eBPF sensor: libbpf (Debian's libbpf-dev) from a system-library target; the BPF program
        // (Sources/BulkheadSensor/bpf) is compiled by the toolchain's clang through the BPFCompile
        // build-tool plugin and embedded in the binary.
        .systemLibrary(name: "CLibBPF", pkgConfig: "libbpf", providers: [.apt(["libbpf-dev", "libelf-dev", "zlib1g-dev"])]),
        .executableTarget(name: "BulkheadBPFEmbed", swiftSettings: settings),
        .plugin(name: "BPFCompile", capability: .buildTool(), dependencies: ["BulkheadBPFEmbed"]),
        .target(name: "BulkheadSensor", dependencies: ["BulkheadCore", "BulkheadFalco", "CLibBPF"],
                exclude: ["bpf"], swiftSettings: settings, plugins: ["BPFCompile"]),
        // What an image says about itself beyond packages: secrets in every layer and in its config,
        // hygiene rules (root user, shells, setuid, caches, EOL base), the minimality verdict.
        .target(name: "BulkheadImageAudit", dependencies: ["BulkheadCore", "BulkheadImage", "BulkheadSecrets"],
                swiftSettings: settings),
        .target(name: "BulkheadConfig", dependencies: ["BulkheadCore", .product(name: "Yams", package: "Yams")],
                swiftSettings: settings),
        .executableTarget(
            name: "BulkheadCLI",
            dependencies: [
                "BulkheadCore", "BulkheadDockerfile", "BulkheadReport", "BulkheadConfig",
                "BulkheadImage", "BulkheadCatalog", "BulkheadSBOM", "BulkheadVulnDB", "BulkheadKube", "BulkheadFalco", "BulkheadServe", "BulkheadSensor",
                "BulkheadSecrets", "BulkheadImageAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings),
        .target(name: "BulkheadTesting", dependencies: ["BulkheadCore"], swiftSettings: settings),
        .testTarget(name: "BulkheadCoreTests", dependencies: ["BulkheadCore", "BulkheadTesting"], swiftSettings: settings),
        .testTarget(name: "BulkheadDockerfileTests", dependencies: ["BulkheadDockerfile", "BulkheadTesting"],
                    swiftSettings: settings),
        .testTarget(name: "BulkheadReportTests", dependencies: ["BulkheadReport", "BulkheadDockerfile", "BulkheadTesting"],
                    resources: [.copy("Golden")], swiftSettings: settings),
        .testTarget(name: "BulkheadImageTests", dependencies: ["BulkheadImage", "BulkheadTesting"], swiftSettings: settings),
        .testTarget(name: "BulkheadKubeTests", dependencies: ["BulkheadKube", "BulkheadTesting"], swiftSettings: settings),
        .testTarget(name: "BulkheadVulnDBTests",
                    dependencies: ["BulkheadVulnDB", "BulkheadCatalog", "BulkheadImage", "BulkheadTesting"],
                    exclude: ["Fixtures"], swiftSettings: settings),
        .testTarget(name: "BulkheadCatalogTests", dependencies: ["BulkheadCatalog", "BulkheadZip", "BulkheadImage", "BulkheadTesting"],
                    resources: [.copy("Fixtures")], swiftSettings: settings),
        .testTarget(name: "BulkheadSBOMTests", dependencies: ["BulkheadSBOM", "BulkheadCatalog", "BulkheadTesting"],
                    exclude: ["Golden", "Fixtures"], swiftSettings: settings),
        .testTarget(name: "BulkheadFalcoTests", dependencies: ["BulkheadFalco", "BulkheadTesting", .product(name: "Yams", package: "Yams")],
                    exclude: ["Fixtures"], swiftSettings: settings),
        .testTarget(name: "BulkheadServeTests",
                    dependencies: ["BulkheadServe", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                    swiftSettings: settings),
        .testTarget(name: "BulkheadSensorTests", dependencies: ["BulkheadSensor", "BulkheadFalco", "BulkheadTesting"],
                    swiftSettings: settings),
        .testTarget(name: "BulkheadSecretsTests", dependencies: ["BulkheadSecrets", "BulkheadTesting"],
                    exclude: ["Corpus", "Corpus2"], swiftSettings: settings),
        .testTarget(name: "BulkheadImageAuditTests", dependencies: ["BulkheadImageAudit", "BulkheadImage", "BulkheadSecrets"],
                    swiftSettings: settings),
        .testTarget(name: "BulkheadConfigTests", dependencies: ["BulkheadConfig", "BulkheadTesting"], swiftSettings: settings),
        .testTarget(name: "BulkheadCLITests", dependencies: ["BulkheadTesting"], exclude: ["Support"], swiftSettings: settings),
    ],
    swiftLanguageModes: [.v6]
)
