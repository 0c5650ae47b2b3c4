import BulkheadCore

/// DL3026: images from registries outside the configured allow-list.
struct AllowedRegistriesRule: DockerfileRule {
    /// The rule is off until registries are configured; examples use `registry.example.com`.
    static let exampleOptions = DockerfileLintOptions(trustedRegistries: ["registry.example.com", "*.corp.example"])

    static let metadata = RuleMetadata(
        id: "DF126", slug: "allowed-registries", title: "Image comes from a registry that is not allowed",
        severity: .high, category: .supplyChain,
        rationale: """
            When `trustedRegistries` is configured, every base image, `COPY --from` image and \
            `RUN --mount` source must come from one of them, so a typo-squatted or public image \
            cannot slip into the build. Images without a registry come from Docker Hub and pass \
            only when `docker.io` or `hub.docker.com` is trusted. Off while the list is empty.
            """,
        fix: "Pull the image through an allowed registry (`FROM registry.example.com/debian:12`) or add the registry to `trustedRegistries`.",
        references: [.hadolint("DL3026")],
        examples: RuleExamples(
            triggering: [
                "↓FROM debian:12",
                "↓FROM quay.io/prometheus/node-exporter:v1.8.1",
                "FROM registry.example.com/golang:1.22 AS build\n↓COPY --from=ghcr.io/acme/tools:1 /bin/tool /bin/tool",
                "FROM registry.example.com/golang:1.22\n↓RUN --mount=type=bind,from=untrusted.com/src:1,target=/src make",
                "↓FROM registry.example.com:5000/debian:12",
            ],
            passing: [
                "FROM registry.example.com/debian:12",
                "FROM mirror.corp.example/debian:12",
                "FROM scratch",
                "FROM registry.example.com/golang:1.22 AS builder1\nFROM builder1 AS builder2\nCOPY --from=builder1 /a /b",
                "FROM registry.example.com/golang:1.22\nRUN --mount=type=cache,target=/root/.cache make",
            ],
            hiddenTriggering: [
                // Hadolint reads `--from` values as written: the quotes become part of the registry.
                "FROM registry.example.com/golang:1.22\n↓COPY --from=\"registry.example.com/tools:1\" /a /b",
                // `--from=0` is read as a Docker Hub image name.
                "FROM registry.example.com/golang:1.22\n↓COPY --from=0 /a /b",
                "↓FROM $BASE",
            ],
            hiddenPassing: [
                "FROM registry.example.com/golang:1.22\nRUN --mount=type=secret,id=token,from=x.com/y make",
                "FROM registry.example.com/golang:1.22\nONBUILD COPY --from=x.com/y:1 /a /b",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let patterns = context.options.trustedRegistries
        guard !patterns.isEmpty else { return }
        let aliases = Set(context.file.instructions[..<instruction.index].compactMap { ins -> String? in
            guard case .from(let from) = ins.arguments else { return nil }
            return from.alias?.raw
        })
        func ok(_ raw: String) -> Bool {
            let image = HadolintImageName(raw)
            if aliases.contains(image.name) { return true }
            return Self.allowed(image, patterns: patterns)
        }
        let message = "Use only an allowed registry in the FROM image"
        switch instruction.name {
        case .from:
            guard case .from(let from) = instruction.arguments, !ok(from.imageWord.raw) else { return }
            report(Violation(instruction, "\(message): '\(from.imageWord.raw)'"))
        case .copy:
            guard let source = Hadolint.rawFlagValue("from", of: instruction), !ok(source) else { return }
            report(Violation(instruction, "\(message): '\(source)'"))
        case .run:
            let bad = RunMount.all(of: instruction, reading: .asWritten).lazy
                .filter { $0.type == "bind" || $0.type == "cache" }
                .map { $0.from ?? "scratch" }
                .first { !ok($0) }
            guard let bad else { return }
            report(Violation(instruction, "\(message): '\(bad)'"))
        default:
            return
        }
    }

    static func allowed(_ image: HadolintImageName, patterns: [String]) -> Bool {
        if let registry = image.registry {
            return patterns.contains { matches($0, registry) }
        }
        if image.name == "scratch" { return true }
        return patterns.contains { matches($0, "docker.io") || matches($0, "hub.docker.com") }
    }

    static func matches(_ pattern: String, _ registry: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasPrefix("*") { return registry.hasSuffix(pattern.dropFirst()) }
        if pattern.hasSuffix("*") { return registry.hasPrefix(pattern.dropLast()) }
        return registry == pattern
    }
}
