/// Steering single tasks and queues, each call one transaction that acts on every selected task
/// or, when one cannot be acted on, on none (as the LMDB broker).
extension PostgreSQLBroker {
    /// Runs a control transaction and throws its refusal as the ``ControlError``; every refusal
    /// comes before the first change, so a refused call changes nothing.
    private func control<T>(_ body: (PGConnection) throws(PGError) -> Result<T, ControlError>) throws -> T {
        try transaction(body).get()
    }

    public func cancel(_ selection: TaskSelection, now: Int64) throws -> [TaskMessage] {
        try control { connection throws(PGError) -> Result<[TaskMessage], ControlError> in
            var chosen: [TaskStatus] = []
            switch selection {
            case let .tasks(keys):
                for key in keys {
                    guard let status = try status(connection, idOrName: key) else { return .failure(.unknownTask(key)) }
                    guard TaskEnding.isCancellable(status) else { return .failure(TaskEnding.cancelRefusal(status)) }
                    if !chosen.contains(where: { $0.message.id == status.message.id }) { chosen.append(status) }
                }
            case let .group(group, cluster):
                chosen = try unstartedTasks(connection, cluster: cluster, group: group)
            case let .cluster(cluster):
                chosen = try unstartedTasks(connection, cluster: cluster, group: nil)
            }
            var changes = CounterChanges()
            for status in chosen { try end(connection, status, as: .cancelled, reason: "cancelled (qctl cancel)", now: now, changes: &changes) }
            try apply(changes, connection)
            return .success(chosen.map(\.message))
        }
    }

    /// Queued tasks, then leased ones that wait for a retry, then waiting ones, of a cluster and group.
    private func unstartedTasks(_ connection: PGConnection, cluster: String?, group: String?) throws(PGError) -> [TaskStatus] {
        let filters: [PGValue] = [cluster.map(PGValue.text) ?? .null, group.map(PGValue.text) ?? .null]
        var found: [TaskStatus] = []
        for table in ["queue", "leases", "waiting"] {
            let order = table == "queue" ? "cluster, seq" : "id"
            let rows = try connection.query("""
                SELECT id FROM qctl.\(table) WHERE ($1::text IS NULL OR cluster = $1) AND ($2::text IS NULL OR grp = $2) ORDER BY \(order)
                """, filters)
            for row in rows {
                if let id = TaskID(storageKey: row.bytes(0)), let status = try status(connection, id: id), TaskEnding.isCancellable(status) {
                    found.append(status)
                }
            }
        }
        return found
    }

    /// Removes a task that has not finished from its queue or lease and records it as ended by a person.
    private func end(_ connection: PGConnection, _ status: TaskStatus, as interruption: TaskResult.Interruption, reason: String, now: Int64,
                     changes: inout CounterChanges) throws(PGError) {
        let key = status.message.id.storageKey
        let cluster = status.message.cluster
        switch status {
        case .queued:
            if try !connection.query(Statements.endQueued, [.bytesArray([key])]).isEmpty {
                changes.add(CounterName.queued(cluster), -1)
            } else {
                try removeWaiting(connection, status.message, changes: &changes)
            }
        case .leased:
            if try !connection.query(Statements.endLeases, [.bytesArray([key])]).isEmpty { changes.add(CounterName.leased(cluster), -1) }
        case .finished:
            return
        }
        try connection.query(Statements.takeKills, [.bytesArray([key])])
        try recordFinalFailure(connection, TaskEnding.endedByPerson(status, as: interruption, reason: reason, now: now), now: now, changes: &changes)
    }

    @discardableResult
    public func kill(_ idOrName: String, now: Int64) throws -> TaskMessage {
        try control { connection throws(PGError) -> Result<TaskMessage, ControlError> in
            guard let status = try status(connection, idOrName: idOrName) else { return .failure(.unknownTask(idOrName)) }
            switch status {
            case .queued:
                return .failure(.wrongState(task: status.message.name, state: "queued", advice: "qctl cancel takes a task off the queue"))
            case .finished:
                return .failure(.wrongState(task: status.message.name, state: TaskEnding.stateWord(status), advice: "only a running task can be killed"))
            case .leased where status.isWaitingForRetry:
                var changes = CounterChanges()
                try end(connection, status, as: .killed, reason: "killed (qctl kill) while it waited for a retry", now: now, changes: &changes)
                try apply(changes, connection)
            case .leased:
                try connection.query("INSERT INTO qctl.kills (id, asked_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                                     [.bytes(status.message.id.storageKey), .int64(now)])
            }
            return .success(status.message)
        }
    }

    public func killRequests() throws(BrokerError) -> Set<TaskID> {
        try withConnection { connection throws(PGError) in
            Set(try connection.query("SELECT id FROM qctl.kills").compactMap { TaskID(storageKey: $0.bytes(0)) })
        }
    }

    public func rerun(_ selection: TaskSelection, now: Int64) throws -> [TaskMessage] {
        try control { connection throws(PGError) -> Result<[TaskMessage], ControlError> in
            var originals: [TaskResult] = []
            switch selection {
            case let .tasks(keys):
                for key in keys {
                    guard let status = try status(connection, idOrName: key) else { return .failure(.unknownTask(key)) }
                    guard case let .finished(result) = status, result.isFinal else {
                        return .failure(.wrongState(task: status.message.name, state: TaskEnding.stateWord(status),
                                                    advice: "only a finished task can be run again"))
                    }
                    if !originals.contains(where: { $0.id == result.id }) { originals.append(result) }
                }
            case let .group(group, cluster):
                originals = try failuresToRerun(connection, cluster: cluster, group: group)
            case let .cluster(cluster):
                originals = try failuresToRerun(connection, cluster: cluster, group: nil)
            }
            var copies: [TaskMessage] = []
            for var original in originals {
                guard let copy = TaskEnding.rerunCopy(of: original, now: now) else { continue }
                copies.append(copy)
                original.rerunAs = copy.id
                try connection.query("UPDATE qctl.results SET result = $2 WHERE id = $1", [.bytes(original.id.storageKey), .bytes(original.encoded())])
            }
            var changes = CounterChanges()
            try putQueued(connection, copies, changes: &changes)
            try apply(changes, connection)
            return .success(copies)
        }
    }

    /// Final failures of a cluster and group that were not run again yet, oldest first.
    private func failuresToRerun(_ connection: PGConnection, cluster: String?, group: String?) throws(PGError) -> [TaskResult] {
        try connection.query("""
            SELECT result FROM qctl.results WHERE NOT success AND ($1::text IS NULL OR cluster = $1) AND ($2::text IS NULL OR grp = $2)
            ORDER BY stopped_at, id
            """, [cluster.map(PGValue.text) ?? .null, group.map(PGValue.text) ?? .null])
            .compactMap { TaskResult(encoded: $0.bytes(0)) }.filter(TaskEnding.isRerunCandidate)
    }

    @discardableResult
    public func setQueuePaused(cluster: String, _ paused: Bool) throws(BrokerError) -> Bool {
        try transaction { connection throws(PGError) in
            if paused {
                return try !connection.query("INSERT INTO qctl.paused (cluster) VALUES ($1) ON CONFLICT DO NOTHING RETURNING cluster",
                                             [.text(cluster)]).isEmpty
            }
            let resumed = try !connection.query("DELETE FROM qctl.paused WHERE cluster = $1 RETURNING cluster", [.text(cluster)]).isEmpty
            if resumed { try notify(connection, clusters: [cluster]) }
            return resumed
        }
    }

    public func pausedQueues() throws(BrokerError) -> [String] {
        try withConnection { connection throws(PGError) in try connection.query("SELECT cluster FROM qctl.paused ORDER BY cluster").map { $0.text(0) } }
    }
}
