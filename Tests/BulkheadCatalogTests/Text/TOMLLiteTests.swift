import BulkheadCore
import Foundation
import Testing

@testable import BulkheadCatalog

/// TOMLLite against Python's `tomllib` (the oracle) on the real lock files of the fixtures and on
/// documents covering the TOML syntax lock files use.
@Suite("TOMLLite")
struct TOMLLiteTests {
    static let lockFiles = ["rust/lock/Cargo.lock", "python/locks/app/poetry.lock", "python/locks/app/uv.lock"]

    static let documents: [String] = [
        #"a = "tab\there \u00e9 \U0001F600 \"q\" \\ end""# + "\nb = 'C:\\Users\\x'\n",
        "m = \"\"\"\nfirst \\\n    second\nthird\"\"\"\nn = '''\nit's raw \\n'''\no = \"\"\"two quotes\"\"\"\"\"\np = '''x'''''\n",
        "i = 1_000\nh = 0xDEAD_beef\no = 0o755\nb = 0b1101\nneg = -17\npos = +3\nf = 3.14\ne = 6.626e-34\nbig = 1E6\n"
            + "ninf = -inf\nnan = nan\nt = true\nff = false\n",
        "odt = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00.999999-07:00\nld = 1979-05-27\nlt = 07:32:00\n"
            + "sp = 1979-05-27 07:32:00\n",
        "arr = [ 1, 2, [3, 4], \"x\", { y = 5 } ]\nmulti = [\n  \"a\", # comment\n  \"b\",\n]\nempty = []\n",
        "point = { x = 1, y = { z = \"deep\" }, a.b = true }\n",
        "a.b.c = 1\n\"x y\".z = 2\nsite.\"google.com\" = true\n'lit key' = 3\n",
        "[[fruit]]\nname = \"apple\"\n[fruit.physical]\ncolor = \"red\"\n[[fruit.variety]]\nname = \"red delicious\"\n"
            + "[[fruit.variety]]\nname = \"granny smith\"\n[[fruit]]\nname = \"banana\"\n[[fruit.variety]]\nname = \"plantain\"\n",
        "# only comments\n\n   # indented\n",
        "[package]\r\nname = \"crlf\"\r\nversion = \"1.0\"\r\n",
        "[metadata]\nlock-version = \"2.0\"\n[metadata.files]\nattrs = [\n    {file = \"attrs-23.1.0.tar.gz\", hash = \"sha256:ab\"},\n]\n",
        "[ dotted . header ]\nk = 1\n[[ spaced . array ]]\nk = 2\n",
    ]

    @Test("real lock files parse exactly as tomllib reads them",
          .enabled(if: PythonOracle.available, "SKIPPED: needs python3 (3.11+, tomllib) as the oracle"))
    func lockFilesMatchOracle() throws {
        let texts = try Self.lockFiles.map {
            try String(contentsOf: Fixtures.root.appendingPathComponent($0), encoding: .utf8)
        }
        let expected = try TOMLOracle.canonical(texts)
        for (index, text) in texts.enumerated() {
            let (root, diagnostics) = TOMLLite.parse(text, path: Self.lockFiles[index])
            #expect(diagnostics.isEmpty, "\(Self.lockFiles[index]): \(diagnostics)")
            #expect(TOMLOracle.render(.table(root)) == expected[index], "\(Self.lockFiles[index])")
        }
    }

    @Test("syntax documents parse exactly as tomllib reads them",
          .enabled(if: PythonOracle.available, "SKIPPED: needs python3 (3.11+, tomllib) as the oracle"))
    func syntaxMatchesOracle() throws {
        let expected = try TOMLOracle.canonical(Self.documents)
        for (index, text) in Self.documents.enumerated() {
            #expect(expected[index] != nil, "tomllib rejects document \(index)")
            let (root, diagnostics) = TOMLLite.parse(text, path: "doc\(index)")
            #expect(diagnostics.isEmpty, "document \(index): \(diagnostics)")
            #expect(TOMLOracle.render(.table(root)) == expected[index], "document \(index)")
        }
    }

    @Test("arrays of tables, sub-tables and lines")
    func structure() throws {
        let (root, _) = TOMLLite.parse(Self.documents[7], path: "d")
        let fruit = root.tables("fruit")
        #expect(fruit.map { $0["name"]?.string } == ["apple", "banana"])
        #expect(fruit.map(\.line) == [1, 9])
        #expect(fruit.first?["physical"]?.table?["color"]?.string == "red")
        #expect(fruit.first?.tables("variety").compactMap { $0["name"]?.string } == ["red delicious", "granny smith"])
    }

    @Test("syntax errors are located; reading resumes at the next table header", arguments: [
        ("a = \"open\n[t]\nk = 1\n", 1), ("a = \n[t]\nk = 1\n", 1), ("[t\n[t]\nk = 1\n", 1),
        ("x = 1\na = 1 2\n[t]\nk = 1\n", 2), ("a = [1,\n\n[t]\nk = 1\n", 3), ("a = {b = 1\n[t]\nk = 1\n", 2),
        ("a = \"\\q\"\n[t]\nk = 1\n", 1), ("a = tru\n[t]\nk = 1\n", 1), ("m = '''never closed\n[t]\nk = 1\n", 1),
    ])
    func errors(text: String, line: Int) {
        let (root, diagnostics) = TOMLLite.parse(text, path: "bad.toml")
        #expect(diagnostics.map(\.code) == ["corrupt-entry"])
        #expect(diagnostics.first?.location == SourceLocation(file: "bad.toml", line: line))
        if !text.contains("'''") {
            #expect(root["t"]?.table?["k"] == .integer(1))
        }
    }

    @Test("hostile nesting and sizes are bounded")
    func bounds() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let (_, deepDiagnostics) = TOMLLite.parse("a = " + deep, path: "deep")
        #expect(deepDiagnostics.first?.message.contains("nested deeper") == true)
        let inline = "a = " + String(repeating: "{b = ", count: 5_000) + "1" + String(repeating: "}", count: 5_000)
        #expect(!TOMLLite.parse(inline, path: "i").diagnostics.isEmpty)
        let dotted = Array(repeating: "k", count: 5_000).joined(separator: ".") + " = 1"
        #expect(!TOMLLite.parse(dotted, path: "d").diagnostics.isEmpty)
    }

    @Test("random mutations of real lock files never crash or hang", .timeLimit(.minutes(2)))
    func fuzz() throws {
        for file in Self.lockFiles {
            let seed = Array(try String(contentsOf: Fixtures.root.appendingPathComponent(file), encoding: .utf8).utf8)
            for _ in 0..<80 {
                var bytes = seed
                for _ in 0..<10 {
                    bytes[Int.random(in: 0..<bytes.count)] = Array("[]{}\"'=,.\n\\#tfu0x_ ".utf8).randomElement()!
                }
                let (root, diagnostics) = TOMLLite.parse(String(decoding: bytes.prefix(Int.random(in: 0...bytes.count)), as: UTF8.self),
                                                         path: "fuzz")
                #expect(diagnostics.allSatisfy { $0.location?.range != nil })
                _ = root.tables("package").count
            }
        }
    }
}

/// Canonical JSON of TOML documents, from tomllib and from TOMLLite, for exact comparison.
enum TOMLOracle {
    static let script = """
        import json, sys, tomllib, datetime
        def canon(v):
            if isinstance(v, bool): return v
            if isinstance(v, int): return v
            if isinstance(v, float): return "f:" + repr(v)
            if isinstance(v, (datetime.datetime, datetime.date, datetime.time)): return "<datetime>"
            if isinstance(v, dict): return {k: canon(x) for k, x in v.items()}
            if isinstance(v, list): return [canon(x) for x in v]
            return v
        out = []
        for doc in json.load(sys.stdin):
            try:
                out.append(json.dumps(canon(tomllib.loads(doc)), sort_keys=True, ensure_ascii=False, separators=(",", ":")))
            except tomllib.TOMLDecodeError:
                out.append(None)
        json.dump(out, sys.stdout)
        """

    /// tomllib's reading of each document, canonical JSON (`nil` when tomllib rejects it).
    static func canonical(_ documents: [String]) throws -> [String?] {
        let input = try JSONEncoder().encode(documents)
        let (status, output, err) = try ExternalTool.run(["python3", "-c", script], input: input)
        guard status == 0 else { throw OracleFailure(message: err) }
        return try JSONDecoder().decode([String?].self, from: Data(output.utf8))
    }

    struct OracleFailure: Error { var message: String }

    static func render(_ value: TOMLValue) -> String {
        switch value {
        case .string(let s): return quote(s)
        case .integer(let i): return String(i)
        case .float(let f): return quote("f:" + pythonRepr(f))
        case .bool(let b): return b ? "true" : "false"
        case .datetime: return quote("<datetime>")
        case .array(let items): return "[" + items.map(render).joined(separator: ",") + "]"
        case .table(let table):
            // Python sorts keys by code point.
            let keys = table.values.keys.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
            return "{" + keys.map { quote($0) + ":" + render(table.values[$0]!) }.joined(separator: ",") + "}"
        }
    }

    static func pythonRepr(_ f: Double) -> String {
        if f.isNaN { return "nan" }
        if f.isInfinite { return f < 0 ? "-inf" : "inf" }
        return "\(f)"
    }

    /// `json.dumps(s, ensure_ascii=False)`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
