import BulkheadCore

/// A Dockerfile lint rule: metadata plus a check run on every instruction in one pass.
///
/// Most rules are stateless (`State == Void`) and only implement ``check(_:in:state:report:)``.
/// Rules that decide at the end of the file keep `State` and implement ``finish(state:in:report:)``.
/// Rules are pure: they see the instruction, the parsed file and their typed options, nothing else.
public protocol DockerfileRule: Sendable {
    associatedtype State: Sendable = Void
    static var metadata: RuleMetadata { get }
    /// Options the rule's examples are checked with (for rules that only fire when configured,
    /// such as label-schema rules). Defaults to the default options.
    static var exampleOptions: DockerfileLintOptions { get }
    init()
    func makeState() -> State
    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout State,
               report: (Violation) -> Void)
    func finish(state: State, in context: DockerfileContext, report: (Violation) -> Void)
}

extension DockerfileRule where State == Void {
    public func makeState() -> Void { () }
}

extension DockerfileRule {
    public static var exampleOptions: DockerfileLintOptions { DockerfileLintOptions() }

    public func finish(state: State, in context: DockerfileContext, report: (Violation) -> Void) {}
}

/// One problem a rule reports: where and with what message.
public struct Violation: Sendable, Hashable {
    public var position: SourcePosition
    public var message: String
    /// The instruction it concerns, for fingerprints and pragmas.
    public var instructionIndex: Int?

    public init(at position: SourcePosition, _ message: String, instruction: Int? = nil) {
        self.position = position
        self.message = message
        self.instructionIndex = instruction
    }

    /// A violation at the start of `instruction`.
    public init(_ instruction: Instruction, _ message: String) {
        self.init(at: instruction.range.start, message, instruction: instruction.index)
    }

    /// A violation at a byte offset inside `instruction`'s text.
    public init(_ instruction: Instruction, offset: Int, _ message: String) {
        self.init(at: instruction.position(ofOffset: offset), message, instruction: instruction.index)
    }
}
