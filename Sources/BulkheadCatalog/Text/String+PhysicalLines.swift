extension StringProtocol {
    /// The lines of the text, split at `\n` and at `\r\n` (one `Character` in Swift, which a plain
    /// `split(separator: "\n")` does not split at); empty lines are kept.
    func physicalLines() -> [SubSequence] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}
