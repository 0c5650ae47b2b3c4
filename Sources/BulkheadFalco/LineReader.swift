import Foundation

/// Reads a file (or stdin) line by line in 256 KiB chunks: memory stays bounded by the longest
/// line (capped by `maxLine`, beyond which the line is reported as too long and skipped).
public final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    public let maxLine: Int
    public private(set) var lineNumber = 0

    public init(handle: FileHandle, maxLine: Int = 1 << 20) {
        self.handle = handle
        self.maxLine = maxLine
    }

    public convenience init(path: String, maxLine: Int = 1 << 20) throws {
        if path == "-" {
            self.init(handle: .standardInput, maxLine: maxLine)
        } else {
            self.init(handle: try FileHandle(forReadingFrom: URL(fileURLWithPath: path)), maxLine: maxLine)
        }
    }

    /// The next line without its newline (`\r\n` too); `tooLong` when it exceeded `maxLine`.
    public func next() -> (line: ArraySlice<UInt8>, tooLong: Bool)? {
        var skipping = false
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0a) {
                var end = nl
                if end > start, buffer[end - 1] == 0x0d { end -= 1 }
                let line = buffer[start..<end]
                start = nl + 1
                lineNumber += 1
                if skipping { return (line[line.startIndex..<line.startIndex], true) }
                return (line, false)
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return skipping ? (line[line.startIndex..<line.startIndex], true) : (line, false)
            }
            if buffer.count - start > maxLine {
                // Drop what we have of the over-long line and keep reading to its end.
                skipping = true
                buffer.removeAll(keepingCapacity: true)
                start = 0
            } else if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            let chunk = handle.readData(ofLength: 256 * 1024)
            if chunk.isEmpty { eof = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
