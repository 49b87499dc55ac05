/// What a sweep of expired leases did.
public struct RequeueReport: Sendable, Equatable {
    public var requeued: Int
    public var gaveUp: Int
}
