import BulkheadCore

/// A rule example with `↓` markers removed and their positions recorded.
///
/// `↓` goes right before the first character a violation points at; positions are 1-based
/// lines and columns counted in Unicode scalars, as ``SourcePosition`` is.
public struct MarkedExample: Sendable, Hashable {
    public var text: String
    public var markers: [SourcePosition]

    public init(_ example: String) {
        var text = ""
        var markers: [SourcePosition] = []
        var line = 1
        var column = 1
        for scalar in example.unicodeScalars {
            if Character(scalar) == RuleExamples.marker {
                markers.append(SourcePosition(line: line, column: column))
                continue
            }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.text = text
        self.markers = markers
    }
}
