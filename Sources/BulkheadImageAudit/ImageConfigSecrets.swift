import BulkheadCore
import BulkheadImage
import BulkheadSecrets

/// Secrets in an image's config: `Env`, `Labels` and the `history` lines (`created_by` shows RUN
/// commands with their build arguments, `|2 TOKEN=… /bin/sh -c …`). Anyone who can pull the image
/// reads them with `docker inspect` / `docker history`.
public enum ImageConfigSecrets {
    /// Findings located at `image config` with the field path (`config.Env[2]`, `history[4].created_by`).
    /// A value already reported from `Env` is not reported again from history.
    public static func scan(_ meta: ImageMetadata, scanner: SecretScanner, imageName: String) -> [Finding] {
        var out: [Finding] = []
        var seen = Set<String>()
        func run(_ text: String, field: String, context: String) {
            for m in scanner.scan(Array(text.utf8), path: field) where !seen.contains(m.valueDigest) {
                seen.insert(m.valueDigest)
                var f = m.finding(file: imageName, context: context)
                f.location = SourceLocation(file: imageName, range: nil, fieldPath: field)
                f.fingerprint = Finding.computeFingerprint(ruleID: m.ruleID, file: imageName, context: field + m.valueDigest)
                out.append(f)
            }
        }
        for (i, e) in meta.env.enumerated() {
            let name = e.split(separator: "=", maxSplits: 1).first.map(String.init) ?? e
            run(e, field: "config.Env[\(i)]", context: "(image config Env \(name)): visible to anyone who can pull the image")
        }
        for (k, v) in meta.labels.sorted(by: { $0.key < $1.key }) {
            run("\(k)=\(v)", field: "config.Labels.\(k)", context: "(image config label \(k))")
        }
        for (i, h) in meta.history.enumerated() {
            run(h, field: "history[\(i)].created_by", context: "(image history step \(i + 1): build arguments and commands are stored in the image)")
        }
        return out
    }
}
