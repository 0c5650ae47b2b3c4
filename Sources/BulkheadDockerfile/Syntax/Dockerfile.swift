import BulkheadCore

/// A parsed Dockerfile: directives, instructions with positions, and build stages.
///
/// ```swift
/// let file = try DockerfileParser.parse(text, path: "Dockerfile")
/// for stage in file.stages { print(stage.name ?? "#\(stage.index)", stage.baseImage) }
/// ```
public struct Dockerfile: Sendable, Hashable {
    /// The path as given by the user (`-` for stdin).
    public var path: String
    public var directives: [ParserDirective]
    /// The escape character: `\` (default) or `` ` ``.
    public var escape: Character
    /// Top-level instructions in file order.
    public var instructions: [Instruction]
    public var stages: [Stage]
    /// Every comment line (for pragmas), with its 1-based line number.
    public var comments: [Comment]
    /// Source lines, for excerpts and fingerprints.
    public var lines: [String]
    /// Lines inside a continuation that were empty (BuildKit warns: NoEmptyContinuation).
    public var emptyContinuationLines: [Int]

    /// The directive value for `name` (`syntax`, `escape`, `check`), if present.
    public func directive(_ name: String) -> String? {
        directives.first { $0.name == name }?.value
    }

    /// Instructions that come before the first FROM (only ARG is legal there).
    public var globalInstructions: [Instruction] { instructions.filter { $0.stageIndex == nil } }

    /// Instructions of a stage, FROM included.
    public func instructions(of stage: Stage) -> ArraySlice<Instruction> {
        instructions[stage.instructionRange]
    }

    /// The stage named `name` (case-insensitive) declared before instruction `before`.
    public func stage(named name: String, before index: Int? = nil) -> Stage? {
        let lower = name.lowercased()
        return stages.first { stage in
            stage.name == lower && (index.map { stage.instructionRange.lowerBound < $0 } ?? true)
        }
    }
}

/// A parser directive at the top of the file (`# syntax=…`, `# escape=…`, `# check=…`).
public struct ParserDirective: Sendable, Hashable {
    public var name: String
    public var value: String
    public var line: Int
}

/// A comment line.
public struct Comment: Sendable, Hashable {
    public var line: Int
    /// The text after `#`, trimmed.
    public var text: String
}

/// One build stage: from its FROM up to the next FROM.
public struct Stage: Sendable, Hashable {
    public var index: Int
    /// The alias after `AS`, lowercased as BuildKit compares it.
    public var name: String?
    /// The alias exactly as written.
    public var writtenName: String?
    public var baseImage: ImageReference
    /// Index range in ``Dockerfile/instructions``.
    public var instructionRange: Range<Int>
    public var fromIndex: Int { instructionRange.lowerBound }
}
