import BulkheadCore

/// Parses Dockerfiles with BuildKit's rules: directives, escape character, continuations
/// (with comments and blank lines inside), heredocs, flags, JSON vs shell form.
///
/// The parser is linear in the input, never traps on input and throws a located
/// ``DockerfileError`` on what BuildKit rejects.
public enum DockerfileParser {
    /// Largest Dockerfile accepted (bytes); real ones are under 100 KiB.
    public static let defaultMaxSize = 16 << 20

    /// Parses Dockerfile text.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - path: the file name used in locations.
    /// - Throws: ``DockerfileError`` with codes `.noInstructions`, `.unterminatedHeredoc`,
    ///   `.unknownInstruction`, `.invalidArguments`, `.notStringArray`, `.invalidDirective`, `.tooLarge`.
    public static func parse(_ text: String, path: String = "Dockerfile") throws(DockerfileError) -> Dockerfile {
        try parse(bytes: Array(text.utf8), path: path)
    }

    /// Parses Dockerfile bytes (UTF-8; a BOM is skipped).
    public static func parse(bytes input: [UInt8], path: String = "Dockerfile",
                             maxSize: Int = defaultMaxSize) throws(DockerfileError) -> Dockerfile {
        guard input.count <= maxSize else {
            throw DockerfileError(.tooLarge, "file is \(input.count) bytes, over the \(maxSize)-byte limit",
                                  at: SourceLocation(file: path))
        }
        var state = ParseState(path: path, bytes: input)
        return try state.run()
    }
}

/// One physical line: byte range in the input, without the newline.
private struct PhysicalLine {
    var start: Int
    var end: Int
}

private struct ParseState {
    let path: String
    let bytes: [UInt8]
    var escape: UInt8 = 0x5C
    var directivesDone = false
    var directives: [ParserDirective] = []
    var seenDirectives: Set<String> = []
    var comments: [Comment] = []
    var pendingComments: [String] = []
    var instructions: [Instruction] = []
    var emptyContinuationLines: [Int] = []
    var lines: [PhysicalLine] = []

    init(path: String, bytes: [UInt8]) {
        self.path = path
        var b = bytes
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { b.removeFirst(3) }
        self.bytes = b
        var start = 0
        for i in 0..<b.count where b[i] == 0x0A {
            var end = i
            if end > start, b[end - 1] == 0x0D { end -= 1 }
            lines.append(PhysicalLine(start: start, end: end))
            start = i + 1
        }
        if start < b.count {
            var end = b.count
            if end > start, b[end - 1] == 0x0D { end -= 1 }
            lines.append(PhysicalLine(start: start, end: end))
        }
    }

    func loc(_ line: Int, _ column: Int = 1) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    func leadingSpace(_ l: PhysicalLine) -> Int {
        var i = l.start
        while i < l.end, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
        return i - l.start
    }

    func isComment(_ l: PhysicalLine) -> Bool {
        let s = l.start + leadingSpace(l)
        return s < l.end && bytes[s] == UInt8(ascii: "#")
    }

    func isBlank(_ l: PhysicalLine) -> Bool { leadingSpace(l) == l.end - l.start }

    /// Recognises a parser directive while they are still allowed (BuildKit's DirectiveParser).
    mutating func possibleDirective(_ l: PhysicalLine, lineNumber: Int) throws(DockerfileError) {
        guard !directivesDone else { return }
        let text = String(decoding: bytes[l.start..<l.end], as: UTF8.self)
        guard let (key, value) = Self.matchDirective(text) else {
            directivesDone = true
            return
        }
        let name = key.lowercased()
        guard ["escape", "syntax", "check"].contains(name) else {
            directivesDone = true
            return
        }
        guard !seenDirectives.contains(name) else {
            throw DockerfileError(.invalidDirective, "only one \(name) parser directive can be used", at: loc(lineNumber))
        }
        seenDirectives.insert(name)
        directives.append(ParserDirective(name: name, value: value, line: lineNumber))
        if name == "escape" {
            guard value == "\\" || value == "`" else {
                throw DockerfileError(.invalidDirective,
                                      "invalid escape token '\(value)' does not match ` or \\", at: loc(lineNumber))
            }
            escape = UInt8(ascii: value == "`" ? "`" : "\\")
        }
    }

    /// `^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$`
    static func matchDirective(_ line: String) -> (String, String)? {
        var s = Substring(line)
        guard s.first == "#" else { return nil }
        s = s.dropFirst().drop { $0 == " " || $0 == "\t" }
        let key = s.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = key.first, first.isLetter else { return nil }
        s = s.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
        guard s.first == "=" else { return nil }
        s = s.dropFirst().drop { $0 == " " || $0 == "\t" }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        guard !s.isEmpty else { return nil }
        return (String(key), String(s))
    }

    /// BuildKit's continuation test: the last non-blank character is the escape token and is
    /// not itself escaped. Returns the line without it.
    func trimContinuation(_ s: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, continues: Bool) {
        var end = s.endIndex
        while end > s.startIndex, s[end - 1] == 0x20 || s[end - 1] == 0x09 { end -= 1 }
        guard end > s.startIndex, s[end - 1] == escape else { return (s, false) }
        let escPos = end - 1
        if escPos > s.startIndex, s[escPos - 1] == escape { return (s, false) }
        return (s[s.startIndex..<escPos], true)
    }

    mutating func run() throws(DockerfileError) -> Dockerfile {
        var li = 0
        while li < lines.count {
            let l = lines[li]
            let lineNumber = li + 1
            li += 1
            if isComment(l) {
                let s = l.start + leadingSpace(l) + 1
                let text = String(decoding: bytes[min(s, l.end)..<l.end], as: UTF8.self)
                    .trimmingCharacters(in: " \t")
                comments.append(Comment(line: lineNumber, text: text))
                if text.isEmpty { pendingComments = [] } else { pendingComments.append(text) }
            }
            try possibleDirective(l, lineNumber: lineNumber)
            if isComment(l) || isBlank(l) { continue }

            let lead = leadingSpace(l)
            var text: [UInt8] = []
            var segments: [LineSegment] = []
            let (first, firstContinues) = trimContinuation(bytes[(l.start + lead)..<l.end])
            segments.append(LineSegment(textOffset: 0, line: lineNumber, column: lead + 1))
            text.append(contentsOf: first)
            var continues = firstContinues
            var endLine = lineNumber
            if first.isEmpty && !continues { continue }
            while continues && li < lines.count {
                let c = lines[li]
                let cNumber = li + 1
                li += 1
                try possibleDirective(c, lineNumber: cNumber)
                if isComment(c) { continue }
                if isBlank(c) {
                    emptyContinuationLines.append(cNumber)
                    continue
                }
                let (frag, more) = trimContinuation(bytes[c.start..<c.end])
                segments.append(LineSegment(textOffset: text.count, line: cNumber, column: 1))
                text.append(contentsOf: frag)
                continues = more
                endLine = cNumber
            }
            var instruction = try makeInstruction(text, segments: segments, comments: pendingComments)
            // Heredocs: bodies follow the instruction line.
            if !instruction.isJSON, [.run, .copy, .add].contains(instruction.name),
               text.contains(UInt8(ascii: "<")), let docs = Heredocs.find(in: text) {
                for var doc in docs {
                    var body: [UInt8] = []
                    var terminated = false
                    doc.bodyLine = li + 1
                    while li < lines.count {
                        let b = lines[li]
                        li += 1
                        var candidate = bytes[b.start..<b.end]
                        if doc.chomp { candidate = candidate.drop { $0 == 0x09 } }
                        if String(decoding: candidate, as: UTF8.self) == doc.name {
                            terminated = true
                            endLine = li
                            break
                        }
                        body.append(contentsOf: bytes[b.start..<b.end])
                        body.append(0x0A)
                    }
                    guard terminated else {
                        throw DockerfileError(.unterminatedHeredoc,
                                              "heredoc '\(doc.name)' starting on line \(doc.bodyLine - 1) is never terminated",
                                              at: loc(lineNumber))
                    }
                    doc.content = String(decoding: body, as: UTF8.self)
                    instruction.heredocs.append(doc)
                }
                if case .files(var files) = instruction.arguments, !instruction.heredocs.isEmpty {
                    files = FileArguments(sources: files.sources, destination: files.destination)
                    instruction.arguments = .files(files)
                }
            }
            instruction.range = SourceRange(start: SourcePosition(line: lineNumber, column: lead + 1),
                                            end: SourcePosition(line: endLine, column: 1))
            instruction.index = instructions.count
            instructions.append(instruction)
            pendingComments = []
        }
        guard !instructions.isEmpty else {
            throw DockerfileError(.noInstructions, "file with no instructions", at: loc(max(lines.count, 1)))
        }
        let stages = try assignStages()
        return Dockerfile(
            path: path, directives: directives, escape: Character(Unicode.Scalar(escape)),
            instructions: instructions, stages: stages, comments: comments,
            lines: lines.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) },
            emptyContinuationLines: emptyContinuationLines)
    }

    mutating func assignStages() throws(DockerfileError) -> [Stage] {
        var stages: [Stage] = []
        for i in instructions.indices {
            if instructions[i].name == .from, case .from(let from) = instructions[i].arguments {
                if let last = stages.indices.last {
                    stages[last].instructionRange = stages[last].instructionRange.lowerBound..<i
                }
                stages.append(Stage(index: stages.count, name: from.alias?.value.lowercased(),
                                    writtenName: from.alias?.value, baseImage: from.image,
                                    instructionRange: i..<instructions.count))
            }
            instructions[i].stageIndex = stages.isEmpty ? nil : stages.count - 1
        }
        return stages
    }

    // MARK: - One logical line → instruction

    func makeInstruction(_ text: [UInt8], segments: [LineSegment], comments: [String]) throws(DockerfileError) -> Instruction {
        let stringText = String(decoding: text, as: UTF8.self)
        func position(_ offset: Int) -> SourcePosition {
            LineSegment.position(of: offset, in: segments, text: stringText)
        }
        func location(_ offset: Int) -> SourceLocation {
            SourceLocation(file: path, range: SourceRange(start: position(offset), end: position(offset)))
        }
        return try buildInstruction(text, from: 0, stringText: stringText, segments: segments,
                                    comments: comments, nested: false, location: location)
    }

    func buildInstruction(_ text: [UInt8], from start: Int, stringText: String, segments: [LineSegment],
                          comments: [String], nested: Bool,
                          location: (Int) -> SourceLocation) throws(DockerfileError) -> Instruction {
        var i = start
        while i < text.count, WordSplitter.isSpace(text[i]) { i += 1 }
        let kwStart = i
        while i < text.count, !(text[i] == 0x20 || text[i] == 0x09 || text[i] == 0x0B || text[i] == 0x0C || text[i] == 0x0D) { i += 1 }
        let keyword = String(decoding: text[kwStart..<i], as: UTF8.self)
        guard let name = InstructionName(rawValue: keyword.lowercased()) else {
            throw DockerfileError(.unknownInstruction, "unknown instruction: \(keyword)", at: location(kwStart))
        }
        let (rawFlags, argStart0) = WordSplitter.extractFlags(text, from: i)
        // Arguments are trimmed on the right (BuildKit TrimSpace).
        var argEnd = text.count
        while argEnd > argStart0, WordSplitter.isSpace(text[argEnd - 1]) { argEnd -= 1 }
        var argStart = argStart0
        while argStart < argEnd, WordSplitter.isSpace(text[argStart]) { argStart += 1 }
        let args = Array(text[0..<argEnd])
        let flags = rawFlags.map { f -> InstructionFlag in
            let s = f.string
            let body = s.hasPrefix("--") ? String(s.dropFirst(2)) : s
            let parts = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return InstructionFlag(name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : nil,
                                   raw: s, position: location(f.offset).range?.start ?? SourcePosition(line: 1, column: 1))
        }
        let rest = String(decoding: args[argStart..<argEnd], as: UTF8.self)
        let esc = escape
        func word(_ w: WordSplitter.RawWord, unquote: Bool = true) -> Word {
            let raw = w.string
            return Word(raw: raw, value: unquote ? WordSplitter.unquote(raw, escape: Character(Unicode.Scalar(esc))) : raw,
                        offset: w.offset)
        }

        var raw: [String] = []
        var isJSON = false
        var arguments: Arguments = .none

        switch name {
        case .from, .expose:
            let words = WordSplitter.whitespaceWords(args, from: argStart)
            raw = words.map(\.string)
            if name == .expose {
                arguments = .words(words.map { word($0) })
            } else {
                guard words.count == 1 || (words.count == 3 && words[1].string.lowercased() == "as") else {
                    throw DockerfileError(.invalidArguments,
                                          "FROM requires either one or three arguments (image, or image AS name); got \(words.count)",
                                          at: location(kwStart))
                }
                let image = word(words[0], unquote: false)
                arguments = .from(FromArguments(
                    image: ImageReference(parsing: image.value), imageWord: image,
                    alias: words.count == 3 ? word(words[2], unquote: false) : nil,
                    asKeyword: words.count == 3 ? word(words[1], unquote: false) : nil,
                    platform: flags.first { $0.name == "platform" }?.value))
            }
        case .run, .cmd, .entrypoint, .shell:
            if argStart < argEnd {
                switch JSONArray.parse(args, from: argStart) {
                case .strings(let items):
                    raw = items
                    isJSON = true
                    arguments = .command(.exec(items))
                case .notStringArray:
                    throw DockerfileError(.notStringArray,
                                          "\(keyword.uppercased()): the JSON form must be an array of strings",
                                          at: location(argStart))
                case .invalid:
                    raw = [rest]
                    arguments = .command(.shell(rest, offset: argStart))
                }
            } else {
                arguments = .command(.shell("", offset: argStart))
            }
        case .add, .copy, .volume:
            var words: [Word]
            switch JSONArray.parse(args, from: argStart) {
            case .strings(let items):
                raw = items
                isJSON = true
                words = items.map { Word(raw: $0, value: $0, offset: argStart) }
            case .notStringArray:
                throw DockerfileError(.notStringArray,
                                      "\(keyword.uppercased()): the JSON form must be an array of strings",
                                      at: location(argStart))
            case .invalid:
                let ws = WordSplitter.whitespaceWords(args, from: argStart)
                raw = ws.map(\.string)
                words = ws.map { word($0) }
            }
            if name == .volume {
                arguments = .words(words)
            } else {
                let dest = words.popLast()
                arguments = .files(FileArguments(sources: words, destination: dest))
            }
        case .env, .label:
            let words = WordSplitter.parseWords(args, from: argStart, escape: escape)
            if words.isEmpty {
                if name == .env {
                    throw DockerfileError(.invalidArguments, "ENV requires at least one name=value pair",
                                          at: location(kwStart))
                }
                arguments = .pairs([])
                break
            }
            var pairs: [KeyValue] = []
            if !words[0].bytes.contains(UInt8(ascii: "=")) {
                // Legacy form: KEY value (the rest of the line, as written).
                let first = words[0]
                var v = first.offset + first.bytes.count
                while v < argEnd, text[v] == 0x20 || text[v] == 0x09 || text[v] == 0x0B || text[v] == 0x0C || text[v] == 0x0D { v += 1 }
                guard v < argEnd else {
                    throw DockerfileError(.invalidArguments,
                                          "\(keyword.uppercased()) \(first.string) has no value: write \(first.string)=VALUE",
                                          at: location(first.offset))
                }
                let value = String(decoding: args[v..<argEnd], as: UTF8.self)
                raw = [first.string, value, ""]
                pairs.append(KeyValue(key: first.string, rawValue: value,
                                      value: name == .env ? WordSplitter.unquote(value, escape: Character(Unicode.Scalar(esc))) : value,
                                      separator: "", offset: first.offset, valueOffset: v))
            } else {
                for w in words {
                    guard let eq = w.bytes.firstIndex(of: UInt8(ascii: "=")) else {
                        throw DockerfileError(.invalidArguments,
                                              "can't find = in \"\(w.string)\": must be of the form name=value",
                                              at: location(w.offset))
                    }
                    let key = String(decoding: w.bytes[..<eq], as: UTF8.self)
                    let value = String(decoding: w.bytes[(eq + 1)...], as: UTF8.self)
                    raw += [key, value, "="]
                    pairs.append(KeyValue(key: key, rawValue: value,
                                          value: WordSplitter.unquote(value, escape: Character(Unicode.Scalar(esc))),
                                          separator: "=", offset: w.offset, valueOffset: w.offset + eq + 1))
                }
            }
            arguments = .pairs(pairs)
        case .arg:
            let words = WordSplitter.parseWords(args, from: argStart, escape: escape)
            raw = words.map(\.string)
            arguments = .args(words.map { w in
                let s = w.string
                if let eq = s.firstIndex(of: "=") {
                    return ArgDeclaration(name: String(s[..<eq]),
                                          defaultValue: WordSplitter.unquote(String(s[s.index(after: eq)...]),
                                                                             escape: Character(Unicode.Scalar(esc))),
                                          offset: w.offset)
                }
                return ArgDeclaration(name: s, defaultValue: nil, offset: w.offset)
            })
        case .user, .workdir, .maintainer, .stopsignal:
            if argStart < argEnd {
                raw = [rest]
                arguments = .string(Word(raw: rest, value: WordSplitter.unquote(rest, escape: Character(Unicode.Scalar(esc))),
                                         offset: argStart))
            } else {
                arguments = .string(Word(raw: "", value: "", offset: argStart))
            }
        case .healthcheck:
            var sep = argStart
            while sep < argEnd, !WordSplitter.isSpace(args[sep]) { sep += 1 }
            guard sep > argStart else {
                arguments = .healthcheck(.other(""))
                break
            }
            let type = String(decoding: args[argStart..<sep], as: UTF8.self)
            var next = sep
            while next < argEnd, WordSplitter.isSpace(args[next]) { next += 1 }
            raw = [type]
            var form: CommandForm = .shell("", offset: next)
            if next < argEnd {
                switch JSONArray.parse(args, from: next) {
                case .strings(let items):
                    raw += items
                    isJSON = true
                    form = .exec(items)
                case .notStringArray:
                    throw DockerfileError(.notStringArray, "HEALTHCHECK: the JSON form must be an array of strings",
                                          at: location(next))
                case .invalid:
                    let cmd = String(decoding: args[next..<argEnd], as: UTF8.self)
                    raw.append(cmd)
                    form = .shell(cmd, offset: next)
                }
            }
            switch type.uppercased() {
            case "NONE": arguments = .healthcheck(.none)
            case "CMD": arguments = .healthcheck(.command(form))
            default: arguments = .healthcheck(.other(type))
            }
        case .onbuild:
            guard !nested else {
                throw DockerfileError(.invalidArguments, "ONBUILD ONBUILD is not allowed", at: location(kwStart))
            }
            guard argStart < argEnd else {
                arguments = .none
                break
            }
            let inner = try buildInstruction(args, from: argStart, stringText: stringText, segments: segments,
                                             comments: [], nested: true, location: location)
            arguments = .onbuild(Boxed(inner))
        }
        return Instruction(
            keyword: keyword, name: name, flags: flags, arguments: arguments, rawArguments: raw, isJSON: isJSON,
            text: stringText, heredocs: [], range: SourceRange(line: 1), index: 0, stageIndex: nil,
            argumentsOffset: argStart, comments: comments, segments: segments)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
