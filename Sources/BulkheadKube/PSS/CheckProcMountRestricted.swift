/// The restricted level keeps the unconditional `procMount` rule after baseline relaxed it for
/// user-namespace pods in 1.35: from 1.35 this check replaces `procMount` at restricted, so
/// `Unmasked` stays forbidden there even with `hostUsers: false`.
extension PSSCheck {
    static let procMountRestricted = PSSCheck(id: "procMount_restricted", level: .restricted, versions: [
        PSSCheckVersion(1, 35, overrides: [procMountID]) { pod in requireDefaultProcMount(pod) },
    ])
}
