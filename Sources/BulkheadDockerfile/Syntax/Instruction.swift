import BulkheadCore

/// Every instruction keyword of the Dockerfile reference.
public enum InstructionName: String, Sendable, Hashable, CaseIterable {
    case from, run, cmd, label, maintainer, expose, env, add, copy, entrypoint, volume, user
    case workdir, arg, onbuild, stopsignal, healthcheck, shell
}

/// One instruction, with its source range and both views of its arguments: BuildKit's raw
/// argument list (``rawArguments``, what `docker build` sees) and a typed view (``arguments``).
public struct Instruction: Sendable, Hashable {
    /// The keyword as written (`run`, `RUN`, `Run`).
    public var keyword: String
    public var name: InstructionName
    public var flags: [InstructionFlag]
    public var arguments: Arguments
    /// BuildKit's parsed argument values (the AST `Next` chain), used by the dump and by rules
    /// that need the raw words.
    public var rawArguments: [String]
    /// Whether the arguments were written in JSON (exec) form.
    public var isJSON: Bool
    /// The logical line after continuations were joined (BuildKit's `Original`).
    public var text: String
    public var heredocs: [Heredoc]
    public var range: SourceRange
    /// Index in ``Dockerfile/instructions``.
    public var index: Int
    /// The stage this instruction belongs to; `nil` for ARGs before the first FROM.
    public var stageIndex: Int?
    /// Byte offset in ``text`` where the arguments (after flags) start.
    public var argumentsOffset: Int
    /// Comment lines directly above the instruction (without `#`).
    public var comments: [String]
    let segments: [LineSegment]

    /// The source position of a byte offset in ``text``.
    public func position(ofOffset offset: Int) -> SourcePosition {
        LineSegment.position(of: offset, in: segments, text: text)
    }

    /// The source position of the first character of the arguments.
    public var argumentsPosition: SourcePosition { position(ofOffset: argumentsOffset) }

    /// The first flag named `name` (without dashes), e.g. `flag("from")`.
    public func flag(_ name: String) -> InstructionFlag? {
        flags.first { $0.name.lowercased() == name }
    }

    /// The nested instruction of `ONBUILD`, else `self`.
    public var effective: Instruction {
        if case .onbuild(let inner) = arguments { return inner.value }
        return self
    }
}

/// `--name=value` given to an instruction, as in `COPY --from=build` or `RUN --mount=type=cache`.
public struct InstructionFlag: Sendable, Hashable {
    public var name: String
    public var value: String?
    /// The flag exactly as BuildKit keeps it (`--from=build`).
    public var raw: String
    public var position: SourcePosition
}

/// A reference-type box so `Arguments` can nest an instruction (ONBUILD) and stay a value.
public struct Boxed<Value: Sendable & Hashable>: Sendable, Hashable {
    private final class Storage: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
    private let storage: Storage
    public init(_ value: Value) { storage = Storage(value) }
    public var value: Value { storage.value }
    public static func == (l: Boxed, r: Boxed) -> Bool { l.value == r.value }
    public func hash(into h: inout Hasher) { h.combine(value) }
}

/// The typed arguments of an instruction.
public enum Arguments: Sendable, Hashable {
    case from(FromArguments)
    /// RUN, CMD, ENTRYPOINT, SHELL.
    case command(CommandForm)
    /// ADD and COPY.
    case files(FileArguments)
    /// ENV and LABEL pairs.
    case pairs([KeyValue])
    /// ARG declarations.
    case args([ArgDeclaration])
    /// EXPOSE ports, VOLUME paths.
    case words([Word])
    /// USER, WORKDIR, MAINTAINER, STOPSIGNAL.
    case string(Word)
    case healthcheck(Healthcheck)
    case onbuild(Boxed<Instruction>)
    case none
}

/// A word with its position in the instruction's ``Instruction/text``.
public struct Word: Sendable, Hashable {
    /// As written, quotes and escapes included.
    public var raw: String
    /// With quotes removed and escapes resolved (no variable expansion).
    public var value: String
    /// Byte offset in the instruction text.
    public var offset: Int

    public init(raw: String, value: String, offset: Int) {
        self.raw = raw
        self.value = value
        self.offset = offset
    }
}

/// `FROM [--platform=…] image [AS name]`.
public struct FromArguments: Sendable, Hashable {
    public var image: ImageReference
    public var imageWord: Word
    public var alias: Word?
    /// The `AS` keyword as written, to check its casing.
    public var asKeyword: Word?
    public var platform: String?
}

/// Exec (JSON) or shell form of RUN, CMD, ENTRYPOINT, SHELL.
public enum CommandForm: Sendable, Hashable {
    case exec([String])
    /// Shell form: the command text and its byte offset in the instruction text.
    case shell(String, offset: Int)

    public var isExec: Bool { if case .exec = self { return true } else { return false } }
}

/// The sources and destination of ADD or COPY.
public struct FileArguments: Sendable, Hashable {
    public var sources: [Word]
    public var destination: Word?
}

/// One `key=value` of ENV or LABEL (or the legacy `KEY value` form).
public struct KeyValue: Sendable, Hashable {
    public var key: String
    /// The value as written (quotes kept).
    public var rawValue: String
    /// The value unquoted, escapes resolved.
    public var value: String
    /// `=` or `""` for the legacy space-separated form.
    public var separator: String
    public var offset: Int
    public var valueOffset: Int
}

/// One `ARG name[=default]`.
public struct ArgDeclaration: Sendable, Hashable {
    public var name: String
    public var defaultValue: String?
    public var offset: Int
}

/// `HEALTHCHECK NONE` or `HEALTHCHECK [flags] CMD command`.
public enum Healthcheck: Sendable, Hashable {
    case none
    case command(CommandForm)
    /// A type BuildKit does not know (kept, reported by rules).
    case other(String)
}

/// A here-document attached to RUN, COPY or ADD.
public struct Heredoc: Sendable, Hashable {
    public var name: String
    public var content: String
    /// Whether variables expand inside (the delimiter was unquoted).
    public var expand: Bool
    /// `<<-` strips leading tabs.
    public var chomp: Bool
    public var fileDescriptor: Int
    /// The source line where the body starts.
    public var bodyLine: Int
}

/// Maps byte offsets of a joined logical line back to source lines and columns.
struct LineSegment: Sendable, Hashable {
    var textOffset: Int
    var line: Int
    var column: Int
    /// The column of each byte is computed from the segment's bytes (UTF-8 aware).

    static func position(of offset: Int, in segments: [LineSegment], text: String) -> SourcePosition {
        guard var seg = segments.first else { return SourcePosition(line: 1, column: 1) }
        for s in segments where s.textOffset <= offset { seg = s }
        let utf8 = text.utf8
        let startIndex = utf8.index(utf8.startIndex, offsetBy: min(seg.textOffset, utf8.count))
        let endIndex = utf8.index(utf8.startIndex, offsetBy: min(max(offset, seg.textOffset), utf8.count))
        var scalars = 0
        for byte in utf8[startIndex..<endIndex] where byte & 0xC0 != 0x80 { scalars += 1 }
        return SourcePosition(line: seg.line, column: seg.column + scalars)
    }
}
