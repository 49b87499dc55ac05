/// What people change by hand: cancelling, killing and rerunning tasks, pausing queues,
/// emptying a queue and deleting a group's results. Errors a person can act on are
/// ``ControlError``s; the store's own are ``BrokerError``s.
public protocol BrokerControl: Sendable {
    /// Takes queued tasks off their queue (and tasks that wait for a retry or for others),
    /// recording each as cancelled. Running tasks are left alone: ``kill(_:now:)`` stops them.
    /// Returns the cancelled tasks; for ``TaskSelection/tasks(_:)`` a task that is running or
    /// finished changes nothing.
    func cancel(_ selection: TaskSelection, now: Int64) throws -> [TaskMessage]

    /// Asks the cluster that runs a task to kill its process group; the task is then recorded
    /// as killed and not retried. A task that waits for a retry is ended at once. Returns the task.
    func kill(_ idOrName: String, now: Int64) throws -> TaskMessage

    /// The tasks whose kill was asked for and not yet recorded: a cluster kills those it runs.
    func killRequests() throws(BrokerError) -> Set<TaskID>

    /// Enqueues a new task for each selected finished one (as Django Q2's admin "resubmit"):
    /// the same command and settings, a new id, and a link both ways (``TaskMessage/rerunOf``,
    /// ``TaskResult/rerunAs``). With a group or cluster, its failed tasks that were not run
    /// again yet (cancelled and killed ones are left out). Returns the new tasks.
    func rerun(_ selection: TaskSelection, now: Int64) throws -> [TaskMessage]

    /// Pauses or resumes a cluster's queue: while paused no cluster leases its tasks (running
    /// ones finish; enqueue goes on). Returns whether that changed anything.
    func setQueuePaused(cluster: String, _ paused: Bool) throws(BrokerError) -> Bool

    /// The clusters whose queues are paused.
    func pausedQueues() throws(BrokerError) -> [String]

    /// Deletes every queued task of `cluster`; returns how many.
    func purge(cluster: String) throws(BrokerError) -> Int

    /// Deletes the results of `group`; returns how many.
    func deleteGroup(_ group: String) throws(BrokerError) -> Int
}

extension BrokerControl {
    /// ``cancel(_:now:)`` at this moment.
    public func cancel(_ selection: TaskSelection) throws -> [TaskMessage] {
        try cancel(selection, now: Clock.nowMilliseconds())
    }

    /// ``kill(_:now:)`` at this moment.
    public func kill(_ idOrName: String) throws -> TaskMessage {
        try kill(idOrName, now: Clock.nowMilliseconds())
    }

    /// ``rerun(_:now:)`` at this moment.
    public func rerun(_ selection: TaskSelection) throws -> [TaskMessage] {
        try rerun(selection, now: Clock.nowMilliseconds())
    }
}
