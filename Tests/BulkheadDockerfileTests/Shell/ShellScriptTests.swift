import Testing

@testable import BulkheadDockerfile

@Suite("Shell command finder")
struct ShellScriptTests {
    func programs(_ s: String) -> [String] { ShellScript.parse(s).commands.map(\.program) }

    @Test("simple commands are found across every list operator", arguments: [
        ("a && b || c; d & e", ["a", "b", "c", "d", "e"]),
        ("a | b |& c", ["a", "b", "c"]),
        ("(cd /x && make) && { echo; true; }", ["cd", "make", "echo", "true"]),
        ("if test -f x; then rm x; elif y; then z; else w; fi", ["test", "rm", "y", "z", "w"]),
        ("for f in a b c; do echo $f; done", ["echo"]),
        ("while read l; do echo $l; done < file", ["read", "echo"]),
        ("case $x in a|b) echo one ;; *) echo two ;; esac; after", ["echo", "echo", "after"]),
        ("X=1 Y=2 env", ["env"]),
        ("f() { echo in; }; f", ["echo", "f"]),
        ("echo $(which python) `date` \"$(id -u)\"", ["echo", "which", "date", "id"]),
        ("diff <(sort a) b", ["diff", "sort"]),
        ("# comment only\necho a # trailing", ["echo"]),
        ("cat <<EOF > f\nrm -rf /\nEOF\necho done", ["cat", "echo"]),
        ("echo 'a && b' \"c | d\" e\\;f", ["echo"]),
        ("busybox wget x", ["wget"]),
        ("yum install -y foo-1 2>&1 >/dev/null", ["yum"]),
        ("/usr/bin/apt-get install -y x", ["apt-get"]),
    ])
    func finds(_ script: String, _ expected: [String]) {
        #expect(programs(script) == expected)
    }

    @Test("words are unquoted and keep their offsets")
    func words() {
        let s = "apt-get install -y 'curl' \"git\"=1 a\\ b"
        let cmd = ShellScript.parse(s).commands[0]
        #expect(cmd.argumentValues == ["install", "-y", "curl", "git=1", "a b"])
        #expect(cmd.words[3].offset == 19)
        #expect(cmd.words[3].raw == "'curl'")
    }

    @Test("pipelines and pipe operators are recognised", arguments: [
        ("curl x | sh", true), ("a && b", false), ("a || b", false), ("{ echo; } | tee f", true),
        ("for i in 1; do echo; done | sort", true), ("echo $(a | b)", true),
    ])
    func pipes(_ script: String, _ expected: Bool) {
        #expect(ShellScript.parse(script).hasPipeline == expected)
    }

    @Test("IO numbers are part of redirections, not arguments")
    func ioNumbers() {
        let c = ShellScript.parse("yum install -y foo-1 2>&1 3< in").commands[0]
        #expect(c.argumentValues == ["install", "-y", "foo-1"])
        #expect(c.redirections.map(\.op) == [">&", "<"])
    }

    @Test("flags follow Hadolint's reading")
    func flags() {
        let c = ShellScript.parse("apt-get -yqq --no-install-recommends -o Dpkg::x=1 install -- foo").commands[0]
        #expect(c.flags == ["y", "q", "q", "no-install-recommends", "o"])
        #expect(c.countFlag("q") == 2)
        #expect(c.hasFlag("y", "yes"))
        #expect(c.argumentsWithoutFlags(valueFlags: ["o"]) == ["install", "--", "foo"])
        #expect(c.is("apt-get", withAnyOf: ["install"]))
    }

    @Test("hostile input ends in a value, never a hang", arguments: [
        "$(((((((((", "`echo `echo `", "\"unterminated", "'x", "<<", "a <<EOF", String(repeating: "$(", count: 5000),
        String(repeating: "(", count: 10000), "case x in", "for", "\\",
    ])
    func hostile(_ script: String) {
        _ = ShellScript.parse(script)
    }
}
