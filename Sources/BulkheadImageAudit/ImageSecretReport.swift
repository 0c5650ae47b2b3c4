import BulkheadCore
import BulkheadImage
import BulkheadSecrets

/// Turns what ``ImageSecretInspector`` and ``ImageConfigSecrets`` found into report findings.
public enum ImageSecretReport {
    /// Layer secrets (each named by its layer, with a note when a later layer deleted or replaced
    /// the file) and config secrets.
    public static func findings(_ image: ImageResolver, inspector: ImageSecretInspector, scanner: SecretScanner,
                                    name: String) -> [Finding] {
        let meta = image.metadata
        let order = meta.diffIDs.isEmpty ? meta.layerDigests : meta.diffIDs
        var out: [Finding] = []
        for lm in inspector.results(layerOrder: order).matches {
            let index = meta.layerIndex(of: lm.layer)
            var context = "in layer \((index ?? -1) + 1) (\(lm.layer.prefix(19)))"
            if let index, let raw = meta.createdBy(layer: index) {
                // The command line can hold the very secret (or another one): never quote it raw.
                let step = scanner.redactingSecrets(in: raw)
                context += " made by `\(step.count > 80 ? String(step.prefix(80)) + "…" : step)`"
            }
            let final = try? image.entry(at: lm.match.path)
            if final == nil {
                context += "; deleted by a later layer but still in the image"
            } else if let final, final.layer != lm.layer {
                context += "; replaced by a later layer but still in the image"
            }
            var f = lm.match.finding(context: context)
            f.layer = lm.layer
            f.fingerprint = Finding.computeFingerprint(ruleID: lm.match.ruleID, file: lm.match.path, context: lm.layer + lm.match.valueDigest)
            out.append(f)
        }
        out += ImageConfigSecrets.scan(meta, scanner: scanner, imageName: name)
        return out
    }

}
