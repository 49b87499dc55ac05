/// The broker as a whole, read from counters in O(1) (never by scanning tasks).
public struct BrokerStatistics: Sendable, Equatable {
    public var queues: [QueueCounts]
    /// Results kept now.
    public var savedSuccesses: Int
    public var savedFailures: Int
    /// Tasks ever enqueued.
    public var enqueuedTotal: Int
    /// Write transactions ever committed through the broker; nil for a PostgreSQL broker, whose
    /// server commits other clients' transactions too.
    public var writeTransactions: Int?
    public var schedules: Int
    /// Clusters whose queues are paused (`qctl pause`).
    public var pausedQueues: [String] = []
    public var fileBytes: Int
    public var mapBytes: Int
    public var usedBytes: Int

    public var queued: Int { queues.reduce(0) { $0 + $1.queued } }
    public var leased: Int { queues.reduce(0) { $0 + $1.leased } }
}
