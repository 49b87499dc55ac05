extension LMDBBroker {
    public func lease(cluster: String, limit: Int, leaseMilliseconds: Int64, now: Int64) throws(BrokerError) -> LeaseBatch {
        guard limit > 0 else { return LeaseBatch(tasks: [], rejected: []) }
        // Verification happens inside the transaction so that a rejected message is recorded
        // as failed in the same commit that removes it from the queue. A lease that a system
        // crash undoes only makes its task available again, as the lease's expiry would: one
        // sync is enough (the task's result is always committed with both).
        return try write(durability: .metaDeferred) { txn throws(LMDBError) in
            try lease(txn, cluster: cluster, limit: limit, leaseMilliseconds: leaseMilliseconds, now: now)
        }
    }

    /// Leases up to `limit` tasks of `cluster` inside `txn`.
    func lease(_ txn: LMDBTransaction, cluster: String, limit: Int, leaseMilliseconds: Int64, now: Int64) throws(LMDBError) -> LeaseBatch {
        guard limit > 0, try !isPaused(txn, cluster: cluster) else { return LeaseBatch(tasks: [], rejected: []) }
        var taken: [(key: [UInt8], value: [UInt8])] = []
        try txn.scan(db.queue, prefix: BrokerKeys.queuePrefix(cluster: cluster)) { key, value in
            taken.append((key, value))
            return taken.count < limit
        }
        var batch = LeaseBatch(tasks: [], rejected: [])
        var leased = 0
        for (key, value) in taken {
            try txn.delete(db.queue, key)
            guard let entry = QueueEntry(value) else { continue }  // Unreadable: nothing to run or report.
            try txn.delete(db.queued, entry.id.storageKey)
            let attempt = entry.attempts + 1
            let body = signer.verify(entry.signedMessage)
            let message = body.flatMap { TaskMessage(encoded: $0) }.flatMap { $0.id == entry.id && $0.cluster == cluster ? $0 : nil }
            let refusal = TaskEnding.leaseRefusal(body: body, message: message)
            guard let body, let message, refusal == nil else {
                let reason = refusal ?? ""
                var shown = displayMessage(entry.signedMessage, id: entry.id, cluster: cluster)
                shown.cluster = cluster  // counted, and shown, where it was queued, whatever an altered message says
                try recordFinalFailure(txn, .notRun(shown, attempts: attempt, reason: reason, at: now), now: now)
                batch.rejected.append(RejectedTask(id: entry.id, reason: reason))
                continue
            }
            let deadline = now + leaseMilliseconds
            let lease = LeaseEntry(attempt: attempt, deadline: deadline, leasedAt: now, queueKey: key, signedMessage: entry.signedMessage)
            try txn.put(db.leases, entry.id.storageKey, lease.encoded())
            batch.tasks.append(LeasedTask(message: message, attempt: attempt, deadlineMilliseconds: deadline, messageEncoding: MessageEncoding(body)))
            leased += 1
        }
        try add(txn, CounterName.queued(cluster), -taken.count)
        try add(txn, CounterName.leased(cluster), leased)
        return batch
    }

    /// Applies `moves` in one transaction; returns the tasks whose lease moved.
    @discardableResult
    public func moveLeaseDeadlines(_ moves: [LeaseMove]) throws(BrokerError) -> [TaskID] {
        guard !moves.isEmpty else { return [] }
        return try write { txn throws(LMDBError) in
            var moved: [TaskID] = []
            for move in moves {
                guard let bytes = try txn.get(db.leases, move.task.storageKey), var lease = LeaseEntry(bytes), lease.deadline == move.from else { continue }
                lease.deadline = move.to
                try txn.put(db.leases, move.task.storageKey, lease.encoded())
                moved.append(move.task)
            }
            return moved
        }
    }

    public func returnUnstarted(_ ids: [TaskID]) throws(BrokerError) {
        guard !ids.isEmpty else { return }
        try write { txn throws(LMDBError) in
            for id in ids {
                guard let bytes = try txn.get(db.leases, id.storageKey), let lease = LeaseEntry(bytes) else { continue }
                try putBack(txn, id: id, lease: lease, attempts: lease.attempt - 1)
            }
        }
    }

    public func requeueExpired(cluster: String, policy: RetryPolicy, now: Int64) throws(BrokerError) -> RequeueReport {
        try write { txn throws(LMDBError) in
            var expired: [(TaskID, LeaseEntry)] = []
            try txn.scan(db.leases) { key, value in
                if let lease = LeaseEntry(value), lease.deadline <= now,
                   BrokerKeys.cluster(ofQueueKey: lease.queueKey) == cluster, let id = TaskID(storageKey: key) {
                    expired.append((id, lease))
                }
                return true
            }
            var report = RequeueReport(requeued: 0, gaveUp: 0)
            for (id, lease) in expired {
                if try takeKillRequest(txn, id) {
                    // Killed while its cluster could not do it (it died): ended here, not run again.
                    try giveUp(txn, id: id, lease: lease, cluster: cluster, now: now, killed: true)
                    report.gaveUp += 1
                    continue
                }
                // The limit covers the task's retries: a failed run that the worker left to be
                // retried is always below it.
                let limit = policy.deliveryLimit(of: displayMessage(lease.signedMessage, id: id, cluster: cluster))
                if limit > 0, lease.attempt >= limit {
                    try giveUp(txn, id: id, lease: lease, cluster: cluster, now: now)
                    report.gaveUp += 1
                } else {
                    try putBack(txn, id: id, lease: lease, attempts: lease.attempt)
                    report.requeued += 1
                }
            }
            return report
        }
    }

    /// Moves a lease back to its original place in the queue.
    private func putBack(_ txn: LMDBTransaction, id: TaskID, lease: LeaseEntry, attempts: Int) throws(LMDBError) {
        let cluster = BrokerKeys.cluster(ofQueueKey: lease.queueKey)
        try txn.delete(db.leases, id.storageKey)
        try txn.put(db.queue, lease.queueKey, QueueEntry(attempts: max(0, attempts), id: id, signedMessage: lease.signedMessage).encoded())
        try txn.put(db.queued, id.storageKey, lease.queueKey)
        try add(txn, CounterName.leased(cluster), -1)
        try add(txn, CounterName.queued(cluster), 1)
    }

    /// Ends a task that used up its attempts: its last failure becomes final, or a failure is written.
    private func giveUp(_ txn: LMDBTransaction, id: TaskID, lease: LeaseEntry, cluster: String, now: Int64, killed: Bool = false) throws(LMDBError) {
        try txn.delete(db.leases, id.storageKey)
        try add(txn, CounterName.leased(cluster), -1)
        let previous = try txn.get(db.results, id.storageKey).flatMap(TaskResult.init(encoded:))
        let final = TaskEnding.gaveUp(previous: previous, message: displayMessage(lease.signedMessage, id: id, cluster: cluster),
                                      attempt: lease.attempt, leasedAt: lease.leasedAt, now: now, killed: killed)
        try recordFinalFailure(txn, final, now: now)
    }
}
