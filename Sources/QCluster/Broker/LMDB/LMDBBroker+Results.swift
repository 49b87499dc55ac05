extension LMDBBroker {
    public func complete(_ results: [TaskResult], saveLimit: Int) throws(BrokerError) {
        guard !results.isEmpty else { return }
        let grown = try write { txn throws(LMDBError) in try complete(txn, results, saveLimit: saveLimit) }
        for cluster in grown { wakeupFolder.notify(cluster: cluster) }
    }

    /// Records results and leases their replacements in one durable transaction: the tasks
    /// that finished free exactly the room the new leases take, and one commit (with its two
    /// syncs) does the work of two.
    public func complete(_ results: [TaskResult], saveLimit: Int, refill: LeaseRefill) throws(BrokerError) -> LeaseBatch {
        let (grown, batch) = try write { txn throws(LMDBError) in
            let grown = try complete(txn, results, saveLimit: saveLimit)
            return (grown, try lease(txn, cluster: refill.cluster, limit: refill.limit, leaseMilliseconds: refill.leaseMilliseconds, now: refill.now))
        }
        for cluster in grown { wakeupFolder.notify(cluster: cluster) }
        return batch
    }

    /// Returns the clusters whose queues grew: tasks that ran after these were queued.
    private func complete(_ txn: LMDBTransaction, _ results: [TaskResult], saveLimit: Int) throws(LMDBError) -> [String] {
        // Counters change once per batch, not once per result: each change is a read and a write.
        var changes = CounterChanges()
        // One look for any kill request, and for any task waiting for others, per batch, not one per result.
        let killsAsked = try hasKillRequests(txn)
        let dependantsWait = try hasWaitingTasks(txn)
        var settled: [TaskResult] = []
        for var result in results {
            let id = result.id
            let cluster = result.message.cluster
            if killsAsked, try takeKillRequest(txn, id) { result = TaskEnding.killed(result) }
            if result.isFinal {
                var ended = false
                if try txn.delete(db.leases, id.storageKey) {
                    changes.add(CounterName.leased(cluster), -1)
                    ended = true
                }
                // The lease may have run out and the task been queued again: it is done now.
                if let queueKey = try txn.get(db.queued, id.storageKey) {
                    try txn.delete(db.queued, id.storageKey)
                    if try txn.delete(db.queue, queueKey) {
                        changes.add(CounterName.queued(cluster), -1)
                        ended = true
                    }
                }
                // A task counts once, when its result ends it: a second run's result, after a
                // lease ran out and another worker took the task, finds nothing to end.
                if ended { changes.add(result.success ? CounterName.succeeded(cluster) : CounterName.failed(cluster), 1) }
                if dependantsWait { settled.append(result) }
            } else if result.retryAtMilliseconds > 0, let bytes = try txn.get(db.leases, id.storageKey), var lease = LeaseEntry(bytes),
                      lease.attempt == result.attempts {
                // The retry comes after its backoff, not after what is left of the lease.
                lease.deadline = result.retryAtMilliseconds
                try txn.put(db.leases, id.storageKey, lease.encoded())
            }
            try record(txn, result, saveLimit: saveLimit)
        }
        for (name, delta) in changes.totals { try add(txn, name, delta) }
        // After the results are recorded, so that a task after several of them sees them all.
        var grown: [String] = []
        for result in settled {
            for cluster in try settleDependants(txn, of: result, now: result.stoppedAtMilliseconds) where !grown.contains(cluster) { grown.append(cluster) }
        }
        if saveLimit > 0 { try prune(txn, keeping: saveLimit) }
        return grown
    }

    /// Stores `result` as its task's final failure and counts it; the tasks that run after it
    /// are cancelled (``settleDependants(_:of:now:)``) unless `settling` is false (the caller
    /// settles them itself).
    func recordFinalFailure(_ txn: LMDBTransaction, _ result: TaskResult, now: Int64, settling: Bool = true) throws(LMDBError) {
        var final = result
        final.isFinal = true
        try record(txn, final, saveLimit: 0)
        try add(txn, CounterName.failed(final.message.cluster), 1)
        // A failure only cancels: no queue grows.
        if settling { _ = try settleDependants(txn, of: final, now: now) }
    }

    /// Stores `result` in place of any earlier one for the task, keeping the indexes exact.
    /// Successes are not stored with `saveLimit` -1 or a task enqueued with `--no-save`.
    func record(_ txn: LMDBTransaction, _ result: TaskResult, saveLimit: Int) throws(LMDBError) {
        try removeResult(txn, id: result.id)
        let keep = !result.success || (saveLimit >= 0 && result.message.saveResult)
        guard keep else {
            try forgetName(txn, result.message)
            return
        }
        let id = result.id
        let time = result.stoppedAtMilliseconds
        try txn.put(db.results, id.storageKey, result.encoded())
        try txn.put(db.byTime, BrokerKeys.time(time, id), [])
        if result.success { try txn.put(db.successes, BrokerKeys.time(time, id), []) }
        if !result.message.group.isEmpty { try txn.put(db.groups, BrokerKeys.group(result.message.group, time, id), []) }
        // The name usually points at this task since its enqueue: rewriting the same value would
        // still dirty a page of the index at a random place, one per task of every commit. A
        // newer task of the same name keeps it (storage keys sort by creation).
        guard let name = result.message.indexedName else { return }
        let current = try txn.get(db.names, name).flatMap(TaskID.init(bytes:))
        if current.map({ $0 != id && $0.storageKey.lexicographicallyPrecedes(id.storageKey) }) ?? true { try txn.put(db.names, name, id.bytes) }
    }

    /// Deletes a stored result and its index entries; returns it.
    @discardableResult
    func removeResult(_ txn: LMDBTransaction, id: TaskID) throws(LMDBError) -> TaskResult? {
        guard let bytes = try txn.get(db.results, id.storageKey) else { return nil }
        try txn.delete(db.results, id.storageKey)
        guard let old = TaskResult(encoded: bytes) else { return nil }
        let time = old.stoppedAtMilliseconds
        try txn.delete(db.byTime, BrokerKeys.time(time, id))
        try txn.delete(db.successes, BrokerKeys.time(time, id))
        if !old.message.group.isEmpty { try txn.delete(db.groups, BrokerKeys.group(old.message.group, time, id)) }
        return old
    }

    /// Deletes the oldest successes until `keeping` remain.
    private func prune(_ txn: LMDBTransaction, keeping: Int) throws(LMDBError) {
        var excess = try txn.count(db.successes) - keeping
        guard excess > 0 else { return }
        var victims: [TaskID] = []
        try txn.scan(db.successes) { key, _ in
            if let id = BrokerKeys.id(atEndOf: key) { victims.append(id) }
            excess -= 1
            return excess > 0
        }
        for id in victims {
            if let old = try removeResult(txn, id: id) { try forgetName(txn, old.message) }
        }
    }

    public func deleteGroup(_ group: String) throws(BrokerError) -> Int {
        try write { txn throws(LMDBError) in
            var ids: [TaskID] = []
            try txn.scan(db.groups, prefix: BrokerKeys.groupPrefix(group)) { key, _ in
                if let id = BrokerKeys.id(atEndOf: key) { ids.append(id) }
                return true
            }
            for id in ids {
                if let old = try removeResult(txn, id: id) { try forgetName(txn, old.message) }
            }
            return ids.count
        }
    }
}
