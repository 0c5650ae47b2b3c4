import BulkheadCore

extension SecretMatch {
    /// The match as a report ``Finding``: the message names the kind, the redacted value, the file
    /// and (for images) the layer; the fingerprint hashes the value's digest, not its line, so it
    /// survives edits elsewhere in the file.
    ///
    /// - Parameters:
    ///   - file: the name the report shows (defaults to ``path``).
    ///   - context: appended to the message ("in layer 2 …, deleted by layer 3").
    public func finding(file: String? = nil, context: String? = nil) -> Finding {
        let rule = SecretRules.rule(ruleID.rawValue)
        var message = "\(title) '\(redacted)' in \(file ?? path)"
        if let context { message += " " + context }
        if let verification { message += " (\(verification))" }
        let aliases = rule?.metadata.references.compactMap { ref -> String? in
            if case .trivy(let id) = ref { return id } else { return nil }
        } ?? []
        return Finding(ruleID: ruleID, severity: severity, title: title, message: message,
                       location: SourceLocation(file: file ?? path, line: line, column: column),
                       fix: rule?.metadata.fix, aliases: aliases,
                       fingerprint: Finding.computeFingerprint(ruleID: ruleID, file: file ?? path, context: valueDigest))
    }
}
