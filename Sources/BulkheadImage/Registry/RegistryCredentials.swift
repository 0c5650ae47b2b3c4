import Foundation

/// Basic credentials for registries, read from the files Docker and Podman write:
/// `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`, `$DOCKER_CONFIG/config.json`,
/// `~/.docker/config.json` (first file with an entry for the host wins). Entries are
/// `auths.<host>.auth` (base64 `user:password`) or `username`/`password`. Credential helpers
/// (`credsStore`, `credHelpers`) are not run.
public struct RegistryCredentials: Sendable, Hashable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// `Basic base64(user:password)`.
    var basicHeader: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }

    /// The auth files consulted, in order, for `environment`.
    public static func authFiles(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var files: [String] = []
        if let f = environment["REGISTRY_AUTH_FILE"], !f.isEmpty { files.append(f) }
        if let r = environment["XDG_RUNTIME_DIR"], !r.isEmpty { files.append(r + "/containers/auth.json") }
        if let d = environment["DOCKER_CONFIG"], !d.isEmpty { files.append(d + "/config.json") }
        if let h = environment["HOME"], !h.isEmpty { files.append(h + "/.docker/config.json") }
        return files
    }

    /// Credentials for `host` from the first auth file that has them.
    ///
    /// - Throws: ``ImageError`` `corrupt` when an auth file exists but is not valid JSON (naming it).
    public static func lookup(host: String, files: [String] = authFiles()) throws(ImageError) -> RegistryCredentials? {
        let keys = host == "docker.io" || host == "registry-1.docker.io" || host == "index.docker.io"
            ? ["docker.io", "index.docker.io", "https://index.docker.io/v1/", "registry-1.docker.io"]
            : [host, "https://" + host, "http://" + host, "https://" + host + "/v1/", "https://" + host + "/v2/"]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            guard data.count <= 4 << 20 else { throw ImageError(.limitExceeded, "auth file is over 4 MiB", location: file) }
            let parsed: AuthFile
            do {
                parsed = try JSONDecoder().decode(AuthFile.self, from: data)
            } catch {
                throw ImageError(.corrupt, "auth file is not valid JSON: \(error)", location: file)
            }
            for key in keys {
                guard let entry = parsed.auths?[key] else { continue }
                if let user = entry.username, let pass = entry.password { return RegistryCredentials(username: user, password: pass) }
                if let auth = entry.auth, let decoded = Data(base64Encoded: auth), let text = String(data: decoded, encoding: .utf8),
                   let colon = text.firstIndex(of: ":") {
                    return RegistryCredentials(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
                }
            }
        }
        return nil
    }

    struct AuthFile: Decodable {
        struct Entry: Decodable {
            var auth: String?
            var username: String?
            var password: String?
        }
        var auths: [String: Entry]?
    }
}
