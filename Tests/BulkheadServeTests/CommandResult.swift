/// Output of one finished command.
struct CommandResult: Sendable {
    var exitCode: Int32
    var stdout: [UInt8]
    var stderr: String
    var timedOut: Bool

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}
