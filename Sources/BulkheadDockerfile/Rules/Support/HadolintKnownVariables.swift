/// The ENV and ARG names Hadolint's DL3033/DL3041 know at a RUN (a `pkg-$VERSION` argument
/// counts as pinned when VERSION is known), kept for both instruction streams Hadolint runs
/// those rules over: the instructions themselves and, separately, the ONBUILD triggers.
struct HadolintKnownVariables: Sendable {
    /// The names known in one instruction stream: the ENV keys of the current stage (which
    /// starts with those of the stage named like its FROM image) and every ARG seen so far.
    struct Stream: Sendable {
        var stageEnvs: [Set<String>] = []
        var stageAliases: [String?] = []
        /// ENV keys seen before any FROM (only happens in the ONBUILD stream).
        var preStageEnv: Set<String> = []
        var args: Set<String> = []

        /// Takes in a FROM (new stage), ENV (its keys) or ARG (its names); ignores the rest.
        mutating func update(_ instruction: Instruction) {
            switch instruction.arguments {
            case .from(let from):
                let base = HadolintImageName(from).name
                let inherited = stageAliases.indices.last { stageAliases[$0] == base }.map { stageEnvs[$0] } ?? []
                stageEnvs.append(inherited)
                stageAliases.append(from.alias?.raw)
            case .pairs(let pairs) where instruction.name == .env:
                let keys = pairs.map(\.key)
                if stageEnvs.isEmpty {
                    preStageEnv.formUnion(keys)
                } else {
                    stageEnvs[stageEnvs.count - 1].formUnion(keys)
                }
            case .args(let decls):
                args.formUnion(decls.map(\.name))
            default:
                break
            }
        }

        /// The names known now: the current stage's ENV keys and all ARGs.
        var known: Set<String> { (stageEnvs.last ?? preStageEnv).union(args) }
    }

    /// The instructions themselves.
    var main = Stream()
    /// The instructions inside `ONBUILD`.
    var onbuild = Stream()

    /// Feeds the instruction to its stream (ONBUILD triggers to ``onbuild``) and returns the
    /// names known at it.
    mutating func visit(_ instruction: Instruction) -> Set<String> {
        if instruction.name == .onbuild {
            onbuild.update(instruction.effective)
            return onbuild.known
        }
        main.update(instruction)
        return main.known
    }
}
