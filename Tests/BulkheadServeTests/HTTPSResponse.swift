/// What curl saw: `status` is nil when no HTTP response arrived (TLS refused, connection reset).
struct HTTPSResponse: Sendable {
    var exitCode: Int32
    var status: Int?
    var headers: [String: String]
    var body: String
    var stderr: String
}
