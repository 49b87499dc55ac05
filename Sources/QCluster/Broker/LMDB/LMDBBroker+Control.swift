import FoundationEssentials

/// Steering single tasks and queues: cancel, kill, run again, pause. Each call is one write
/// transaction that acts on every selected task or, when one cannot be acted on, on none.
extension LMDBBroker {
    /// What one control call did, or why it did nothing.
    private enum Outcome<Value> {
        case done(Value)
        case refused(ControlError)
    }

    private func unwrap<Value>(_ outcome: Outcome<Value>) throws(ControlError) -> Value {
        switch outcome {
        case let .done(value): return value
        case let .refused(error): throw error
        }
    }

    // MARK: Cancel

    /// Takes queued tasks off their queue (and tasks that wait for a retry), recording each as
    /// cancelled. Running tasks are left alone: `qctl kill` stops them. Returns the cancelled
    /// tasks; for ``TaskSelection/tasks(_:)`` a task that is running or finished changes nothing.
    public func cancel(_ selection: TaskSelection, now: Int64) throws -> [TaskMessage] {
        let outcome = try write { txn throws(LMDBError) -> Outcome<[TaskMessage]> in
            var chosen: [TaskStatus] = []
            switch selection {
            case let .tasks(keys):
                for key in keys {
                    guard let status = try status(txn, idOrName: key) else { return .refused(.unknownTask(key)) }
                    guard TaskEnding.isCancellable(status) else { return .refused(TaskEnding.cancelRefusal(status)) }
                    if !chosen.contains(where: { $0.message.id == status.message.id }) { chosen.append(status) }
                }
            case let .group(group, cluster):
                chosen = try waitingTasks(txn) { $0.group == group && (cluster == nil || $0.cluster == cluster) }
            case let .cluster(cluster):
                chosen = try waitingTasks(txn) { $0.cluster == cluster }
            }
            for status in chosen { try end(txn, status, as: .cancelled, reason: "cancelled (qctl cancel)", now: now) }
            return .done(chosen.map(\.message))
        }
        return try unwrap(outcome)
    }

    /// Every queued task `matches` accepts, then every leased one that waits for a retry.
    private func waitingTasks(_ txn: LMDBTransaction, _ matches: (TaskMessage) -> Bool) throws(LMDBError) -> [TaskStatus] {
        var found: [TaskStatus] = []
        var ids: [TaskID] = []
        try txn.scan(db.queue) { _, value in
            if let entry = QueueEntry(value) { ids.append(entry.id) }
            return true
        }
        for database in [db.leases, db.waiting] {
            try txn.scan(database) { key, _ in
                if let id = TaskID(storageKey: key) { ids.append(id) }
                return true
            }
        }
        for id in ids {
            if let status = try status(txn, id: id), TaskEnding.isCancellable(status), matches(status.message) { found.append(status) }
        }
        return found
    }

    /// Removes a task that has not finished from its queue or lease and records it as ended by a person.
    private func end(_ txn: LMDBTransaction, _ status: TaskStatus, as interruption: TaskResult.Interruption, reason: String,
                     now: Int64) throws(LMDBError) {
        let id = status.message.id
        let cluster = status.message.cluster
        switch status {
        case .queued:
            if let key = try txn.get(db.queued, id.storageKey) {
                try txn.delete(db.queued, id.storageKey)
                try txn.delete(db.queue, key)
                try add(txn, CounterName.queued(cluster), -1)
            } else {
                try removeWaiting(txn, status.message)
            }
        case .leased:
            if try txn.delete(db.leases, id.storageKey) { try add(txn, CounterName.leased(cluster), -1) }
        case .finished:
            return
        }
        let result = TaskEnding.endedByPerson(status, as: interruption, reason: reason, now: now)
        try txn.delete(db.controls, Self.killKey(id))
        try recordFinalFailure(txn, result, now: now)
    }

    // MARK: Kill

    /// Asks the cluster that runs a task to kill its process group; the task is then recorded as
    /// killed and not retried. A task that waits for a retry is ended at once. Returns the task.
    @discardableResult
    public func kill(_ idOrName: String, now: Int64) throws -> TaskMessage {
        let outcome = try write { txn throws(LMDBError) -> Outcome<TaskMessage> in
            guard let status = try status(txn, idOrName: idOrName) else { return .refused(.unknownTask(idOrName)) }
            switch status {
            case .queued:
                return .refused(.wrongState(task: status.message.name, state: "queued", advice: "qctl cancel takes a task off the queue"))
            case .finished:
                return .refused(.wrongState(task: status.message.name, state: TaskEnding.stateWord(status), advice: "only a running task can be killed"))
            case .leased where status.isWaitingForRetry:
                try end(txn, status, as: .killed, reason: "killed (qctl kill) while it waited for a retry", now: now)
            case .leased:
                try txn.put(db.controls, Self.killKey(status.message.id), BrokerKeys.bigEndian(UInt64(max(0, now))))
            }
            return .done(status.message)
        }
        return try unwrap(outcome)
    }

    /// The tasks whose kill was asked for and not yet recorded: a cluster kills those it runs.
    public func killRequests() throws(BrokerError) -> Set<TaskID> {
        try read { txn throws(LMDBError) in
            var ids: Set<TaskID> = []
            try txn.scan(db.controls, prefix: Self.killPrefix) { key, _ in
                if let id = TaskID(storageKey: Array(key.dropFirst(Self.killPrefix.count))) { ids.insert(id) }
                return true
            }
            return ids
        }
    }

    /// Whether any kill request waits.
    func hasKillRequests(_ txn: LMDBTransaction) throws(LMDBError) -> Bool {
        var found = false
        try txn.scan(db.controls, prefix: Self.killPrefix) { _, _ in
            found = true
            return false
        }
        return found
    }

    /// Whether a kill was asked for the task; the request is gone once this returns true.
    func takeKillRequest(_ txn: LMDBTransaction, _ id: TaskID) throws(LMDBError) -> Bool {
        try txn.delete(db.controls, Self.killKey(id))
    }

    private static let killPrefix = Array("kill/".utf8)
    private static func killKey(_ id: TaskID) -> [UInt8] { killPrefix + id.storageKey }

    // MARK: Run again

    /// Enqueues a new task for each selected finished one (as Django Q2's admin "resubmit"):
    /// the same command and settings, a new id, and a link both ways (``TaskMessage/rerunOf``,
    /// ``TaskResult/rerunAs``). With a group or cluster, its failed tasks that were not run
    /// again yet (cancelled and killed ones are left out). Returns the new tasks.
    public func rerun(_ selection: TaskSelection, now: Int64) throws -> [TaskMessage] {
        let outcome = try write { txn throws(LMDBError) -> Outcome<[TaskMessage]> in
            var originals: [TaskResult] = []
            switch selection {
            case let .tasks(keys):
                for key in keys {
                    guard let status = try status(txn, idOrName: key) else { return .refused(.unknownTask(key)) }
                    guard case let .finished(result) = status, result.isFinal else {
                        return .refused(.wrongState(task: status.message.name, state: TaskEnding.stateWord(status),
                                                    advice: "only a finished task can be run again"))
                    }
                    if !originals.contains(where: { $0.id == result.id }) { originals.append(result) }
                }
            case let .group(group, cluster):
                originals = try failuresToRerun(txn) { $0.group == group && (cluster == nil || $0.cluster == cluster) }
            case let .cluster(cluster):
                originals = try failuresToRerun(txn) { $0.cluster == cluster }
            }
            var copies: [TaskMessage] = []
            for var original in originals {
                guard let copy = TaskEnding.rerunCopy(of: original, now: now) else { continue }
                copies.append(copy)
                original.rerunAs = copy.id
                try txn.put(db.results, original.id.storageKey, original.encoded())
            }
            try putQueued(txn, copies)
            return .done(copies)
        }
        let copies = try unwrap(outcome)
        for cluster in Set(copies.map(\.cluster)) { wakeupFolder.notify(cluster: cluster) }
        return copies
    }

    /// Final failures that `matches` accepts and that were not run again yet, oldest first.
    private func failuresToRerun(_ txn: LMDBTransaction, _ matches: (TaskMessage) -> Bool) throws(LMDBError) -> [TaskResult] {
        var found: [TaskResult] = []
        try txn.scan(db.byTime) { key, _ throws(LMDBError) in
            guard let id = BrokerKeys.id(atEndOf: key), let bytes = try txn.get(db.results, id.storageKey),
                  let result = TaskResult(encoded: bytes) else { return true }
            if TaskEnding.isRerunCandidate(result), matches(result.message) {
                found.append(result)
            }
            return true
        }
        return found
    }

    // MARK: Pause

    /// Pauses or resumes a cluster's queue: while paused no cluster leases its tasks (running
    /// ones finish; enqueue goes on). Returns whether that changed anything.
    @discardableResult
    public func setQueuePaused(cluster: String, _ paused: Bool) throws(BrokerError) -> Bool {
        let key = Self.pauseKey(cluster)
        let changed = try write { txn throws(LMDBError) -> Bool in
            let was = try txn.get(db.controls, key) != nil
            guard was != paused else { return false }
            if paused { try txn.put(db.controls, key, []) } else { try txn.delete(db.controls, key) }
            return true
        }
        if changed, !paused { wakeupFolder.notify(cluster: cluster) }
        return changed
    }

    /// The clusters whose queues are paused.
    public func pausedQueues() throws(BrokerError) -> [String] {
        try read { txn throws(LMDBError) in try pausedQueues(txn) }
    }

    func pausedQueues(_ txn: LMDBTransaction) throws(LMDBError) -> [String] {
        var clusters: [String] = []
        try txn.scan(db.controls, prefix: Self.pausePrefix) { key, _ in
            clusters.append(String(decoding: key.dropFirst(Self.pausePrefix.count), as: UTF8.self))
            return true
        }
        return clusters
    }

    func isPaused(_ txn: LMDBTransaction, cluster: String) throws(LMDBError) -> Bool {
        try txn.get(db.controls, Self.pauseKey(cluster)) != nil
    }

    private static let pausePrefix = Array("pause/".utf8)
    private static func pauseKey(_ cluster: String) -> [UInt8] { pausePrefix + Array(cluster.utf8) }
}
