/// A task a lease took off the queue and recorded as failed instead of handing it out.
public struct RejectedTask: Sendable, Equatable {
    public var id: TaskID
    /// Why, as recorded in its result.
    public var reason: String
}
