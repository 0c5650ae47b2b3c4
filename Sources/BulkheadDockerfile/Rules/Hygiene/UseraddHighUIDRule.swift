import BulkheadCore

/// DL3046: `useradd -u <long uid>` without `-l`.
struct UseraddHighUIDRule: DockerfileRule {
    static let message = "`useradd` without flag `-l` and high UID will result in excessively large Image."

    static let metadata = RuleMetadata(
        id: "DF146", slug: "useradd-high-uid-without-l", title: "useradd with a high UID and without -l",
        severity: .medium, category: .hygiene,
        rationale: """
            `useradd` initialises `/var/log/lastlog` and `/var/log/faillog`, sparse files indexed by \
            UID. Image layers do not keep files sparse, so a UID with more than 5 digits can add \
            gigabytes of zeroes to the image.
            """,
        fix: "Add `-l` (`--no-log-init`): `useradd -l -u 123456 app`, or use a UID below 100000.",
        references: [.hadolint("DL3046")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓RUN useradd -u 123456 luser",
                "FROM debian:12\n↓RUN groupadd app && useradd -ou 1234567 -g app app",
                "FROM debian:12\n↓ONBUILD RUN useradd -u 123456 app",
            ],
            passing: [
                "FROM debian:12\nRUN useradd luser",
                "FROM debian:12\nRUN useradd -u 12345 luser",
                "FROM debian:12\nRUN useradd -l -u 123456 luser",
                "FROM debian:12\nRUN useradd --no-log-init -u 123456 luser",
            ],
            hiddenTriggering: [
                "FROM debian:12\n↓RUN useradd -u ${UID} app",
                "FROM debian:12\n↓RUN useradd -u $UID app",
            ],
            hiddenPassing: [
                "FROM debian:12\nRUN useradd --uid 1234567 luser",
                "FROM debian:12\nRUN useradd -u=1234567 luser",
                "FROM debian:12\nRUN echo useradd -u 123456 luser",
            ]))

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        guard let script = Hadolint.strictHeredocScript(instruction, in: context) else { return }
        for command in script.commands where command.name == "useradd" {
            guard !command.hasAnyFlag(["l", "no-log-init"]), command.hasAnyFlag(["u", "uid"]) else { continue }
            let uids = command.flagArgumentWords("u").map(Self.uidText)
            if let uid = uids.first(where: { $0.unicodeScalars.count > 5 }) {
                report(Violation(instruction, "\(Self.message) (UID \(uid))"))
                return
            }
        }
    }

    /// The UID word as this rule has always rendered it, close to Hadolint's rendering: quotes
    /// removed, `$v` written `${v}`, `$(cmd a)` as `${cmda}`, backticks and `$((…))` as `${VAR}`.
    ///
    /// This is a simpler renderer than ``ShellWord/hadolintText(_:)`` (which the other DL rules
    /// use through ``RunScript/hadolintCommands``) and it disagrees with Hadolint 2.15.1 on
    /// `-u {123456,1}`, `-u $'12345'`, `-u "\d1234"` and `-u $(a;b)` (checked against the
    /// 2.15.1 binary). Moving to the shared renderer changes findings, so it is a separate step.
    private static func uidText(_ word: ShellWord) -> String {
        let c = Array(word.raw.unicodeScalars)
        var out = ""
        var i = 0
        var inDouble = false
        func isNameStart(_ s: Unicode.Scalar) -> Bool { s == "_" || (s.isASCII && s.properties.isAlphabetic) }
        func isName(_ s: Unicode.Scalar) -> Bool { isNameStart(s) || ("0"..."9").contains(s) }
        while i < c.count {
            let ch = c[i]
            if !inDouble && ch == "'" {
                i += 1
                while i < c.count, c[i] != "'" { out.unicodeScalars.append(c[i]); i += 1 }
                i += 1
                continue
            }
            if ch == "\"" { inDouble.toggle(); i += 1; continue }
            if ch == "\\", i + 1 < c.count {
                out.unicodeScalars.append(c[i + 1])
                i += 2
                continue
            }
            if ch == "`" {
                i += 1
                while i < c.count, c[i] != "`" { i += 1 }
                i += 1
                out += "${VAR}"
                continue
            }
            if ch == "$", i + 1 < c.count {
                let n = c[i + 1]
                if n == "(" {
                    var depth = 0
                    var j = i + 1
                    while j < c.count {
                        if c[j] == "(" { depth += 1 } else if c[j] == ")" {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        j += 1
                    }
                    let arithmetic = i + 2 < c.count && c[i + 2] == "("
                    let inner = c[(i + 2)..<min(j, c.count)].filter { $0 != " " && $0 != "\t" && $0 != "\n" }
                    out += arithmetic ? "${VAR}" : "${" + String(String.UnicodeScalarView(inner)) + "}"
                    i = j + 1
                    continue
                }
                if n == "{" {
                    var j = i + 1
                    while j < c.count, c[j] != "}" { j += 1 }
                    out.unicodeScalars.append(contentsOf: c[i..<min(j + 1, c.count)])
                    i = j + 1
                    continue
                }
                if isNameStart(n) {
                    var j = i + 1
                    while j < c.count, isName(c[j]) { j += 1 }
                    out += "${" + String(String.UnicodeScalarView(c[(i + 1)..<j])) + "}"
                    i = j
                    continue
                }
                if ("0"..."9").contains(n) || "@*#?-$!".unicodeScalars.contains(n) {
                    out += "${" + String(n) + "}"
                    i += 2
                    continue
                }
            }
            out.unicodeScalars.append(ch)
            i += 1
        }
        return out
    }
}
