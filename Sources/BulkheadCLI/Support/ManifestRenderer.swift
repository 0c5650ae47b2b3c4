import Foundation

/// Renders a Helm chart or a kustomization directory with the tool on PATH (`helm template`,
/// `kustomize build`, else `kubectl kustomize`), so `bulkhead k8s chart/` audits what would be
/// applied rather than the templates. Without the tool the directory is walked as plain files.
enum ManifestRenderer {
    struct Rendered {
        var label: String
        var text: String
    }

    static func which(_ tool: String, environment: [String: String]) -> String? {
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The rendered manifests of `directory`, nil when it is neither a chart nor a kustomization
    /// or no renderer is installed.
    static func render(_ directory: String, environment: [String: String]) throws -> Rendered? {
        let fm = FileManager.default
        var command: [String]?
        var label = ""
        if fm.fileExists(atPath: directory + "/Chart.yaml"), let helm = which("helm", environment: environment) {
            command = [helm, "template", directory]
            label = "\(directory) (helm template)"
        } else if ["kustomization.yaml", "kustomization.yml", "Kustomization"].contains(where: { fm.fileExists(atPath: directory + "/" + $0) }) {
            if let kustomize = which("kustomize", environment: environment) {
                command = [kustomize, "build", directory]
                label = "\(directory) (kustomize build)"
            } else if let kubectl = which("kubectl", environment: environment) {
                command = [kubectl, "kustomize", directory]
                label = "\(directory) (kubectl kustomize)"
            }
        }
        guard let command else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command[0])
        p.arguments = Array(command.dropFirst())
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let errData = DispatchQueue.global(qos: .userInitiated)
        nonisolated(unsafe) var errBytes = Data()
        let group = DispatchGroup()
        group.enter()
        errData.async { errBytes = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw OperationalError("\(label) failed (exit \(p.terminationStatus)): \(String(decoding: errBytes, as: UTF8.self).prefix(500))")
        }
        return Rendered(label: label, text: String(decoding: data, as: UTF8.self))
    }
}
