import BulkheadCore

/// A module version as the Go toolchain records it: path, version and `h1:` checksum.
struct GoModuleVersion: Sendable, Hashable {
    var path: String
    var version: String
    var sum: String

    init(path: String, version: String, sum: String = "") {
        self.path = path
        self.version = version
        self.sum = sum
    }
}

/// A module in a binary's build info, with the module that replaced it (`=>` line), if any.
struct GoModule: Sendable, Hashable {
    var module: GoModuleVersion
    var replace: GoModuleVersion?

    init(_ module: GoModuleVersion, replace: GoModuleVersion? = nil) {
        self.module = module
        self.replace = replace
    }
}

/// One `build` setting (`-ldflags`, `GOARCH`, `vcs.revision`, …).
struct GoBuildSetting: Sendable, Hashable {
    var key: String
    var value: String
}

/// The build information the Go linker embeds in executables (`runtime/debug.BuildInfo`):
/// the toolchain version and the module info text (`path`, `mod`, `dep`, `=>`, `build` lines).
struct GoBuildInfo: Sendable, Hashable {
    /// `go1.22.1`, possibly followed by ` X:experiment,…`.
    var goVersion: String
    /// The main package path (`path` line).
    var path: String = ""
    /// The main module (`mod` line).
    var main: GoModule?
    var deps: [GoModule] = []
    var settings: [GoBuildSetting] = []

    /// The value of build setting `key`.
    func setting(_ key: String) -> String? {
        settings.first { $0.key == key }?.value
    }
}

/// Pure parser for the module info text of Go build info (the format of `debug.ParseBuildInfo`).
enum ParseGoModInfo {
    /// Fills `info` from `text`. A malformed line becomes a diagnostic (located at the binary,
    /// which has no lines; the message names the module-info line) and is skipped.
    static func parse(_ text: String, into info: inout GoBuildInfo, path: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        /// The module a following `=>` line replaces: the main module or a dependency.
        enum Last { case none, main, dep(Int) }
        var last = Last.none
        var lineNumber = 0
        for rawLine in text.physicalLines() {
            lineNumber += 1
            let line = Substring(rawLine)
            guard !line.isEmpty else { continue }
            func fail(_ message: String) {
                diagnostics.append(.catalog(.corruptEntry,
                                            "Go build info line \(lineNumber) '\(line.prefix(80))': \(message); line skipped",
                                            file: path))
            }
            let (word, rest) = split(line)
            switch word {
            case "go":
                info.goVersion = String(rest)
            case "path":
                info.path = String(rest)
            case "mod", "dep":
                guard let module = moduleVersion(rest) else {
                    fail("expected path, version and optional sum")
                    last = .none
                    continue
                }
                if word == "mod" {
                    info.main = GoModule(module)
                    last = .main
                } else {
                    info.deps.append(GoModule(module))
                    last = .dep(info.deps.count - 1)
                }
            case "=>":
                guard let replacement = moduleVersion(rest) else {
                    fail("expected replacement path, version and optional sum")
                    continue
                }
                switch last {
                case .main: info.main?.replace = replacement
                case .dep(let index): info.deps[index].replace = replacement
                case .none: fail("replacement with no module on the previous line")
                }
                last = .none
            case "build":
                switch buildSetting(rest) {
                case .success(let setting): info.settings.append(setting)
                case .failure(let failure): fail(failure.message)
                }
            default:
                break
            }
        }
        return diagnostics
    }

    /// The first tab-separated word and the rest of the line.
    static func split(_ line: Substring) -> (Substring, Substring) {
        guard let tab = line.firstIndex(of: "\t") else { return (line, "") }
        return (line[..<tab], line[line.index(after: tab)...])
    }

    /// `path \t version [\t sum]`.
    static func moduleVersion(_ text: Substring) -> GoModuleVersion? {
        let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, !fields[0].isEmpty else { return nil }
        return GoModuleVersion(path: String(fields[0]), version: String(fields[1]),
                               sum: fields.count == 3 ? String(fields[2]) : "")
    }

    /// `key=value`, where the key and the value may be Go-quoted.
    static func buildSetting(_ text: Substring) -> Result<GoBuildSetting, ParseGoBinary.Failure> {
        guard let first = text.first else { return .failure("build line missing '='") }
        let key: String
        var rest: Substring
        if first == "\"" || first == "`" {
            guard let (quoted, after) = GoQuoted.prefix(text) else { return .failure("bad quoted key") }
            key = quoted
            rest = after
            guard rest.first == "=" else { return .failure("build line missing '=' after quoted key") }
            rest = rest.dropFirst()
        } else {
            guard first != "=" else { return .failure("build line with missing key") }
            guard let equals = text.firstIndex(of: "=") else { return .failure("build line missing '='") }
            key = String(text[..<equals])
            rest = text[text.index(after: equals)...]
        }
        guard let quoteMark = rest.first, quoteMark == "\"" || quoteMark == "`" else {
            return .success(GoBuildSetting(key: key, value: String(rest)))
        }
        guard let (value, after) = GoQuoted.prefix(rest), after.isEmpty else {
            return .failure("bad quoted value")
        }
        return .success(GoBuildSetting(key: key, value: value))
    }
}

/// Go string literals (`strconv.Unquote`): `"..."` with escapes and `` `...` `` raw strings.
enum GoQuoted {
    static let simpleEscapes: [Unicode.Scalar: Unicode.Scalar] = [
        "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
        "\\": "\\", "\"": "\"", "'": "'",
    ]

    /// The unquoted literal at the start of `text` and what follows it, or `nil` when malformed.
    static func prefix(_ text: Substring) -> (String, Substring)? {
        let scalars = text.unicodeScalars
        guard let quote = scalars.first, quote == "\"" || quote == "`" else { return nil }
        var out = String.UnicodeScalarView()
        var index = scalars.index(after: scalars.startIndex)
        while index < scalars.endIndex {
            let c = scalars[index]
            index = scalars.index(after: index)
            if c == quote { return (String(out), Substring(scalars[index...])) }
            if quote == "`" {
                out.append(c)
                continue
            }
            guard c == "\\" else {
                if c == "\n" { return nil }
                out.append(c)
                continue
            }
            guard index < scalars.endIndex else { return nil }
            let e = scalars[index]
            index = scalars.index(after: index)
            if let s = simpleEscapes[e] {
                out.append(s)
                continue
            }
            let (digits, radix): (Int, Int) = switch e {
            case "x": (2, 16)
            case "u": (4, 16)
            case "U": (8, 16)
            case "0"..."7": (3, 8)
            default: (0, 0)
            }
            guard digits > 0 else { return nil }
            var start = index
            if radix == 8 { start = scalars.index(before: index) }
            guard let end = scalars.index(start, offsetBy: digits, limitedBy: scalars.endIndex),
                  let code = UInt32(String(String.UnicodeScalarView(scalars[start..<end])), radix: radix) else {
                return nil
            }
            index = end
            if e == "x" || radix == 8 {
                // Byte escapes: only ASCII bytes survive as text here; others become U+FFFD.
                out.append(code < 0x80 ? Unicode.Scalar(UInt8(code)) : "\u{FFFD}")
            } else {
                guard let scalar = Unicode.Scalar(code) else { return nil }
                out.append(scalar)
            }
        }
        return nil
    }
}
