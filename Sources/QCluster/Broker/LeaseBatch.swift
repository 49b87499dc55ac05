/// What one lease call took.
public struct LeaseBatch: Sendable {
    /// Tasks to run.
    public var tasks: [LeasedTask]
    /// Tasks that must never run (a bad signature) or cannot be delivered (too large):
    /// recorded as failed, final, in the lease's own transaction.
    public var rejected: [RejectedTask]
}
