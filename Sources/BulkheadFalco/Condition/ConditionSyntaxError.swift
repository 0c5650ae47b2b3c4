/// A condition or output that does not parse. `message` uses libsinsp's wording where
/// libsinsp has one; `position` is where the parser's cursor stood when it gave up.
public struct ConditionSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var position: ConditionPosition

    public init(message: String, position: ConditionPosition) {
        self.message = message
        self.position = position
    }

    /// `message (index 4, line 1, column 5)`.
    public var description: String { "\(message) (\(position))" }
}
