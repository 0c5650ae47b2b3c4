import Testing
@testable import BulkheadFalco

/// Operator and field semantics against hand-built events: each case states what Falco
/// (libsinsp's filterchecks and filter_compare) decides for the condition.
struct SemanticsCase: CustomTestStringConvertible, Sendable {
    var condition: String
    var event: String
    var expected: Bool
    var testDescription: String { "\(condition) → \(expected)" }

    init(_ condition: String, _ expected: Bool, _ event: String = SemanticsCase.openShadow) {
        self.condition = condition
        self.expected = expected
        self.event = event
    }

    static let openShadow = """
        {"type":"openat","ts":1764440000000000000,"res":3,"args":{"fd":3,"dirfd":-100,"name":"/etc/shadow","flags":"O_RDONLY|O_CLOEXEC","mode":0},
         "proc":{"pid":4242,"vpid":42,"sid":4200,"vpgid":42,"name":"cat","exe":"cat","exepath":"/usr/bin/cat","args":["-n","/etc/shadow"],
                 "cwd":"/root/","tty":34816,"env":["HOME=/root","LANG= C.UTF-8 "],"cap_effective":["CAP_CHOWN","CAP_SYS_ADMIN"]},
         "ancestors":[{"pid":4200,"name":"bash","exepath":"/usr/bin/bash","args":[]},{"pid":4100,"name":"sshd","exepath":"/usr/sbin/sshd","args":["-D"]}],
         "user":{"uid":0,"name":"root","loginuid":1000},"fd":{"num":3,"type":"file","name":"/etc/shadow"},
         "container":{"id":"3ad7b26ded6d","image":"docker.io/library/nginx:1.27","privileged":false,
                      "mounts":[{"source":"/var/run/docker.sock","dest":"/run/docker.sock","mode":"","rdwr":true,"propagation":"rprivate"}]}}
        """
    static let connect = """
        {"type":"connect","res":0,"proc":{"pid":7,"name":"curl","exepath":"/usr/bin/curl","args":[]},
         "fd":{"num":5,"type":"ipv4","l4proto":"tcp","cip":"10.0.0.5","cport":41234,"sip":"93.184.216.34","sport":80}}
        """
    static let creatNoFlags = """
        {"type":"creat","res":4,"args":{"name":"/tmp/x","mode":"0755"},"proc":{"pid":8,"name":"sh","args":[]},"fd":{"num":4,"type":"file","name":"/tmp/x"}}
        """
    static let createdExec = """
        {"type":"openat","res":4,"args":{"name":"/tmp/dropper","flags":"O_CREAT|O_WRONLY|O_F_CREATED","mode":"0755"},"proc":{"pid":8,"name":"sh","args":[]},
         "fd":{"num":4,"type":"file","name":"/tmp/dropper"}}
        """
    static let failedOpen = """
        {"type":"openat","res":-2,"args":{"name":"/nope","flags":"O_RDONLY"},"proc":{"pid":8,"name":"ls","args":[]},"fd":{"num":-1,"type":"file","name":"/nope"}}
        """
}

@Suite("Operators and fields behave as in Falco")
struct OperatorSemanticsTests {
    static let cases: [SemanticsCase] = [
        // = != and absent fields: every comparison on a missing field is false, `not` of it true.
        .init("proc.name = cat", true), .init("proc.name != cat", false), .init("proc.name = ca", false),
        .init("k8s.ns.name = default", false), .init("k8s.ns.name != default", false), .init("not k8s.ns.name = default", true),
        .init("k8s.ns.name exists", false), .init("proc.name exists", true), .init("proc.name == cat", true),
        // numbers
        .init("proc.tty != 0", true), .init("fd.num >= 0", true), .init("fd.num < 3", false), .init("user.loginuid = 1000", true),
        .init("evt.rawres in (1, 2, 3)", true), .init("fd.num > -1", true),
        // strings
        .init("fd.name startswith /etc/", true), .init("fd.name startswith /etc/s", true), .init("fd.name endswith shadow", true),
        .init("fd.name contains etc/sh", true), .init("fd.name contains ETC", false), .init("fd.name icontains ETC/SH", true),
        .init("fd.name in (/etc/passwd, /etc/shadow)", true), .init("fd.name in (/etc/passwd)", false),
        .init("fd.name intersects (/etc/shadow)", true), .init("proc.cmdline = \"cat -n /etc/shadow\"", true),
        .init("proc.args = \"-n /etc/shadow\"", true), .init("proc.args[1] = -n", true), .init("proc.args[3] = \"\"", true),
        // glob: * crosses / (no FNM_PATHNAME), full match
        .init("fd.name glob /etc/*", true), .init("fd.name glob /*/shadow", true), .init("fd.name glob /etc", false),
        .init("fd.name iglob /ETC/*", true), .init("fd.name glob \"/etc/sha[a-z]ow\"", true),
        // pmatch: path components, globs within one component
        .init("fd.name pmatch (/etc)", true), .init("fd.name pmatch (/et)", false), .init("fd.name pmatch (/etc/shadow)", true),
        .init("fd.name pmatch (/*/shadow)", true), .init("fd.name pmatch (/usr, /var)", false), .init("fd.directory pmatch (/)", true),
        // components split on the byte '/', even when a combining mark follows it
        .init("fd.name pmatch (/etc)", true, SemanticsCase.openShadow.replacingOccurrences(of: "\"name\":\"/etc/shadow\"}", with: "\"name\":\"/etc/\\u0301x\"}")),
        // regex: anchored full match
        .init("fd.name regex \"/etc/sh.*\"", true), .init("fd.name regex \"sh.*\"", false), .init("proc.name regex \"c[a-z]t\"", true),
        // bytes
        .init("fd.name bcontains 736861646f77", true), .init("fd.name bstartswith 2f657463", true), .init("fd.name bcontains 0a", false),
        // transformers and val()
        .init("toupper(proc.name) = CAT", true), .init("tolower(proc.name) = cat", true), .init("len(proc.name) = 3", true),
        .init("basename(fd.name) = shadow", true), .init("proc.name = val(proc.exe)", true), .init("proc.name = val(proc.pname)", false),
        .init("len(proc.aname) = 2", true),
        // ancestry: without an index any ancestor matches; [0] is the process itself
        .init("proc.aname = sshd", true), .init("proc.aname = cat", false), .init("proc.aname[0] = cat", true),
        .init("proc.aname[1] = bash", true), .init("proc.aname[2] = sshd", true), .init("proc.aname[3] = systemd", false),
        .init("proc.pname = bash", true), .init("proc.aname in (sshd, cron)", true), .init("proc.apid[2] = 4100", true),
        .init("proc.aexepath[2] = /usr/sbin/sshd", true), .init("proc.pexepath = /usr/bin/bash", true),
        // env: unset is "", values trimmed
        .init("proc.env[HOME] = /root", true), .init("proc.env[NOPE] = \"\"", true), .init("proc.env[NOPE] != x", true),
        .init("proc.env[LANG] = C.UTF-8", true),
        // capabilities and flags as text
        .init("thread.cap_effective contains CAP_SYS_ADMIN", true), .init("thread.cap_effective icontains sys_admin", true),
        .init("evt.arg.flags contains O_CLOEXEC", true), .init("evt.arg.name = /etc/shadow", true), .init("evt.arg[2] = /etc/shadow", true),
        .init("evt.rawarg.fd = 3", true), .init("evt.res = SUCCESS", true), .init("evt.failed = false", true),
        .init("evt.res = ENOENT", true, SemanticsCase.failedOpen), .init("evt.failed = true", true, SemanticsCase.failedOpen),
        .init("evt.res startswith E", true, SemanticsCase.failedOpen),
        // open helpers
        .init("evt.is_open_read = true", true), .init("evt.is_open_write = true", false), .init("evt.is_open_create = true", false),
        .init("evt.is_open_write = true", false, SemanticsCase.creatNoFlags), .init("evt.is_open_create = true", false, SemanticsCase.creatNoFlags),
        .init("evt.is_open_create = true", true, SemanticsCase.createdExec), .init("evt.is_open_exec = true", true, SemanticsCase.createdExec),
        .init("evt.is_open_write = true", true, SemanticsCase.createdExec), .init("evt.is_open_read = true", false, SemanticsCase.createdExec),
        // fd path split, typechar, container
        .init("fd.directory = /etc", true), .init("fd.filename = shadow", true), .init("fd.typechar = f", true),
        .init("container.id = 3ad7b26ded6d", true), .init("container.image.repository = docker.io/library/nginx", true),
        .init("container.image.tag = \"1.27\"", true), .init("container.privileged = false", true),
        .init("container.mount.dest[/var/run/docker.sock] = /run/docker.sock", true),
        .init("container.mount.source[/run/docker.sock] = /var/run/docker.sock", true),
        .init("container.id = host", true, SemanticsCase.connect),
        // sockets: != on either-end fields means both ends differ
        .init("fd.port = 80", true, SemanticsCase.connect), .init("fd.port != 80", false, SemanticsCase.connect),
        .init("fd.port != 443", true, SemanticsCase.connect), .init("fd.sport = 80", true, SemanticsCase.connect),
        .init("fd.rport = 80", true, SemanticsCase.connect), .init("fd.lport = 41234", true, SemanticsCase.connect),
        .init("fd.sip = 93.184.216.34", true, SemanticsCase.connect), .init("fd.ip = 10.0.0.5", true, SemanticsCase.connect),
        .init("fd.ip != 10.0.0.5", false, SemanticsCase.connect), .init("fd.net = \"10.0.0.0/8\"", true, SemanticsCase.connect),
        .init("fd.snet in (\"10.0.0.0/8\", \"192.168.0.0/16\")", false, SemanticsCase.connect),
        .init("fd.cnet in (\"10.0.0.0/8\", \"192.168.0.0/16\")", true, SemanticsCase.connect),
        .init("fd.proto = http", true, SemanticsCase.connect), .init("fd.l4proto = tcp", true, SemanticsCase.connect),
        .init("fd.name = \"10.0.0.5:41234->93.184.216.34:80\"", true, SemanticsCase.connect),
        .init("fd.typechar = 4", true, SemanticsCase.connect),
        // logic
        .init("proc.name = cat and not fd.name = /etc/passwd", true), .init("proc.name = ls or fd.num = 3", true),
        .init("not (proc.name = cat or fd.num = 9)", false),
    ]

    @Test("condition on event", arguments: cases)
    func evaluate(_ c: SemanticsCase) throws {
        let ast = try ConditionParser.parse(c.condition)
        let predicate = try PredicateCompiler(source: SyscallFields()).compile(ast)
        var decoder = ReplayDecoder()
        let event = try #require(try decoder.decode(line: Array(c.event.utf8)))
        #expect(predicate(event) == c.expected)
    }

    @Test("values Falco refuses are compile errors", arguments: [
        "fd.num = abc", "container.privileged = maybe", "fd.name regex \"\\\\d+\"", "fd.name regex \"a*?\"",
        "proc.name[1] = x", "fd.name < /etc/z", "proc.aname[x] = bash", "fd.name bcontains zz", "evt.type = not_a_syscall",
    ])
    func refused(_ condition: String) throws {
        // Either the parser (numeric operators need numbers) or the compiler refuses.
        guard let ast = try? ConditionParser.parse(condition) else { return }
        #expect(throws: PredicateCompileError.self) { try PredicateCompiler(source: SyscallFields()).compile(ast) }
    }

    @Test("unknown fields and fields no source provides are told apart")
    func unknownVersusUnavailable() throws {
        let compiler = PredicateCompiler(source: SyscallFields())
        func failure(_ text: String) throws -> PredicateCompileError? {
            let ast = try ConditionParser.parse(text)
            do { _ = try compiler.compile(ast) } catch { return error }
            return nil
        }
        let unknown = try #require(try failure("proc.nobody = x"))
        #expect(unknown.kind == .unknownField)
        #expect(unknown.message == "filter_check called with nonexistent field proc.nobody")
        #expect(try failure("proc.vmrss > 10")?.kind == .unavailableField)
    }

    @Test("event types: and intersects, or unites, not complements")
    func eventTypes() throws {
        func types(_ c: String) throws -> EventTypeSet { EventTypeSet.of(try ConditionParser.parse(c)) }
        #expect(try types("evt.type = open") == .only(["open"]))
        #expect(try types("evt.type in (open, openat) and proc.name = cat") == .only(["open", "openat"]))
        #expect(try types("evt.type = open or evt.type = execve") == .only(["open", "execve"]))
        #expect(try types("evt.type != open") == .allExcept(["open"]))
        #expect(try types("not evt.type in (open, execve)") == .allExcept(["open", "execve"]))
        #expect(try types("proc.name = cat") == .all)
        #expect(try types("evt.type = open and not proc.name = cat") == .only(["open"]))
        #expect(try types("not (evt.type = open and proc.name = cat)") == .all)
    }
}
