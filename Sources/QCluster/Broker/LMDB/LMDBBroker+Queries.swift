import FoundationEssentials
import Glibc

extension LMDBBroker {
    public func statistics() throws(BrokerError) -> BrokerStatistics {
        let info = environment.info
        var fileInfo = stat()
        let fileBytes = stat(path, &fileInfo) == 0 ? Int(fileInfo.st_size) : 0
        return try read { txn throws(LMDBError) in
            var counters: [(name: String, value: Int)] = []
            try txn.scan(db.counters) { key, value in
                counters.append((String(decoding: key, as: UTF8.self), Int(BrokerKeys.uint64(bigEndian: value))))
                return true
            }
            let saved = try txn.count(db.results)
            let successes = try txn.count(db.successes)
            let paused = try pausedQueues(txn)
            return BrokerStatistics(
                queues: CounterName.queueCounts(counters),
                savedSuccesses: successes, savedFailures: saved - successes,
                enqueuedTotal: Int(try counter(txn, CounterName.enqueued)),
                writeTransactions: Int(try counter(txn, CounterName.writes)),
                schedules: try txn.count(db.schedules), pausedQueues: paused,
                fileBytes: fileBytes, mapBytes: info.mapSize, usedBytes: info.usedBytes)
        }
    }

    /// The counters of one queue: a single read transaction, cheap enough to poll.
    public func counts(cluster: String) throws(BrokerError) -> QueueCounts {
        try read { txn throws(LMDBError) in
            QueueCounts(cluster: cluster, queued: Int(try counter(txn, CounterName.queued(cluster))),
                        leased: Int(try counter(txn, CounterName.leased(cluster))),
                        succeeded: Int(try counter(txn, CounterName.succeeded(cluster))),
                        failed: Int(try counter(txn, CounterName.failed(cluster))),
                        waiting: Int(try counter(txn, CounterName.waiting(cluster))))
        }
    }

    public func status(of idOrName: String) throws(BrokerError) -> TaskStatus? {
        try read { txn throws(LMDBError) in try status(txn, idOrName: idOrName) }
    }

    /// The task with this id, id prefix or name inside `txn`.
    func status(_ txn: LMDBTransaction, idOrName: String) throws(LMDBError) -> TaskStatus? {
        var candidates: [TaskID] = []
        if let id = TaskID(idOrName) { candidates.append(id) }
        if let bytes = try txn.get(db.names, Array(idOrName.utf8)), let id = TaskID(bytes: bytes) { candidates.append(id) }
        for id in candidates {
            if let status = try status(txn, id: id) { return status }
        }
        // Tasks are stored in the order they were made, not by id: a short id is looked for
        // key by key, comparing the few bytes it has, and a humanized name (not in the name
        // index) by comparing each id's fold with its words.
        var found: TaskID?
        if let shortID = ShortID(idOrName) {
            found = try firstStoredTask(txn, where: { shortID.task(storedAt: $0) })
        } else if let words = HumanHash.wordIndexes(ofName: idOrName) {
            found = try firstStoredTask(txn, where: { key in
                TaskID(storageKey: key).flatMap { HumanHash.folds($0.bytes, to: words) ? $0 : nil }
            })
        }
        return try found.flatMap { id throws(LMDBError) in try status(txn, id: id) }
    }

    /// The first task `match` accepts by its storage key: the newest results first, then the
    /// leases, then the queued tasks, each in the order they were made.
    private func firstStoredTask(_ txn: LMDBTransaction, where match: ([UInt8]) -> TaskID?) throws(LMDBError) -> TaskID? {
        var found: TaskID?
        for (database, newestFirst) in [(db.results, true), (db.leases, false), (db.queued, false)] {
            try txn.scan(database, reverse: newestFirst) { key, _ in
                found = match(key)
                return found == nil
            }
            if found != nil { break }
        }
        return found
    }

    func status(_ txn: LMDBTransaction, id: TaskID) throws(LMDBError) -> TaskStatus? {
        let result = try txn.get(db.results, id.storageKey).flatMap(TaskResult.init(encoded:))
        if let bytes = try txn.get(db.leases, id.storageKey), let lease = LeaseEntry(bytes) {
            let cluster = BrokerKeys.cluster(ofQueueKey: lease.queueKey)
            let info = LeaseInfo(message: displayMessage(lease.signedMessage, id: id, cluster: cluster), attempt: lease.attempt,
                                 deadlineMilliseconds: lease.deadline, leasedAtMilliseconds: lease.leasedAt)
            return .leased(info, lastFailure: result)
        }
        if let key = try txn.get(db.queued, id.storageKey), let bytes = try txn.get(db.queue, key), let entry = QueueEntry(bytes) {
            let message = displayMessage(entry.signedMessage, id: id, cluster: BrokerKeys.cluster(ofQueueKey: key))
            return .queued(QueuedTask(message: message, attempts: entry.attempts))
        }
        if let waiting = try waitingTask(txn, id: id) { return .queued(waiting) }
        return result.map { .finished($0) }
    }

    public func queuedTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [QueuedTask] {
        try read { txn throws(LMDBError) in
            var tasks: [QueuedTask] = []
            guard limit > 0 else { return tasks }
            let prefix = cluster.map(BrokerKeys.queuePrefix(cluster:)) ?? []
            try txn.scan(db.queue, prefix: prefix) { key, value in
                guard let entry = QueueEntry(value) else { return true }
                let message = displayMessage(entry.signedMessage, id: entry.id, cluster: BrokerKeys.cluster(ofQueueKey: key))
                if group == nil || message.group == group {
                    tasks.append(QueuedTask(message: message, attempts: entry.attempts))
                }
                return tasks.count < limit
            }
            return tasks
        }
    }

    public func leasedTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [LeaseInfo] {
        try read { txn throws(LMDBError) in
            var leases: [LeaseInfo] = []
            guard limit > 0 else { return leases }
            try txn.scan(db.leases) { key, value in
                guard let lease = LeaseEntry(value), let id = TaskID(storageKey: key) else { return true }
                let owner = BrokerKeys.cluster(ofQueueKey: lease.queueKey)
                guard cluster == nil || owner == cluster else { return true }
                let message = displayMessage(lease.signedMessage, id: id, cluster: owner)
                if group == nil || message.group == group {
                    leases.append(LeaseInfo(message: message, attempt: lease.attempt, deadlineMilliseconds: lease.deadline, leasedAtMilliseconds: lease.leasedAt))
                }
                return leases.count < limit
            }
            return leases.sorted { $0.leasedAtMilliseconds < $1.leasedAtMilliseconds }
        }
    }

    public func results(_ filter: ResultFilter) throws(BrokerError) -> [TaskResult] {
        try read { txn throws(LMDBError) in
            var results: [TaskResult] = []
            guard filter.limit > 0 else { return results }
            let index: LMDBDatabase
            let prefix: [UInt8]
            if let group = filter.group {
                (index, prefix) = (db.groups, BrokerKeys.groupPrefix(group))
            } else if filter.success == true {
                (index, prefix) = (db.successes, [])
            } else {
                (index, prefix) = (db.byTime, [])
            }
            try txn.scan(index, prefix: prefix, reverse: true) { key, _ throws(LMDBError) in
                guard let id = BrokerKeys.id(atEndOf: key),
                      let bytes = try txn.get(db.results, id.storageKey), let result = TaskResult(encoded: bytes) else { return true }
                if let success = filter.success, result.success != success { return true }
                if let cluster = filter.cluster, result.message.cluster != cluster { return true }
                results.append(result)
                return results.count < filter.limit
            }
            return results
        }
    }

    /// Whether `cluster` has queued tasks, read without taking the writer lock.
    public func hasQueuedTasks(cluster: String) throws(BrokerError) -> Bool {
        try read { txn throws(LMDBError) in
            guard try counter(txn, CounterName.queued(cluster)) > 0 else { return false }
            return try !isPaused(txn, cluster: cluster)
        }
    }

    /// Whether any lease of `cluster` has run out by `now`, read without taking the writer lock.
    public func hasExpiredLeases(cluster: String, now: Int64) throws(BrokerError) -> Bool {
        try read { txn throws(LMDBError) in
            guard try counter(txn, CounterName.leased(cluster)) > 0 else { return false }
            var found = false
            try txn.scan(db.leases) { _, value in
                if let lease = LeaseEntry(value), lease.deadline <= now, BrokerKeys.cluster(ofQueueKey: lease.queueKey) == cluster {
                    found = true
                    return false
                }
                return true
            }
            return found
        }
    }
}
