import BulkheadCore

/// `chmod 777`, `chmod -R a+w`, `COPY --chmod=777`: files writable by every user.
struct WorldWritableRule: DockerfileRule {
    static let metadata = RuleMetadata(
        id: "DF306", slug: "world-writable", title: "Files made world-writable",
        severity: .medium, category: .privilege,
        rationale: """
            A world-writable file or directory lets any process in the container, whatever its \
            user, replace binaries, scripts or configuration that a more privileged process later \
            runs or trusts: a classic privilege-escalation path.
            """,
        fix: "Grant write access to the owning user or group only (`chmod 755` / `chmod 0640`, `chown app:app`); use `chmod 1777` only for shared temp directories.",
        references: [.cis("CIS Docker 4.8")],
        examples: RuleExamples(
            triggering: [
                "FROM alpine:3.20\nRUN ↓chmod 777 /app",
                "FROM alpine:3.20\nRUN mkdir /data && ↓chmod -R a+rwx /data",
                "FROM alpine:3.20\n↓COPY --chmod=666 config.yml /etc/app/",
                "FROM alpine:3.20\nRUN ↓chmod o+w /usr/local/bin/tool",
            ],
            passing: [
                "FROM alpine:3.20\nRUN chmod 755 /app && chmod u+x /app/run.sh",
                "FROM alpine:3.20\nRUN chmod 1777 /tmp/shared",
                "FROM alpine:3.20\nCOPY --chmod=0755 run.sh /usr/local/bin/",
                "FROM alpine:3.20\nRUN chmod o-w /app",
            ]))

    /// Whether a chmod mode string grants write permission to "others" without the sticky bit.
    static func grantsWorldWrite(_ mode: String) -> Bool {
        if mode.allSatisfy({ $0.isNumber }), !mode.isEmpty {
            guard let value = Int(mode, radix: 8) else { return false }
            let sticky = value & 0o1000 != 0
            return value & 0o002 != 0 && !sticky
        }
        // Symbolic: clauses separated by commas, e.g. a+rwx, o+w, ugo=rwx.
        for clause in mode.split(separator: ",") {
            guard let opIndex = clause.firstIndex(where: { $0 == "+" || $0 == "=" }) else { continue }
            let who = clause[..<opIndex]
            let perms = clause[clause.index(after: opIndex)...]
            let others = who.isEmpty || who.contains("a") || who.contains("o")
            if others && perms.contains("w") && !perms.contains("t") { return true }
        }
        return false
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let target = instruction.effective
        if target.name == .copy || target.name == .add, let mode = target.flag("chmod")?.value, Self.grantsWorldWrite(mode) {
            report(Violation(instruction, "\(target.name.rawValue.uppercased()) --chmod=\(mode) makes files world-writable"))
            return
        }
        guard let run = context.script(for: instruction) else { return }
        for cmd in run.commands where cmd.program == "chmod" {
            guard let mode = cmd.argumentsWithoutFlags.first, Self.grantsWorldWrite(mode) else { continue }
            let paths = cmd.argumentsWithoutFlags.dropFirst().joined(separator: " ")
            report(Violation(instruction, run, scriptOffset: cmd.offset, "chmod \(mode) makes \(paths) world-writable"))
            return
        }
    }
}
