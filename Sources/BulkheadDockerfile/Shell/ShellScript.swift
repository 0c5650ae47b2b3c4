/// The simple commands inside a POSIX shell script, found by a tolerant tokenizer that
/// understands quotes, escapes, `&&`, `||`, `;`, `|`, `&`, subshells, `$(…)`, backticks,
/// redirections, heredoc bodies, comments and the compound-command keywords.
///
/// It never fails: unbalanced input ends the current word or command. Depth of nested
/// substitutions is bounded.
///
/// ```swift
/// let script = ShellScript.parse("apt-get update && apt-get install -y curl | tee log")
/// script.commands.map(\.program)   // ["apt-get", "apt-get", "tee"]
/// ```
public struct ShellScript: Sendable, Hashable {
    public var commands: [ShellCommand]
    public var source: String
    /// Whether a `|` or `|&` operator occurs anywhere, nested substitutions included (Hadolint's
    /// `hasPipes`), even between compound commands such as `{ …; } | tee f`.
    public var hasPipeOperator: Bool = false

    /// Whether some pipeline joins two or more commands with `|`.
    public var hasPipeline: Bool { hasPipeOperator || commands.contains { $0.pipelineLength > 1 } }

    /// Commands whose program is one of `names`.
    public func commands(named names: Set<String>) -> [ShellCommand] {
        commands.filter { names.contains($0.program) }
    }

    public static func parse(_ source: String) -> ShellScript {
        var lexer = ShellLexer(bytes: Array(source.utf8))
        var builder = CommandBuilder()
        lexer.run(into: &builder, depth: 0, terminator: nil)
        let pipes = builder.sawPipe
        return ShellScript(commands: builder.allCommands(), source: source, hasPipeOperator: pipes)
    }
}

private enum Token {
    case word(ShellWord)
    case op(String, Int)
}

private struct CommandBuilder {
    enum Skip { case none, untilSeparator, caseHeader, casePattern }

    var commands: [ShellCommand] = []
    /// Commands found inside `$(…)`, backticks and `<(…)`; merged at the end.
    var nested: [ShellCommand] = []
    var current: [ShellWord] = []
    var assignments: [ShellWord] = []
    var redirections: [ShellRedirection] = []
    var pendingRedirect: String? = nil
    var currentOffset = 0
    var pipelineStart = 0
    var nextPipelineID = 0
    var substitutionDepth = 0
    var skip: Skip = .none
    var caseDepth = 0
    /// A `|` or `|&` was seen here or in a nested substitution.
    var sawPipe = false

    static let openers: Set<String> = ["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"]
    static let closers: Set<String> = ["fi", "done", "}"]

    mutating func word(_ w: ShellWord) {
        if let op = pendingRedirect {
            redirections.append(ShellRedirection(op: op, target: w.value))
            pendingRedirect = nil
            return
        }
        switch skip {
        case .untilSeparator:
            return
        case .caseHeader:
            if w.raw == "in" { skip = .casePattern }
            return
        case .casePattern:
            if w.raw == "esac" {
                caseDepth -= 1
                skip = .none
            }
            return
        case .none:
            break
        }
        if current.isEmpty && !w.isQuoted, !assignments.isEmpty, isAssignment(w.raw) {
            assignments.append(w)
            return
        }
        if current.isEmpty && assignments.isEmpty && !w.isQuoted {
            if Self.openers.contains(w.raw) || Self.closers.contains(w.raw) { return }
            if w.raw == "esac", caseDepth > 0 {
                caseDepth -= 1
                return
            }
            if w.raw == "for" || w.raw == "select" {
                skip = .untilSeparator
                return
            }
            if w.raw == "case" {
                caseDepth += 1
                skip = .caseHeader
                return
            }
            if isAssignment(w.raw) {
                if assignments.isEmpty { currentOffset = w.offset }
                assignments.append(w)
                return
            }
        }
        if current.isEmpty && assignments.isEmpty { currentOffset = w.offset }
        current.append(w)
    }

    func isAssignment(_ raw: String) -> Bool {
        guard let eq = raw.firstIndex(of: "=") else { return false }
        let name = raw[..<eq]
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    mutating func endCommand() {
        pendingRedirect = nil
        if !current.isEmpty {
            commands.append(ShellCommand(
                assignments: assignments, words: current, redirections: redirections,
                pipelineID: nextPipelineID, pipelinePosition: commands.count - pipelineStart,
                pipelineLength: 0, offset: currentOffset, isSubstitution: substitutionDepth > 0))
        }
        current = []
        assignments = []
        redirections = []
    }

    mutating func finishPipeline() {
        endCommand()
        let length = commands.count - pipelineStart
        for i in pipelineStart..<commands.count {
            commands[i].pipelineLength = length
        }
        pipelineStart = commands.count
        nextPipelineID += 1
    }

    /// All commands, outer and nested, in source order.
    mutating func allCommands() -> [ShellCommand] {
        finishPipeline()
        return (commands + nested).sorted { $0.offset < $1.offset }
    }

    mutating func op(_ op: String) {
        switch skip {
        case .caseHeader:
            return
        case .casePattern:
            if op == ")" { skip = .none }
            return
        case .untilSeparator:
            if op == ";" || op == "\n" { skip = .none }
            return
        case .none:
            break
        }
        switch op {
        case "|", "|&":
            sawPipe = true
            endCommand()
        case ";;", ";&":
            finishPipeline()
            if caseDepth > 0 { skip = .casePattern }
        case "(":
            if current.count == 1 && assignments.isEmpty {
                // `name() { … }`: a function definition header.
                current = []
                return
            }
            finishPipeline()
        default:
            if op.first == "<" || op.first == ">" || op.hasPrefix("&>") {
                pendingRedirect = op
                return
            }
            finishPipeline()
        }
    }
}

private struct ShellLexer {
    let bytes: [UInt8]
    var i = 0
    var pendingHeredocs: [(delimiter: String, stripTabs: Bool)] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    static let maxDepth = 32

    /// Tokenizes until `terminator` (`)` for `$(…)`, backtick for backticks) or end of input.
    mutating func run(into b: inout CommandBuilder, depth: Int, terminator: UInt8?) {
        var expectHeredocWord = false
        var heredocStrip = false
        while i < bytes.count {
            let c = bytes[i]
            if let t = terminator, c == t {
                i += 1
                return
            }
            switch c {
            case 0x20, 0x09, 0x0D:
                i += 1
            case 0x0A:
                i += 1
                b.op("\n")
                consumeHeredocBodies()
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            case UInt8(ascii: ";"):
                if peek(1) == UInt8(ascii: ";") {
                    i += 2
                    if peek(0) == UInt8(ascii: "&") { i += 1 }
                    b.op(";;")
                } else if peek(1) == UInt8(ascii: "&") {
                    i += 2
                    b.op(";&")
                } else {
                    i += 1
                    b.op(";")
                }
            case UInt8(ascii: "&"):
                if peek(1) == UInt8(ascii: "&") { i += 2; b.op("&&") }
                else if peek(1) == UInt8(ascii: ">") {
                    i += 2
                    if peek(0) == UInt8(ascii: ">") { i += 1 }
                    b.op("&>")
                } else { i += 1; b.op("&") }
            case UInt8(ascii: "|"):
                if peek(1) == UInt8(ascii: "|") { i += 2; b.op("||") }
                else if peek(1) == UInt8(ascii: "&") { i += 2; b.op("|&") }
                else { i += 1; b.op("|") }
            case UInt8(ascii: "("):
                if peek(1) == UInt8(ascii: "(") {
                    // Arithmetic command `(( … ))`: skip it.
                    skipBalanced(open: UInt8(ascii: "("), close: UInt8(ascii: ")"))
                } else {
                    i += 1
                    b.op("(")
                }
            case UInt8(ascii: ")"):
                i += 1
                b.op(")")
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                var op = String(UnicodeScalar(c))
                i += 1
                if c == UInt8(ascii: "<"), peek(0) == UInt8(ascii: "<") {
                    i += 1
                    op += "<"
                    if peek(0) == UInt8(ascii: "<") {
                        i += 1
                        op += "<"
                    } else {
                        expectHeredocWord = true
                        if peek(0) == UInt8(ascii: "-") { i += 1; op += "-"; heredocStrip = true } else { heredocStrip = false }
                    }
                } else if let n = peek(0), n == UInt8(ascii: ">") || n == UInt8(ascii: "&") || n == UInt8(ascii: "|") {
                    i += 1
                    op.append(Character(UnicodeScalar(n)))
                } else if c == UInt8(ascii: "<"), peek(0) == UInt8(ascii: "(") {
                    // Process substitution <( … ): commands inside are commands.
                    let origin = i
                    i += 1
                    b.substitutionDepth += 1
                    var inner = CommandBuilder()
                    inner.substitutionDepth = 1
                    if depth < Self.maxDepth { run(into: &inner, depth: depth + 1, terminator: UInt8(ascii: ")")) }
                    b.substitutionDepth -= 1
                    if inner.sawPipe { b.sawPipe = true }
                    b.nested.append(contentsOf: inner.allCommands().map { var c = $0; c.pipelineID += 1_000_000 * (origin + 1); return c })
                    continue
                }
                b.op(op)
            default:
                let w = readWord(into: &b, depth: depth)
                // `2>&1`, `3<file`: a digits-only word right before a redirection is its IO number.
                if !w.isQuoted, let next = peek(0), next == UInt8(ascii: "<") || next == UInt8(ascii: ">"),
                   !w.raw.isEmpty, w.raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                    continue
                }
                if expectHeredocWord {
                    pendingHeredocs.append((w.value, heredocStrip))
                    expectHeredocWord = false
                }
                b.word(w)
            }
        }
    }

    func peek(_ k: Int) -> UInt8? { i + k < bytes.count ? bytes[i + k] : nil }

    mutating func skipBalanced(open: UInt8, close: UInt8) {
        var depth = 0
        while i < bytes.count {
            if bytes[i] == open { depth += 1 } else if bytes[i] == close {
                depth -= 1
                if depth == 0 { i += 1; return }
            }
            i += 1
        }
    }

    mutating func consumeHeredocBodies() {
        for doc in pendingHeredocs {
            while i < bytes.count {
                var end = i
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var line = bytes[i..<end]
                if doc.stripTabs { line = line.drop { $0 == 0x09 } }
                i = min(end + 1, bytes.count)
                if String(decoding: line, as: UTF8.self) == doc.delimiter { break }
            }
        }
        pendingHeredocs = []
    }

    static func isWordBreak(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }

    /// Reads one word, collecting commands of any `$(…)` or backticks inside it into `b`.
    mutating func readWord(into b: inout CommandBuilder, depth: Int) -> ShellWord {
        let start = i
        var value: [UInt8] = []
        var quoted = false
        while i < bytes.count {
            let c = bytes[i]
            if Self.isWordBreak(c) {
                // `2>&1`: a digit-only word directly before a redirection is an IO number.
                break
            }
            switch c {
            case UInt8(ascii: "'"):
                quoted = true
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "'") { value.append(bytes[i]); i += 1 }
                i += 1
            case UInt8(ascii: "\""):
                quoted = true
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == 0x5C, i + 1 < bytes.count {
                        let n = bytes[i + 1]
                        if n == UInt8(ascii: "\"") || n == 0x5C || n == UInt8(ascii: "$") || n == UInt8(ascii: "`") {
                            value.append(n)
                            i += 2
                            continue
                        }
                        if n == 0x0A { i += 2; continue }
                    }
                    if bytes[i] == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "(") {
                        let s = i
                        substitution(into: &b, depth: depth)
                        value.append(contentsOf: bytes[s..<min(i, bytes.count)])
                        continue
                    }
                    if bytes[i] == UInt8(ascii: "`") {
                        let s = i
                        backtick(into: &b, depth: depth)
                        value.append(contentsOf: bytes[s..<min(i, bytes.count)])
                        continue
                    }
                    value.append(bytes[i])
                    i += 1
                }
                i += 1
            case 0x5C:
                if i + 1 < bytes.count {
                    if bytes[i + 1] != 0x0A { value.append(bytes[i + 1]) }
                    i += 2
                } else { i += 1 }
            case UInt8(ascii: "$"):
                if peek(1) == UInt8(ascii: "(") {
                    let s = i
                    if peek(2) == UInt8(ascii: "(") {
                        i += 1
                        skipBalanced(open: UInt8(ascii: "("), close: UInt8(ascii: ")"))
                    } else {
                        substitution(into: &b, depth: depth)
                    }
                    value.append(contentsOf: bytes[s..<min(i, bytes.count)])
                } else if peek(1) == UInt8(ascii: "{") {
                    let s = i
                    i += 1
                    skipBalanced(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
                    value.append(contentsOf: bytes[s..<min(i, bytes.count)])
                } else if peek(1) == UInt8(ascii: "'") {
                    // $'…' ANSI-C quoting.
                    quoted = true
                    i += 2
                    while i < bytes.count, bytes[i] != UInt8(ascii: "'") {
                        if bytes[i] == 0x5C, i + 1 < bytes.count { value.append(bytes[i]); i += 1 }
                        value.append(bytes[i])
                        i += 1
                    }
                    i += 1
                } else {
                    value.append(c)
                    i += 1
                }
            case UInt8(ascii: "`"):
                let s = i
                backtick(into: &b, depth: depth)
                value.append(contentsOf: bytes[s..<min(i, bytes.count)])
            default:
                value.append(c)
                i += 1
            }
        }
        let end = min(i, bytes.count)
        return ShellWord(raw: String(decoding: bytes[start..<end], as: UTF8.self),
                         value: String(decoding: value, as: UTF8.self), offset: start, isQuoted: quoted)
    }

    mutating func substitution(into b: inout CommandBuilder, depth: Int) {
        let origin = i
        i += 2
        var inner = CommandBuilder()
        inner.substitutionDepth = 1
        if depth < Self.maxDepth {
            run(into: &inner, depth: depth + 1, terminator: UInt8(ascii: ")"))
        } else {
            skipBalanced(open: UInt8(ascii: "("), close: UInt8(ascii: ")"))
        }
        if inner.sawPipe { b.sawPipe = true }
        b.nested.append(contentsOf: inner.allCommands().map { var c = $0; c.pipelineID += 1_000_000 * (origin + 1); return c })
    }

    mutating func backtick(into b: inout CommandBuilder, depth: Int) {
        let origin = i
        i += 1
        var body: [UInt8] = []
        while i < bytes.count, bytes[i] != UInt8(ascii: "`") {
            if bytes[i] == 0x5C, i + 1 < bytes.count { body.append(bytes[i + 1]); i += 2; continue }
            body.append(bytes[i])
            i += 1
        }
        i += 1
        guard depth < Self.maxDepth else { return }
        var lexer = ShellLexer(bytes: body)
        var inner = CommandBuilder()
        inner.substitutionDepth = 1
        lexer.run(into: &inner, depth: depth + 1, terminator: nil)
        if inner.sawPipe { b.sawPipe = true }
        // The body was re-lexed from a copy: shift its offsets back into this script.
        b.nested.append(contentsOf: inner.allCommands().map { command in
            var c = command
            c.pipelineID += 1_000_000 * (origin + 1)
            c.offset += origin + 1
            c.words = c.words.map { var w = $0; w.offset += origin + 1; return w }
            return c
        })
    }
}
