import FoundationEssentials

/// Tasks that run after others (`qctl enqueue --after`): such a task waits in `waiting` until
/// every task it runs after has succeeded, and is then queued; when one of them fails (or is
/// cancelled or killed) it is cancelled with that reason, and so are the tasks after it.
extension LMDBBroker {
    func dependencyState(_ txn: LMDBTransaction, of message: TaskMessage) throws(LMDBError) -> DependencyState {
        var pending: [TaskID] = []
        for dependency in message.after {
            switch try outcome(txn, of: dependency) {
            case .succeeded: continue
            case .pending: pending.append(dependency)
            case let .ended(reason): return .cancelled(reason)
            }
        }
        return pending.isEmpty ? .ready : .waiting(pending)
    }

    private enum DependencyOutcome {
        case succeeded
        case pending
        /// It will never succeed; why, as the dependant's cancel reason says it.
        case ended(String)
    }

    private func outcome(_ txn: LMDBTransaction, of dependency: TaskID) throws(LMDBError) -> DependencyOutcome {
        // A task that is nowhere succeeded long ago: failures are always kept, successes pruned.
        guard let status = try status(txn, id: dependency) else { return .succeeded }
        guard case let .finished(result) = status, result.isFinal else { return .pending }
        return result.success ? .succeeded : .ended(TaskEnding.dependantCancelReason(after: result, id: dependency))
    }

    /// Keeps a new task until the tasks in `pending` succeed.
    func putWaiting(_ txn: LMDBTransaction, _ message: TaskMessage, entry: [UInt8], pending: [TaskID]) throws(LMDBError) {
        try txn.put(db.waiting, message.id.storageKey, entry)
        for dependency in pending { try txn.put(db.dependants, dependency.storageKey + message.id.storageKey, []) }
        try add(txn, CounterName.waiting(message.cluster), 1)
    }

    /// Whether any task waits for another (one look, so that the hot path pays nothing more).
    func hasWaitingTasks(_ txn: LMDBTransaction) throws(LMDBError) -> Bool {
        var found = false
        try txn.scan(db.waiting) { _, _ in
            found = true
            return false
        }
        return found
    }

    /// After `result` became final: the tasks that wait for it are queued once everything they
    /// run after succeeded, or cancelled when it did not succeed, and so on down the line.
    /// Returns the clusters whose queues grew.
    func settleDependants(_ txn: LMDBTransaction, of result: TaskResult, now: Int64) throws(LMDBError) -> [String] {
        var grown: [String] = []
        var settled: [(id: TaskID, reason: String?)] = [(result.id, result.success ? nil : try failureReason(txn, result.id))]
        while let (id, reason) = settled.popLast() {
            var dependants: [TaskID] = []
            try txn.scan(db.dependants, prefix: id.storageKey) { key, _ in
                if let dependant = TaskID(storageKey: Array(key.suffix(16))) { dependants.append(dependant) }
                return true
            }
            for dependant in dependants {
                try txn.delete(db.dependants, id.storageKey + dependant.storageKey)
                guard let bytes = try txn.get(db.waiting, dependant.storageKey), let entry = QueueEntry(bytes) else { continue }
                let message = displayMessage(entry.signedMessage, id: dependant, cluster: "")
                if let reason {
                    try removeWaiting(txn, message)
                    // Its own dependants are settled by this loop, not by recursion.
                    try recordFinalFailure(txn, .notRun(message, attempts: 0, reason: reason, at: now, interruption: .cancelled), now: now,
                                           settling: false)
                    settled.append((dependant, TaskEnding.chainCancelReason(after: message, id: dependant)))
                } else if case .ready = try dependencyState(txn, of: message) {
                    try removeWaiting(txn, message)
                    let sequence = try counter(txn, CounterName.sequence) + 1
                    try appendToQueue(txn, message, entry: bytes, sequence: sequence)
                    try txn.put(db.counters, Array(CounterName.sequence.utf8), BrokerKeys.bigEndian(sequence))
                    try add(txn, CounterName.queued(message.cluster), 1)
                    if !grown.contains(message.cluster) { grown.append(message.cluster) }
                }
            }
        }
        return grown
    }

    /// The reason a dependant of the task `id` (which did not succeed) is cancelled with.
    private func failureReason(_ txn: LMDBTransaction, _ id: TaskID) throws(LMDBError) -> String {
        if case let .ended(reason) = try outcome(txn, of: id) { return reason }
        return "cancelled: it runs after \(id.hex.prefix(8)), which did not succeed"
    }

    /// Takes a waiting task out of `waiting`, with every index entry that leads to it.
    func removeWaiting(_ txn: LMDBTransaction, _ message: TaskMessage) throws(LMDBError) {
        guard try txn.delete(db.waiting, message.id.storageKey) else { return }
        for dependency in message.after { try txn.delete(db.dependants, dependency.storageKey + message.id.storageKey) }
        try add(txn, CounterName.waiting(message.cluster), -1)
    }

    /// The task `id` if it waits for others, with those it still waits for.
    func waitingTask(_ txn: LMDBTransaction, id: TaskID) throws(LMDBError) -> QueuedTask? {
        guard let bytes = try txn.get(db.waiting, id.storageKey), let entry = QueueEntry(bytes) else { return nil }
        let message = displayMessage(entry.signedMessage, id: id, cluster: "")
        var pending: [TaskID] = []
        for dependency in message.after where try txn.get(db.dependants, dependency.storageKey + id.storageKey) != nil {
            pending.append(dependency)
        }
        return QueuedTask(message: message, attempts: 0, waitingFor: pending)
    }

    /// Tasks that wait for others, oldest first.
    public func waitingTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [QueuedTask] {
        try read { txn throws(LMDBError) in
            var ids: [TaskID] = []
            try txn.scan(db.waiting) { key, _ in
                if let id = TaskID(storageKey: key) { ids.append(id) }
                return true
            }
            var tasks: [QueuedTask] = []
            for id in ids where tasks.count < limit {
                guard let task = try waitingTask(txn, id: id) else { continue }
                if (cluster == nil || task.message.cluster == cluster) && (group == nil || task.message.group == group) { tasks.append(task) }
            }
            return tasks
        }
    }

    /// The ids of these tasks (ids, id prefixes or names), all of them, or an error naming the
    /// first that does not exist.
    public func resolveTasks(_ keys: [String]) throws -> [TaskID] {
        var ids: [TaskID] = []
        for key in keys {
            guard let status = try status(of: key) else { throw ControlError.unknownTask(key) }
            ids.append(status.message.id)
        }
        return ids
    }
}
