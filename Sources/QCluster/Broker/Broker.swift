/// The store of queues, leases and results that clusters and the command line share.
///
/// Every method is one atomic, durable transaction: a crash at any moment leaves either all of
/// its effect or none. Delivery is at least once: a leased task that is not completed before its
/// lease runs out is delivered again. A second implementation (PostgreSQL with
/// `FOR UPDATE SKIP LOCKED`) can stand behind this protocol without touching the cluster.
public protocol Broker: Sendable {
    /// Appends `messages` to their clusters' queues, all or none.
    func enqueue(_ messages: [TaskMessage]) throws(BrokerError)

    /// Takes up to `limit` tasks from the front of `cluster`'s queue for `leaseMilliseconds`.
    /// Messages whose signature fails are recorded as failed ("bad signature") instead.
    func lease(cluster: String, limit: Int, leaseMilliseconds: Int64, now: Int64) throws(BrokerError) -> LeaseBatch

    /// Records results. A final result acknowledges its task; a non-final (failed, to be retried)
    /// one is recorded and its lease ends at the result's retry time (or runs out as it was),
    /// after which the task is delivered again.
    /// Successes beyond `saveLimit` are pruned, oldest first (0 keeps all, -1 keeps none).
    func complete(_ results: [TaskResult], saveLimit: Int) throws(BrokerError)

    /// Puts leased tasks that never started back at their place in the queue, attempts unchanged.
    func returnUnstarted(_ ids: [TaskID]) throws(BrokerError)

    /// Delivers again every lease of `cluster` that ran out before `now` (a failed task whose
    /// retry is due, or one whose run reported nothing), or gives the task up once it had
    /// `policy`'s delivery limit.
    func requeueExpired(cluster: String, policy: RetryPolicy, now: Int64) throws(BrokerError) -> RequeueReport

    /// Queue sizes and totals.
    func statistics() throws(BrokerError) -> BrokerStatistics

    /// The task with this id, id prefix (8+ hex digits) or name; nil when there is none.
    func status(of idOrName: String) throws(BrokerError) -> TaskStatus?

    /// Queued tasks in delivery order.
    func queuedTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [QueuedTask]

    /// Leased tasks.
    func leasedTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [LeaseInfo]

    /// Results, newest first.
    func results(_ filter: ResultFilter) throws(BrokerError) -> [TaskResult]

    /// Deletes every queued task of `cluster`; returns how many.
    func purge(cluster: String) throws(BrokerError) -> Int

    /// Deletes the results of `group`; returns how many.
    func deleteGroup(_ group: String) throws(BrokerError) -> Int
}
