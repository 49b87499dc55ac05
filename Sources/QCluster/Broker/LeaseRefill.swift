/// What a cluster asks of ``BrokerQueue/complete(_:saveLimit:refill:)``: lease up to `limit` tasks of
/// `cluster` in the same transaction.
public struct LeaseRefill: Sendable {
    public var cluster: String
    public var limit: Int
    public var leaseMilliseconds: Int64
    public var now: Int64

    public init(cluster: String, limit: Int, leaseMilliseconds: Int64, now: Int64) {
        self.cluster = cluster
        self.limit = limit
        self.leaseMilliseconds = leaseMilliseconds
        self.now = now
    }
}
