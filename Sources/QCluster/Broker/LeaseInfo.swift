/// A task that is leased: handed to a cluster, not yet acknowledged.
public struct LeaseInfo: Sendable, Equatable {
    public var message: TaskMessage
    public var attempt: Int
    public var deadlineMilliseconds: Int64
    public var leasedAtMilliseconds: Int64
}
