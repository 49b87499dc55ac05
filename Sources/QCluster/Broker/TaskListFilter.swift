/// The tasks `qctl tasks` lists: those in one state or in any, of a cluster and a group or of
/// all, up to a limit.
public struct TaskListFilter: Sendable {
    public enum State: Sendable {
        case queued, leased, succeeded, failed
    }

    /// Nil: every state.
    public var state: State?
    public var cluster: String?
    public var group: String?
    /// The most tasks listed in all; `Int.max` lists every one.
    public var limit: Int

    public init(state: State? = nil, cluster: String? = nil, group: String? = nil, limit: Int = Int.max) {
        self.state = state
        self.cluster = cluster
        self.group = group
        self.limit = limit
    }
}
