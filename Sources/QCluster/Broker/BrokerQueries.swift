/// What the broker holds, read for people and tools: counts, one task, lists of tasks, results.
/// Each answer is one consistent snapshot.
public protocol BrokerQueries: Sendable {
    /// Queue sizes and totals, from counters kept as tasks move (no scan of the tasks).
    func statistics() throws(BrokerError) -> BrokerStatistics

    /// The queued, leased, succeeded and failed counts of one queue; cheap enough to poll.
    func counts(cluster: String) throws(BrokerError) -> QueueCounts

    /// The task with this id, id prefix (8+ hex digits) or name (the newest of that name); nil
    /// when there is none.
    func status(of idOrName: String) throws(BrokerError) -> TaskStatus?

    /// Queued tasks in delivery order.
    func queuedTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [QueuedTask]

    /// Leased tasks.
    func leasedTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [LeaseInfo]

    /// Tasks that wait for others, oldest first.
    func waitingTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [QueuedTask]

    /// Results, newest first.
    func results(_ filter: ResultFilter) throws(BrokerError) -> [TaskResult]

    /// The tasks `filter` selects: leased ones, then queued ones in delivery order (then those
    /// that wait for others), then results, newest first, up to `filter.limit` in all.
    func tasks(_ filter: TaskListFilter) throws(BrokerError) -> [TaskStatus]
}
