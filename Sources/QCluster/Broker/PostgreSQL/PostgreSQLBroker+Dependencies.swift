/// Tasks that run after others (`qctl enqueue --after`), as in the LMDB broker: such a task
/// waits in `qctl.waiting` until every task it runs after has succeeded, and is then queued;
/// when one of them does not succeed it is cancelled with that reason, and so are those after it.
extension PostgreSQLBroker {
    func dependencyState(_ connection: PGConnection, of message: TaskMessage) throws(PGError) -> DependencyState {
        var pending: [TaskID] = []
        for dependency in message.after {
            // A task that is nowhere succeeded long ago: failures are always kept, successes pruned.
            guard let status = try status(connection, id: dependency) else { continue }
            guard case let .finished(result) = status, result.isFinal else {
                pending.append(dependency)
                continue
            }
            if !result.success { return .cancelled(TaskEnding.dependantCancelReason(after: result, id: dependency)) }
        }
        return pending.isEmpty ? .ready : .waiting(pending)
    }

    func putWaiting(_ connection: PGConnection, _ message: TaskMessage, signed signedMessage: [UInt8], pending: [TaskID],
                    changes: inout CounterChanges) throws(PGError) {
        try connection.query(Statements.putWaiting, [.bytes(message.id.storageKey), .text(message.cluster), .text(message.group), .bytes(signedMessage)])
        try connection.query(Statements.putDependants, [.bytesArray(pending.map(\.storageKey)), .bytes(message.id.storageKey)])
        changes.add(CounterName.waiting(message.cluster), 1)
    }

    /// After `results` became final: the tasks that wait for them are queued once everything
    /// they run after succeeded, or cancelled when one did not, and so on down the line.
    func settleDependants(_ connection: PGConnection, of results: [TaskResult], changes: inout CounterChanges) throws(PGError) {
        var settled: [(id: TaskID, reason: String?, now: Int64)] = []
        let links = try connection.query(Statements.dependantsOf, [.bytesArray(results.map(\.id.storageKey))])
        guard !links.isEmpty else { return }
        for result in results {
            let reason: String? = result.success ? nil : TaskEnding.dependantCancelReason(after: result, id: result.id)
            settled.append((result.id, reason, result.stoppedAtMilliseconds))
        }
        var grown: [String] = []
        while let (id, reason, now) = settled.popLast() {
            let dependants = try connection.query(Statements.dependantsOf, [.bytesArray([id.storageKey])]).compactMap { TaskID(storageKey: $0.bytes(1)) }
            for dependant in dependants {
                try connection.query(Statements.removeDependant, [.bytes(id.storageKey), .bytes(dependant.storageKey)])
                guard let row = try connection.query(Statements.waitingEntry, [.bytes(dependant.storageKey)]).first else { continue }
                let signedMessage = row.bytes(0)
                let message = displayMessage(signedMessage, id: dependant, cluster: row.text(1))
                if let reason {
                    try removeWaiting(connection, message, changes: &changes)
                    try recordFinalFailure(connection, .notRun(message, attempts: 0, reason: reason, at: now, interruption: .cancelled),
                                           now: now, changes: &changes, settling: false)
                    settled.append((dependant, TaskEnding.chainCancelReason(after: message, id: dependant), now))
                } else if case .ready = try dependencyState(connection, of: message) {
                    try removeWaiting(connection, message, changes: &changes)
                    try connection.query(Statements.enqueue, [
                        .textArray([message.cluster]), .textArray([message.group]), .bytesArray([dependant.storageKey]), .bytesArray([signedMessage]),
                    ])
                    changes.add(CounterName.queued(message.cluster), 1)
                    if !grown.contains(message.cluster) { grown.append(message.cluster) }
                }
            }
        }
        try notify(connection, clusters: grown)
    }

    /// Takes a waiting task out, with every link that leads to it.
    func removeWaiting(_ connection: PGConnection, _ message: TaskMessage, changes: inout CounterChanges) throws(PGError) {
        guard try !connection.query(Statements.removeWaiting, [.bytes(message.id.storageKey)]).isEmpty else { return }
        try connection.query(Statements.removeDependants, [.bytes(message.id.storageKey)])
        changes.add(CounterName.waiting(message.cluster), -1)
    }

    public func waitingTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [QueuedTask] {
        guard limit > 0 else { return [] }
        return try withConnection { connection throws(PGError) in
            let rows = try connection.query("""
                SELECT id, message, cluster FROM qctl.waiting WHERE ($1::text IS NULL OR cluster = $1) AND ($2::text IS NULL OR grp = $2)
                ORDER BY id LIMIT $3
                """, [cluster.map(PGValue.text) ?? .null, group.map(PGValue.text) ?? .null, .int64(Int64(min(limit, Int(Int64.max))))])
            var tasks: [QueuedTask] = []
            for row in rows {
                guard let id = TaskID(storageKey: row.bytes(0)) else { continue }
                tasks.append(try waitingTask(connection, id: id, signed: row.bytes(1), cluster: row.text(2)))
            }
            return tasks
        }
    }

    /// A waiting task with the tasks it still waits for, in the order it names them.
    func waitingTask(_ connection: PGConnection, id: TaskID, signed signedMessage: [UInt8], cluster: String) throws(PGError) -> QueuedTask {
        let message = displayMessage(signedMessage, id: id, cluster: cluster)
        let pending = Set(try connection.query(Statements.pendingDependencies, [.bytes(id.storageKey)]).map { $0.bytes(0) })
        return QueuedTask(message: message, attempts: 0, waitingFor: message.after.filter { pending.contains($0.storageKey) })
    }
}
