import BulkheadCore
import Hummingbird
import NIOCore

/// Routes the three things the server answers: the webhook path, `/healthz`, and everything else.
struct AuditWebhookResponder: HTTPResponder {
    typealias Context = AuditWebhookRequestContext

    static let healthPath = "/healthz"

    let path: String
    let maxBodyBytes: Int
    let handler: @Sendable ([UInt8]) async -> AuditWebhookResult

    func respond(to request: Request, context: Context) async throws -> Response {
        switch request.uri.path {
        case Self.healthPath:
            guard request.method == .get else {
                return Self.methodNotAllowed(allow: "GET")
            }
            return Self.text(.ok, "ok")
        case self.path:
            guard request.method == .post else {
                return Self.methodNotAllowed(allow: "POST")
            }
            return await self.receive(request, context: context)
        default:
            return Self.json(.notFound, #"{"error":"not found"}"#)
        }
    }

    private func receive(_ request: Request, context: Context) async -> Response {
        guard Self.isJSON(request.headers[.contentType]) else {
            return Self.json(.unsupportedMediaType, #"{"error":"Content-Type must be application/json"}"#)
        }
        // Refuse a declared oversize body before reading any of it.
        if let declared = request.headers[.contentLength], let length = Int(declared), length > maxBodyBytes {
            return self.tooLarge(channel: context.channel)
        }
        let body: ByteBuffer
        do {
            // Chunked (or lying) bodies: stop as soon as the limit is passed.
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return self.tooLarge(channel: context.channel)
        } catch {
            // The client went away or sent a malformed body; nothing useful reaches the handler.
            context.logger.debug("audit webhook: reading request body failed", metadata: ["error": "\(error)"])
            return Self.json(.badRequest, #"{"error":"could not read request body"}"#)
        }

        switch await handler(Array(body.readableBytesView)) {
        case .accepted(let count):
            return Self.json(.ok, #"{"accepted":\#(count)}"#)
        case .rejected(let reason):
            return Self.json(.badRequest, #"{"error":\#(jsonQuote(reason))}"#)
        }
    }

    /// 413 with `Connection: close`, and the connection really closed once the answer is out,
    /// so the rest of the body is never read. (TLS sends close_notify first.)
    private func tooLarge(channel: any Channel) -> Response {
        let message = #"{"error":"request body exceeds \#(maxBodyBytes) bytes"}"#
        let buffer = ByteBuffer(string: message)
        return Response(
            status: .contentTooLarge,
            headers: [.contentType: "application/json", .connection: "close"],
            body: ResponseBody(contentLength: buffer.readableBytes) { writer in
                try await writer.write(buffer)
                try await writer.finish(nil)
                channel.close(promise: nil)
            }
        )
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingSpaces().lowercased() == "application/json"
    }

    private static func methodNotAllowed(allow: String) -> Response {
        var response = json(.methodNotAllowed, #"{"error":"method not allowed"}"#)
        response.headers[.allow] = allow
        return response
    }

    private static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
