/// Which results to list.
public struct ResultFilter: Sendable {
    public var success: Bool?
    public var cluster: String?
    public var group: String?
    public var limit: Int

    public init(success: Bool? = nil, cluster: String? = nil, group: String? = nil, limit: Int = Int.max) {
        self.success = success
        self.cluster = cluster
        self.group = group
        self.limit = limit
    }
}
