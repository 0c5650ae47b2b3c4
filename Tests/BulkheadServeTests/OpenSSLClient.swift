import Foundation

/// `openssl s_client` as a raw TLS client: sends hand-written HTTP bytes and prints whatever comes back.
/// With `-quiet` it ignores end of input and exits only when the server closes the connection
/// (or on a handshake failure), which is what the tests look at.
enum OpenSSLClient {
    static func exchange(
        port: Int,
        trusting caFile: String,
        request: String,
        extraArguments: [String] = [],
        timeout: Duration = .seconds(15)
    ) async throws -> CommandResult {
        let requestFile = try Harness.temporaryFile(Array(request.utf8), name: "request.http")
        return try await CommandRunner.run(
            ["openssl", "s_client", "-quiet", "-connect", "127.0.0.1:\(port)",
             "-CAfile", caFile, "-verify_return_error"] + extraArguments,
            stdinPath: requestFile,
            timeout: timeout
        )
    }
}
