/// Counts for one queue.
public struct QueueCounts: Sendable, Equatable {
    public var cluster: String
    public var queued: Int
    public var leased: Int
    public var succeeded: Int
    public var failed: Int
    /// Tasks that wait for others before they are queued (`--after`).
    public var waiting: Int = 0
}
