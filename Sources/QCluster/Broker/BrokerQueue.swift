/// The queue and its leases: what enqueuers put in and what a cluster takes, runs and records.
///
/// Queues are FIFO per cluster. A lease hands a task to one cluster until its deadline; a task
/// whose lease runs out unrecorded is delivered again (``requeueExpired(cluster:policy:now:)``).
/// Tasks that run after others (``TaskMessage/after``) wait outside the queue until those end.
public protocol BrokerQueue: Sendable {
    /// Appends `messages` to their clusters' queues (or to the waiting tasks, for those that run
    /// after others), all or none, and wakes the clusters whose queue grew.
    func enqueue(_ messages: [TaskMessage]) throws(BrokerError)

    /// Takes up to `limit` tasks from the front of `cluster`'s queue for `leaseMilliseconds`
    /// (none while the queue is paused). Messages whose signature fails are recorded as failed
    /// ("bad signature") and returned as rejected instead.
    func lease(cluster: String, limit: Int, leaseMilliseconds: Int64, now: Int64) throws(BrokerError) -> LeaseBatch

    /// Records results. A final result acknowledges its task and releases the tasks waiting
    /// for it; a non-final (failed, to be retried) one is recorded and its lease ends at the
    /// result's retry time (or runs out as it was), after which the task is delivered again.
    /// Successes beyond `saveLimit` are pruned, oldest first (0 keeps all, -1 keeps none).
    func complete(_ results: [TaskResult], saveLimit: Int) throws(BrokerError)

    /// ``complete(_:saveLimit:)`` and a ``lease(cluster:limit:leaseMilliseconds:now:)`` of
    /// `refill` in one transaction: the tasks that finished free exactly the room the new
    /// leases take, and one commit does the work of two.
    func complete(_ results: [TaskResult], saveLimit: Int, refill: LeaseRefill) throws(BrokerError) -> LeaseBatch

    /// Puts leased tasks that never started back at their place in the queue, attempts unchanged.
    func returnUnstarted(_ ids: [TaskID]) throws(BrokerError)

    /// Applies `moves` in one transaction (a running task's lease follows its timeout); returns
    /// the tasks whose lease moved.
    @discardableResult
    func moveLeaseDeadlines(_ moves: [LeaseMove]) throws(BrokerError) -> [TaskID]

    /// Delivers again every lease of `cluster` that ran out before `now` (a failed task whose
    /// retry is due, or one whose run reported nothing), or gives the task up once it had
    /// `policy`'s delivery limit; a task whose kill was asked for is recorded as killed.
    func requeueExpired(cluster: String, policy: RetryPolicy, now: Int64) throws(BrokerError) -> RequeueReport

    /// Whether `cluster` has tasks a lease would take now (queued, queue not paused). Cheap and
    /// blocking no writer: an idle cluster asks it often.
    func hasQueuedTasks(cluster: String) throws(BrokerError) -> Bool

    /// Whether any lease of `cluster` has run out by `now`. Cheap and blocking no writer: a
    /// cluster asks it before each ``requeueExpired(cluster:policy:now:)``.
    func hasExpiredLeases(cluster: String, now: Int64) throws(BrokerError) -> Bool

    /// Gives back memory this process holds for the broker beyond what it needs; a process
    /// about to idle calls it. Changes nothing stored.
    func releaseIdleMemory()
}
