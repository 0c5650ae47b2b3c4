import Testing
@testable import BulkheadFalco

// Expected behaviour was checked against libsinsp's filter parser (userspace/libsinsp/filter/
// parser.cpp) and falco's rule compiler (userspace/engine/rule_loader_compiler.cpp).

private func parse(_ s: String) throws(ConditionSyntaxError) -> ConditionNode { try ConditionParser.parse(s) }

private func field(_ name: String, _ arg: String? = nil, _ transformers: [FieldTransformer] = []) -> FieldExpr {
    FieldExpr(transformers: transformers, field: name, argument: arg, position: .start)
}

private func check(_ f: FieldExpr, _ op: ComparisonOperator, _ rhs: ConditionOperand?) -> ConditionNode {
    .check(ConditionCheck(lhs: f, op: op, rhs: rhs, position: .start))
}

private func macro(_ name: String) -> ConditionNode { .macro(name, .start) }

private func structure(_ s: String) throws -> ConditionNode { try parse(s).withoutPositions() }

/// Parses, renders, parses again: the structure and the rendering must be stable.
private func expectRoundTrip(_ s: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let ast = try parse(s)
    let rendered = ast.render()
    let again = try parse(rendered)
    #expect(again.withoutPositions() == ast.withoutPositions(), "\(s) -> \(rendered)", sourceLocation: sourceLocation)
    #expect(again.render() == rendered, sourceLocation: sourceLocation)
}

private func syntaxError(_ s: String) -> ConditionSyntaxError? {
    do {
        _ = try parse(s)
        return nil
    } catch {
        return error
    }
}

@Suite("Condition parser")
struct ConditionParserTests {
    @Test("renders back to a canonical form", arguments: [
        ("a", "a"),
        ("  a  ", "a"),
        ("(a)", "a"),
        ("a and b", "a and b"),
        ("(a)and(b)and(c)", "a and b and c"),
        ("a or b or(c)", "a or b or c"),
        ("a.b=1", "a.b = 1"),
        ("a.b==1", "a.b = 1"),
        ("a.b != x", "a.b != x"),
        ("proc.name in (cat,  ls , 'a b')", "proc.name in (cat, ls, \"a b\")"),
        ("proc.name in()", "proc.name in ()"),
        ("proc.name in shell_binaries", "proc.name in shell_binaries"),
        ("proc.aname[2]=sshd", "proc.aname[2] = sshd"),
        ("ka.req.volume.hostpath[/proc*] = true", "ka.req.volume.hostpath[/proc*] = true"),
        ("evt.arg['a b'] exists", "evt.arg[\"a b\"] exists"),
        ("not a.b exists", "not a.b exists"),
        ("not (a or b)", "not (a or b)"),
        ("not(a)and(not(b))", "not a and not b"),
        ("a and (b or c)", "a and (b or c)"),
        ("tolower(proc.name) = bash", "tolower(proc.name) = bash"),
        ("proc.name = val(proc.pname)", "proc.name = val(proc.pname)"),
        ("fd.name = toupper( b64( fd.directory ) )", "fd.name = toupper(b64(fd.directory))"),
        ("len(proc.args) > 0x10", "len(proc.args) > 0x10"),
        ("fd.name glob '/tmp/*'", "fd.name glob /tmp/*"),
        ("proc.cmdline contains \"-c 'x'\"", "proc.cmdline contains \"-c 'x'\""),
        ("x.y = ''", "x.y = \"\""),
    ])
    func canonicalRendering(input: String, expected: String) throws {
        #expect(try parse(input).render() == expected)
        try expectRoundTrip(input)
    }

    @Test("blanks, tabs and line breaks anywhere a blank may stand", arguments: [
        "a.b = 1 and c.d in (x, y) or not m",
        "(proc.name = cat or proc.pname exists) and not fd.name startswith /etc",
        "tolower(proc.name) contains sh and evt.type in (open, openat)",
        "not not (a and b)",
        "fd.num >= -1 and evt.rawres < 0",
    ])
    func whitespaceVariants(text: String) throws {
        let reference = try structure(text)
        let padded = " " + text + " "
        for variant in [padded, padded.replacing(" ", with: "\n"), padded.replacing(" ", with: "\t"),
                        padded.replacing(" ", with: "\r\n"), padded.replacing(" ", with: "  \n\t ")] {
            #expect(try structure(variant) == reference, "\(variant.debugDescription)")
        }
    }

    @Test func precedenceNotBindsTighterThanAndThanOr() throws {
        #expect(try structure("a or b and c") == .or([macro("a"), .and([macro("b"), macro("c")])]))
        #expect(try structure("a and b or c") == .or([.and([macro("a"), macro("b")]), macro("c")]))
        #expect(try structure("not a and b") == .and([.not(macro("a")), macro("b")]))
        #expect(try structure("not a or not b and c") == .or([.not(macro("a")), .and([.not(macro("b")), macro("c")])]))
        #expect(try structure("not (a or b)") == .not(.or([macro("a"), macro("b")])))
    }

    @Test func andOrAreFlattened() throws {
        #expect(try structure("(a and b) and (c and d)") == .and([macro("a"), macro("b"), macro("c"), macro("d")]))
        #expect(try structure("a or (b or (c))") == .or([macro("a"), macro("b"), macro("c")]))
        #expect(try structure("(a or b) and c") == .and([.or([macro("a"), macro("b")]), macro("c")]))
    }

    @Test func repeatedNotsCancelOutAsInLibsinsp() throws {
        #expect(try structure("not not a") == macro("a"))
        #expect(try structure("not not not a") == .not(macro("a")))
        #expect(try structure("not not(a)") == macro("a"))
        // A parenthesised negation is its own node.
        #expect(try structure("not (not a)") == .not(.not(macro("a"))))
        #expect(ConditionNode.not(.not(macro("a"))).render() == "not (not a)")
    }

    @Test func identifiersAreMacrosAndDottedNamesAreFields() throws {
        #expect(try structure("notb and and_macro and or_x") == .and([macro("notb"), macro("and_macro"), macro("or_x")]))
        #expect(try structure("k8s_api_server") == macro("k8s_api_server"))
        #expect(syntaxError("proc.name")?.message.hasPrefix("expected a valid check operator") == true)
        #expect(syntaxError("macro > 12")?.message == "unexpected token after 'macro', expecting 'or', 'and'")
        // `not` without a following blank is an identifier.
        #expect(try structure("(not) or a") == .or([macro("not"), macro("a")]))
        try expectRoundTrip("(not) or a")
    }

    @Test("every operator", arguments: ComparisonOperator.allCases)
    func everyOperator(op: ComparisonOperator) throws {
        let text: String
        let rhs: ConditionOperand?
        switch op {
        case .exists: (text, rhs) = ("x.y exists", nil)
        case .lt, .le, .gt, .ge: (text, rhs) = ("x.y \(op.rawValue) 42", .value("42"))
        case .in, .intersects, .pmatch: (text, rhs) = ("x.y \(op.rawValue) (a, b)", .list(["a", "b"]))
        case .bcontains, .bstartswith: (text, rhs) = ("x.y \(op.rawValue) 48545450", .value("48545450"))
        default: (text, rhs) = ("x.y \(op.rawValue) v", .value("v"))
        }
        #expect(try structure(text) == check(field("x.y"), op, rhs))
        try expectRoundTrip(text)
    }

    @Test func symbolOperatorsNeedNoBlanksWordOperatorsDo() throws {
        #expect(try structure("x.y=1") == check(field("x.y"), .eq, .value("1")))
        #expect(try structure("x.y!=1") == check(field("x.y"), .ne, .value("1")))
        #expect(try structure("x.y<=1") == check(field("x.y"), .le, .value("1")))
        #expect(try structure("x.y in(a)") == check(field("x.y"), .in, .list(["a"])))
        #expect(try structure("x.y existsand m") == .and([check(field("x.y"), .exists, nil), macro("m")]))
        #expect(syntaxError("x.y containsvalue") != nil)
        #expect(syntaxError("x.y CONTAINS value") != nil)
        #expect(syntaxError("x.y Exists") != nil)
        #expect(syntaxError("x.y === 1") != nil)
    }

    @Test func listOperands() throws {
        #expect(try structure("x.y in ()") == check(field("x.y"), .in, .list([])))
        #expect(try structure("x.y pmatch ( /a , '/b c' )") == check(field("x.y"), .pmatch, .list(["/a", "/b c"])))
        #expect(try structure("x.y intersects some_list") == check(field("x.y"), .intersects, .value("some_list")))
        #expect(try structure("x.y in val(a.b)") == check(field("x.y"), .in, .field(field("a.b"))))
        // libsinsp reads an unreadable first item as an empty list when `)` follows.
        #expect(try structure(#"x.y in ("\q")"#) == check(field("x.y"), .in, .list([])))
        #expect(syntaxError("x.y in (a,)")?.message == "expected a string value")
        #expect(syntaxError("x.y in (a b)")?.message == "expected a ')' token")
        #expect(syntaxError("x.y in (tolower(a.b))") != nil)
        #expect(syntaxError("x.y = (a)") != nil)
        #expect(syntaxError("x.y in") != nil)
    }

    @Test("bare values as libsinsp reads them", arguments: [
        "/usr/bin/python3.11", "*.log", "10.0.0.0/8", "fe80::1", "runc:[1:CHILD]", "a-b_c.d", "-1",
        "0aaaa", "!0.5e+10", "\\", "k8s.io/x", "user@example.com", "$HOME", "a|b&c;d", "[]{}",
    ])
    func bareValues(value: String) throws {
        #expect(try structure("x.y = \(value)") == check(field("x.y"), .eq, .value(value)))
        #expect(try structure("x.y in (\(value), z)") == check(field("x.y"), .in, .list([value, "z"])))
        try expectRoundTrip("x.y = \(value)")
    }

    @Test func numbersForNumericOperators() throws {
        for n in ["0", "+1", "-1.5", "1.", "-0.1222e+10", "0x1F", "0XaB"] {
            #expect(try structure("x.y > \(n)") == check(field("x.y"), .gt, .value(n)))
        }
        #expect(syntaxError("x.y > abc")?.message.hasPrefix("expected a number value or a field with a valid transformer") == true)
        #expect(syntaxError("x.y < 0xAAA.1") != nil)
        #expect(syntaxError("x.y >= 5abc")?.message == "unexpected token after '5', expecting 'or', 'and'")
        #expect(try structure("x.y > len(a.b)") == check(field("x.y"), .gt, .field(field("a.b", nil, [.len]))))
    }

    @Test("quoted strings and escapes", arguments: [
        (#"'single'"#, "single"),
        (#""double""#, "double"),
        (#""it's""#, "it's"),
        (#"'say "hi"'"#, "say \"hi\""),
        (#""a\"b""#, "a\"b"),
        (#"'a\'b'"#, "a'b"),
        (#""tab\there""#, "tab\there"),
        (#""\b\f\n\r""#, "\u{8}\u{c}\n\r"),
        (#""back\\slash""#, "back\\slash"),
        (#""a\/b""#, "a/b"),
        (#""a\ b""#, "a\\b"),
        (#""\x41\x6a""#, "Aj"),
        (#""\xc3\xa9""#, "é"),
        (#""""#, ""),
        ("\"a (b), c = d\"", "a (b), c = d"),
    ])
    func quotedStrings(literal: String, value: String) throws {
        #expect(try structure("x.y = \(literal)") == check(field("x.y"), .eq, .value(value)))
        try expectRoundTrip("x.y = \(literal)")
    }

    @Test func escapedBackslashBeforeClosingQuoteDoesNotCloseTheString() throws {
        // libsinsp ends a string at the first quote not preceded by a backslash.
        #expect(try structure(#"x.y = "a\\" and b""#) == check(field("x.y"), .eq, .value(#"a\" and b"#)))
        // Rendering a value that ends in a backslash must still read back.
        let node = check(field("x.y"), .eq, .value("ends\\"))
        #expect(try structure(node.render()) == node)
    }

    @Test("bad escapes", arguments: [
        (#"x.y = "\q""#, "unsupported string escape sequence: \\q"),
        (#"x.y = '\"'"#, "invalid \\\" escape in '-quoted string"),
        (#"x.y = "\'""#, "invalid \\' escape in \"-quoted string"),
        (#"x.y = "\x4""#, "truncated hex char escape sequence"),
        (#"x.y = "\xzz""#, "invalid hex char escape sequence: zz"),
    ])
    func badEscapes(text: String, message: String) {
        #expect(syntaxError(text)?.message == message)
    }

    @Test func fieldArguments() throws {
        #expect(try structure("proc.aname[3] = x") == check(field("proc.aname", "3"), .eq, .value("x")))
        #expect(try structure("json.value[/a/b~1c] exists") == check(field("json.value", "/a/b~1c"), .exists, nil))
        #expect(try structure("x.y[a(b)c] exists") == check(field("x.y", "a(b)c"), .exists, nil))
        #expect(try structure("x.y[\"with space\"] exists") == check(field("x.y", "with space"), .exists, nil))
        #expect(try structure("x.y[''] exists") == check(field("x.y", ""), .exists, nil))
        #expect(syntaxError("x.y[] exists")?.message == "expected a valid field argument: a quoted string or a bare string")
        #expect(syntaxError("x.y[a b] exists")?.message == "expected a ']' token")
        #expect(syntaxError("x.y [1] exists") != nil)
        try expectRoundTrip("x.y[''] exists and x.z['a]b'] exists")
    }

    @Test func transformers() throws {
        #expect(try structure("toupper(tolower(x.y[1])) = A")
            == check(field("x.y", "1", [.toupper, .tolower]), .eq, .value("A")))
        #expect(try structure("basename(proc.exepath) in (sh, bash)")
            == check(field("proc.exepath", nil, [.basename]), .in, .list(["sh", "bash"])))
        #expect(try structure("x.y = b64(val2.z)") == check(field("x.y"), .eq, .field(field("val2.z", nil, [.b64]))))
        #expect(syntaxError("b64 (x.y) exists") != nil)
        #expect(syntaxError("val(x.y) exists") != nil)
        #expect(syntaxError("x.y = val(tolower(x.z))") != nil)
        #expect(syntaxError("x.y = tolower(val(x.z))") != nil)
        #expect(syntaxError("x.y = tolower(x.z") != nil)
        #expect(syntaxError("tolower(x.y, x.z) exists") != nil)
        #expect(syntaxError(#"join("-", (a.b, c.d)) exists"#)?.message.hasPrefix("unsupported field transformer 'join'") == true)
        #expect(syntaxError("x.y = oneof (a, b)")?.message.hasPrefix("comparison operator modifiers") == true)
        // Without a list after it, `oneof` is a plain value.
        #expect(try structure("x.y = oneof and z") == .and([check(field("x.y"), .eq, .value("oneof")), macro("z")]))
    }

    @Test func positions() throws {
        guard case .or(let parts) = try parse("(proc.aname[2]=nginx and evt.type in (a,b)) or (not fd.name exists)"),
              case .and(let left) = parts[0], case .check(let first) = left[0], case .check(let second) = left[1],
              case .not(.check(let third)) = parts[1] else {
            Issue.record("unexpected shape")
            return
        }
        #expect(first.position == ConditionPosition(offset: 1, line: 1, column: 2))
        #expect(second.position == ConditionPosition(offset: 25, line: 1, column: 26))
        #expect(third.position == ConditionPosition(offset: 52, line: 1, column: 53))

        guard case .and(let lines) = try parse("\na.b = 1\n  and m") else {
            Issue.record("unexpected shape")
            return
        }
        #expect(lines[0] == .check(ConditionCheck(lhs: FieldExpr(field: "a.b", position: .init(offset: 1, line: 2, column: 1)),
                                                  op: .eq, rhs: .value("1"), position: .init(offset: 1, line: 2, column: 1))))
        #expect(lines[1] == .macro("m", .init(offset: 15, line: 3, column: 7)))
    }

    @Test("errors carry libsinsp's message and the cursor position", arguments: [
        ("", "filter input string is empty", 0),
        ("   ", "expected a '(' token, a field check, or an identifier", 3),
        ("a andb", "expected blank or '(' after 'and'", 5),
        ("a orb", "expected blank or '(' after 'or'", 4),
        ("a and", "expected blank or '(' after 'and'", 5),
        ("a b", "unexpected token after 'a', expecting 'or', 'and'", 2),
        ("(a", "expected a ')' token", 2),
        ("a.b = 1 c", "unexpected token after '1', expecting 'or', 'and'", 8),
        ("x.y = 'open", "expected a string value or a field with a valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len'", 6),
        ("a.b ~ 1", "expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'", 4),
        ("x.y = val(z)", "expected a field within 'val' transformer", 10),
        ("x.y in (a", "expected a ')' token", 9),
        ("a and\n  (b or)", "expected blank or '(' after 'or'", 13),
    ])
    func errors(text: String, message: String, offset: Int) {
        let error = syntaxError(text)
        #expect(error?.message == message)
        #expect(error?.position.offset == offset)
    }

    @Test func errorLineAndColumnCountEveryLineBreak() {
        let error = syntaxError("a and\r\nb.c ?")
        #expect(error?.position == ConditionPosition(offset: 11, line: 3, column: 5))
    }

    @Test func nestingIsBounded() throws {
        let shallow = String(repeating: "(", count: 150) + "a" + String(repeating: ")", count: 150)
        #expect(try structure(shallow) == macro("a"))
        let deep = String(repeating: "(", count: 1_000) + "a" + String(repeating: ")", count: 1_000)
        #expect(syntaxError(deep)?.message == "exceeded max depth limit of 1000")
        #expect(syntaxError(String(repeating: "(", count: 100_000))?.message == "exceeded max depth limit of 1000")
        #expect(syntaxError(String(repeating: "not (", count: 50_000))?.message == "exceeded max depth limit of 1000")
        #expect(syntaxError(String(repeating: "tolower(", count: 50_000) + "a.b) exists")?.message == "exceeded max depth limit of 1000")
        // Many `not`s in a row do not nest.
        #expect(try structure(String(repeating: "not ", count: 10_001) + "a") == .not(macro("a")))
    }

    @Test func longFlatConditionsParse() throws {
        let text = (0..<5_000).map { "p.f\($0 % 7) = v\($0)" }.joined(separator: " or ")
        guard case .or(let parts) = try parse(text) else {
            Issue.record("expected or")
            return
        }
        #expect(parts.count == 5_000)
    }

    /// Real-world shaped conditions for the fuzz test.
    static let seeds = [
        "evt.type in (open, openat, openat2) and evt.is_open_write=true and fd.typechar='f' and fd.num>=0",
        "spawned_process and container and proc.name in (shell_binaries) and not proc.pname in (docker, runc:[1:CHILD])",
        "(proc.cmdline startswith \"sh -c envdir \\\"/run/etc\\\" wal-g\" or proc.aname[2] = sshd) and not user.name=root",
        "ka.verb=create and ka.target.resource=pods and ka.req.pod.volumes.hostpath intersects (/proc, /var/run/docker.sock)",
        "json.value[/userIdentity/type]=\"Root\" and not json.value[/sourceIPAddress] pmatch (10.0.0.0/8)",
        "tolower(proc.name) glob '*miner*' or len(proc.args) > 1024 or fd.name = val(fd.directory)",
        "not (fd.sip.name exists) and fd.snet in (\"127.0.0.1/8\", '::1/128') and evt.rawres >= -1",
    ]

    @Test func fuzzedConditionsReturnOrThrowTyped() {
        var rng = SplitMix64(seed: 0xB01C_4EAD)
        let alphabet = Array("()[]'\"\\,= \t\nanotrdxsinval.0123456789-*/:_!<>%$".utf8)
        let fragments = ["and ", "or ", "not ", "(", ")", "in (", "val(", "tolower(", "'", "\"", "\\x4", "[", "]", " exists", " = "]
        var accepted = 0
        for i in 0..<4_000 {
            var bytes = Array(Self.seeds[i % Self.seeds.count].utf8)
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                let at = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 6 {
                case 0 where !bytes.isEmpty: bytes.remove(at: at)
                case 1: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                case 2: bytes.insert(contentsOf: Array(fragments[Int(rng.next() % UInt64(fragments.count))].utf8), at: at)
                case 3 where bytes.count > 1:
                    let end = min(bytes.count, at + 1 + Int(rng.next() % 12))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                case 4: bytes = Array(bytes.prefix(at))
                default: if !bytes.isEmpty { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) & 0x7F }
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let ast = try ConditionParser.parse(text)
                accepted += 1
                let again = try ConditionParser.parse(ast.render())
                #expect(again.withoutPositions() == ast.withoutPositions(), "\(text.debugDescription)")
            } catch {
                #expect(error.position.offset >= 0 && error.position.offset <= text.utf8.count)
            }
        }
        #expect(accepted > 0)
    }
}

@Suite("List substitution")
struct ListSubstitutionTests {
    static let cat = [(name: "cat_binaries", items: ["cat"])]

    @Test("as falco's resolve_list", arguments: [
        ("proc.name in (cat_binaries)", "proc.name in ( cat )"),
        ("proc.name in (cat_binaries, ps)", "proc.name in ( cat , ps)"),
        ("proc.name in (ls, cat_binaries, ps)", "proc.name in (ls, cat , ps)"),
        ("proc.name in (ls, cat_binaries)", "proc.name in (ls, cat )"),
        ("proc.name=cat_binaries", "proc.name= cat "),
        ("proc.name= \t cat_binaries\n or proc.name=x", "proc.name= cat or proc.name=x"),
        ("cat_binaries", "cat "),
        ("proc.name in (file_cat_binaries)", "proc.name in (file_cat_binaries)"),
        ("proc.name in (cat_binaries_x)", "proc.name in (cat_binaries_x)"),
        ("proc.name = \"a cat_binaries b\"", "proc.name = \"a cat b\""),
        ("proc.name = 'cat_binaries'", "proc.name = 'cat_binaries'"),
    ])
    func oneList(condition: String, expected: String) {
        #expect(ListSubstitution.resolve(condition, lists: Self.cat) == expected)
    }

    @Test func itemsAreQuotedOnlyWhenTheyHaveASpaceAndNoLeadingQuote() {
        let lists = [(name: "l", items: ["a b", "\"c d\"", "'e f'", "g\th", "plain"])]
        #expect(ListSubstitution.resolve("x.y in (l)", lists: lists) == "x.y in ( \"a b\", \"c d\", 'e f', g\th, plain )")
        #expect(ListSubstitution.quoteItem("") == "")
    }

    @Test func emptyListsSwallowOneComma() {
        let empty = [(name: "e", items: [String]())]
        #expect(ListSubstitution.resolve("x.y in (a, e)", lists: empty) == "x.y in (a  )")
        #expect(ListSubstitution.resolve("x.y in (e, a)", lists: empty) == "x.y in (   a)")
        #expect(ListSubstitution.resolve("x.y in (e)", lists: empty) == "x.y in (  )")
        #expect(ListSubstitution.resolve("e", lists: empty) == " ")
        #expect((try? ConditionParser.parse(ListSubstitution.resolve("x.y in (e)", lists: empty))) != nil)
    }

    @Test func everyOccurrenceAndListsInDefinitionOrder() {
        let lists = [(name: "a", items: ["b", "x"]), (name: "b", items: ["y"])]
        // `a` writes `b`, which the later list `b` then replaces.
        #expect(ListSubstitution.resolve("f.g in (a) or f.h in (a)", lists: lists) == "f.g in ( y , x ) or f.h in ( y , x )")
        let (text, used) = ListSubstitution.resolve("f.g in (zz)", name: "a", items: ["1"])
        #expect(text == "f.g in (zz)" && !used)
    }

    @Test func occurrencesRightAfterASubstitutionAtTheStartAreSkippedLikeFalco() {
        // falco resumes its search one byte past the replacement: at the very start of the
        // text that skips the first byte of what follows.
        #expect(ListSubstitution.resolve("l l", lists: [(name: "l", items: ["v"])]) == "v l")
        #expect(ListSubstitution.resolve("(l l)", lists: [(name: "l", items: ["v"])]) == "( v v )")
    }

    @Test func expandItemsIsOneLevelAndOnlyUsesEarlierLists() {
        let expanded = ListSubstitution.expandItems([
            (name: "a", items: ["1", "2"]),
            (name: "b", items: ["a", "3"]),
            (name: "c", items: ["b", "d"]),
            (name: "d", items: ["4"]),
        ])
        #expect(expanded.map(\.items) == [["1", "2"], ["1", "2", "3"], ["a", "3", "d"], ["4"]])
    }

    @Test func expandItemsHonoursVisibility() {
        // list_a redefined after list_b: each sees the other's written items (falco's list loop).
        let defs = [
            ListSubstitution.Definition(name: "list_a", items: ["list_b"], index: 0, visibility: 2),
            ListSubstitution.Definition(name: "list_b", items: ["list_a"], index: 1, visibility: 1),
        ]
        let expanded = ListSubstitution.expandItems(defs)
        #expect(expanded.map(\.items) == [["list_a"], ["list_b"]])
        let lists = expanded.map { (name: $0.name, items: $0.items) }
        #expect(ListSubstitution.resolve("evt.type in (list_a)", lists: lists) == "evt.type in ( list_a )")
    }
}

@Suite("Output formats")
struct OutputFormatTests {
    @Test func textAndFields() throws {
        let format = try OutputFormat.parse("Shell (user=%user.name parent=%proc.aname[2] cmd=%tolower(proc.cmdline))")
        #expect(format.segments.map(Self.strip) == [
            .text("Shell (user="), .field(field("user.name")), .text(" parent="), .field(field("proc.aname", "2")),
            .text(" cmd="), .field(field("proc.cmdline", nil, [.tolower])), .text(")"),
        ])
        #expect(format.requireAllValues)
        #expect(format.render() == "Shell (user=%user.name parent=%proc.aname[2] cmd=%tolower(proc.cmdline))")
    }

    @Test func fieldPositionsAreOffsetsIntoTheOutput() throws {
        let format = try OutputFormat.parse("*a\n%fd.name b")
        #expect(!format.requireAllValues)
        #expect(format.fields.first?.position == ConditionPosition(offset: 4, line: 2, column: 2))
    }

    @Test func widthsAndArguments() throws {
        let format = try OutputFormat.parse("%12proc.name %json.value[/a b] %evt.arg['x y']:")
        #expect(format.widths == [0: 12])
        #expect(format.fields.map(\.field) == ["proc.name", "json.value", "evt.arg"])
        // `[/a b]` is not a valid argument (a bare one ends at the blank): the field stands alone.
        #expect(format.fields.map(\.argument) == [nil, nil, "x y"])
        #expect(format.segments.map(Self.strip)[3] == .text("[/a b] "))
        #expect(try OutputFormat.parse(format.render()).segments.map(Self.strip) == format.segments.map(Self.strip))
    }

    @Test func aBrokenArgumentLeavesTheFieldAlone() throws {
        let format = try OutputFormat.parse("%proc.aname[2 rest")
        #expect(format.segments.map(Self.strip) == [.field(field("proc.aname")), .text("[2 rest")])
    }

    @Test func knownFieldsShortenTheToken() throws {
        let format = try OutputFormat.parse("%proc.namex", isKnownField: { $0 == "proc.name" })
        #expect(format.segments.map(Self.strip) == [.field(field("proc.name")), .text("x")])
        #expect(throws: ConditionSyntaxError.self) { try OutputFormat.parse("%zz.top", isKnownField: { _ in false }) }
    }

    @Test("syntax errors", arguments: [
        ("", "empty formatting token", 0),
        ("ends with %", "invalid formatting syntax: formatting cannot end with a %", 10),
        ("ends with %12", "invalid formatting syntax: formatting cannot end with a number", 12),
        ("%%", "unknown filter: expected a field or a field transformer", 1),
        ("x %not_a_real_field", "unknown filter: expected a field or a field transformer", 3),
        ("%(proc.name)", "unknown filter: expected a field or a field transformer", 1),
        ("%val(proc.name)", "unknown filter: expected a field or a field transformer", 1),
        ("%tolower(proc.name", "unknown filter: expected a ')' token closing the transformer", 1),
    ])
    func syntaxErrors(text: String, message: String, offset: Int) {
        do {
            _ = try OutputFormat.parse(text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.message == message)
            #expect(error.position.offset == offset)
        }
    }

    @Test func onlyAStarIsValid() throws {
        #expect(try OutputFormat.parse("*") == OutputFormat(segments: [], requireAllValues: false))
    }

    static func strip(_ s: OutputSegment) -> OutputSegment {
        if case .field(var f) = s { f.position = .start; return .field(f) }
        return s
    }
}

/// Deterministic generator for the fuzz test.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
