import BulkheadCore

/// What a rule may look at besides the current instruction: the parsed file, its stages, the
/// shell scripts of RUN instructions (parsed once), variables in scope, and the lint options.
public struct DockerfileContext: Sendable {
    public let file: Dockerfile
    public let options: DockerfileLintOptions
    /// Parsed RUN scripts by instruction index (POSIX shells only).
    private let scripts: [Int: RunScript]
    /// Stage index → whether its shell is POSIX (`SHELL ["pwsh", …]` is not).
    private let posixAt: [Int: Bool]

    public init(file: Dockerfile, options: DockerfileLintOptions = .init()) {
        self.file = file
        self.options = options
        var posix: [Int: Bool] = [:]
        var scripts: [Int: RunScript] = [:]
        let pragmaShell = file.comments.lazy.compactMap { Pragma.shellPragma($0.text) }.first
        var currentPosix = pragmaShell.map(ShellKind.isPOSIX) ?? true
        var stage: Int? = nil
        for ins in file.instructions {
            if ins.stageIndex != stage {
                stage = ins.stageIndex
                currentPosix = pragmaShell.map(ShellKind.isPOSIX) ?? true
            }
            if ins.name == .shell, case .command(.exec(let argv)) = ins.arguments, let first = argv.first {
                currentPosix = ShellKind.isPOSIX(first)
            }
            posix[ins.index] = currentPosix
            let target = ins.effective
            if currentPosix, target.name == .run, case .command(let form) = target.arguments {
                scripts[ins.index] = RunScript(instruction: target, form: form)
            }
        }
        self.scripts = scripts
        self.posixAt = posix
    }

    /// The stage an instruction belongs to.
    public func stage(of instruction: Instruction) -> Stage? {
        instruction.stageIndex.map { file.stages[$0] }
    }

    /// Whether `instruction` is in the last stage (the image that ships, unless `--target` says otherwise).
    public func isInFinalStage(_ instruction: Instruction) -> Bool {
        guard let s = instruction.stageIndex else { return false }
        return s == file.stages.count - 1
    }

    /// Whether RUN bodies at `instruction` run in a POSIX shell (not `pwsh`/`cmd`).
    public func isPOSIXShell(at instruction: Instruction) -> Bool { posixAt[instruction.index] ?? true }

    /// The parsed shell script of a RUN (or ONBUILD RUN); `nil` for other instructions and
    /// non-POSIX shells.
    public func script(for instruction: Instruction) -> RunScript? { scripts[instruction.index] }

    /// Whether `name` is an earlier stage's alias or index (for `COPY --from`, `FROM name`).
    public func isStageReference(_ name: String, before index: Int) -> Bool {
        if let n = Int(name) { return n >= 0 && n < file.stages.count }
        return file.stage(named: name, before: index) != nil
    }

    /// Variables in scope just before `instruction`, as BuildKit scopes them: global ARGs with
    /// defaults, then the stage's ARG/ENV declarations in order.
    public func variables(before instruction: Instruction) -> [String: String] {
        var globals: [String: String] = [:]
        for ins in file.globalInstructions where ins.index < instruction.index {
            if case .args(let decls) = ins.arguments {
                for d in decls { globals[d.name] = d.defaultValue ?? globals[d.name] ?? "" }
            }
        }
        guard let stage = stage(of: instruction) else { return globals }
        var vars: [String: String] = [:]
        for ins in file.instructions[stage.instructionRange] where ins.index < instruction.index {
            switch ins.arguments {
            case .args(let decls):
                for d in decls { vars[d.name] = d.defaultValue ?? globals[d.name] ?? vars[d.name] ?? "" }
            case .pairs(let pairs) where ins.name == .env:
                for p in pairs { vars[p.key] = Expansion.expand(p.value, vars) }
            default: break
            }
        }
        return vars
    }
}

/// A RUN instruction's shell script and how offsets map back to the instruction text.
public struct RunScript: Sendable {
    public let script: ShellScript
    /// The commands with words rendered as Hadolint renders them (`$v` → `${v}`, …), computed
    /// once here so the many Hadolint-mirroring rules do not each redo it.
    public let hadolintCommands: [ShellCommand]
    /// Byte offset of the script's first character in the instruction text, when the script is
    /// the instruction's own text (not a heredoc body).
    let baseOffset: Int?
    let commandLength: Int

    init(instruction: Instruction, form: CommandForm) {
        var text: String
        var base: Int?
        switch form {
        case .shell(let s, let offset):
            text = s
            base = offset
        case .exec(let argv):
            text = argv.joined(separator: " ")
            base = nil
        }
        // Heredocs, as Hadolint reads them: `RUN <<EOF` runs the body; `RUN cmd <<EOF` is `cmd`
        // (the body is its stdin). Bulkhead also reads the body when `cmd` is a shell
        // (`RUN bash <<EOF`), since the body is then the script that runs.
        var mapped: Int? = nil
        if !instruction.heredocs.isEmpty, base != nil, let marker = text.firstRange(of: "<<") {
            let head = String(text[..<marker.lowerBound])
            let headProgram = ShellScript.parse(head).commands.last?.program ?? ""
            if head.allSatisfy({ $0 == " " || $0 == "\t" }) {
                text = instruction.heredocs[0].content
                base = nil
            } else if ["sh", "bash", "ash", "dash", "zsh", "ksh"].contains(headProgram) {
                mapped = head.utf8.count
                text = head + "\n" + instruction.heredocs[0].content
            } else {
                text = head
            }
        }
        self.script = ShellScript.parse(text)
        self.hadolintCommands = script.commands.map(\.hadolintRendered)
        self.baseOffset = base
        self.commandLength = base == nil ? 0 : (mapped ?? text.utf8.count)
    }

    /// The instruction-text offset of a script offset; `nil` when it lies in a heredoc body.
    public func instructionOffset(_ scriptOffset: Int) -> Int? {
        guard let base = baseOffset, scriptOffset <= commandLength else { return nil }
        return base + scriptOffset
    }

    public var commands: [ShellCommand] { script.commands }
}

extension Violation {
    /// A violation at a shell command (or word) inside a RUN.
    public init(_ instruction: Instruction, _ run: RunScript, scriptOffset: Int, _ message: String) {
        if let off = run.instructionOffset(scriptOffset) {
            self.init(instruction, offset: off, message)
        } else {
            self.init(instruction, message)
        }
    }
}

/// Which shells count as POSIX for shell-aware rules.
enum ShellKind {
    static func isPOSIX(_ shell: String) -> Bool {
        var name = shell.lowercased()
        if let slash = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: slash)...]) }
        if name.hasSuffix(".exe") { name = String(name.dropLast(4)) }
        return !["pwsh", "powershell", "cmd"].contains(name)
    }
}
