extension PostgreSQLBroker {
    public func statistics() throws(BrokerError) -> BrokerStatistics {
        try transaction { connection throws(PGError) in
            let counters = try connection.query(Statements.counters).map { (name: $0.text(0), value: Int($0.int(1))) }
            func value(_ name: String) -> Int { counters.first { $0.name == name }?.value ?? 0 }
            func sum(_ prefix: String) -> Int { counters.filter { $0.name.hasPrefix(prefix) }.reduce(0) { $0 + $1.value } }
            let totals = try connection.query("""
                SELECT (SELECT count(*) FROM qctl.schedules),
                       (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::int8 FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'qctl' AND c.relkind = 'r')
                """)[0]
            let paused = try connection.query("SELECT cluster FROM qctl.paused ORDER BY cluster").map { $0.text(0) }
            let bytes = Int(totals.int(1))
            return BrokerStatistics(
                queues: CounterName.queueCounts(counters), savedSuccesses: sum(CounterName.savedSuccessesPrefix),
                savedFailures: sum(CounterName.savedFailuresPrefix), enqueuedTotal: value(CounterName.enqueued), writeTransactions: nil,
                schedules: Int(totals.int(0)), pausedQueues: paused,
                fileBytes: bytes, mapBytes: 0, usedBytes: bytes)
        }
    }

    public func counts(cluster: String) throws(BrokerError) -> QueueCounts {
        try withConnection { connection throws(PGError) in
            let names = [CounterName.queued(cluster), CounterName.leased(cluster), CounterName.succeeded(cluster), CounterName.failed(cluster),
                         CounterName.waiting(cluster)]
            var values: [String: Int] = [:]
            for row in try connection.query("SELECT name, greatest(value, 0) FROM qctl.counters WHERE name = ANY($1::text[])", [.textArray(names)]) {
                values[row.text(0)] = Int(row.int(1))
            }
            return QueueCounts(cluster: cluster, queued: values[names[0]] ?? 0, leased: values[names[1]] ?? 0,
                               succeeded: values[names[2]] ?? 0, failed: values[names[3]] ?? 0, waiting: values[names[4]] ?? 0)
        }
    }

    public func status(of idOrName: String) throws(BrokerError) -> TaskStatus? {
        try transaction { connection throws(PGError) in try status(connection, idOrName: idOrName) }
    }

    /// The task with this id, id prefix or name.
    func status(_ connection: PGConnection, idOrName: String) throws(PGError) -> TaskStatus? {
        var candidates: [TaskID] = []
        if let id = TaskID(idOrName) { candidates.append(id) }
        if let row = try connection.query(Statements.nameLookup, [.bytes(Array(idOrName.utf8))]).first, let id = TaskID(storageKey: row.bytes(0)) {
            candidates.append(id)
        }
        for id in candidates {
            if let status = try status(connection, id: id) { return status }
        }
        // A short id or a humanized name is compared with each stored id, as the LMDB broker
        // does: the newest results first, then the leases, then the queued tasks.
        let match: (([UInt8]) -> TaskID?)?
        if let shortID = ShortID(idOrName) {
            match = { shortID.task(storedAt: $0) }
        } else if let words = HumanHash.wordIndexes(ofName: idOrName) {
            match = { key in TaskID(storageKey: key).flatMap { HumanHash.folds($0.bytes, to: words) ? $0 : nil } }
        } else {
            match = nil
        }
        guard let match else { return nil }
        for sql in ["SELECT id FROM qctl.results ORDER BY id DESC", "SELECT id FROM qctl.leases ORDER BY id",
                    "SELECT id FROM qctl.queue ORDER BY id", "SELECT id FROM qctl.waiting ORDER BY id"] {
            for row in try connection.query(sql) {
                if let id = match(row.bytes(0)) { return try status(connection, id: id) }
            }
        }
        return nil
    }

    func status(_ connection: PGConnection, id: TaskID) throws(PGError) -> TaskStatus? {
        let key = id.storageKey
        let rows = try connection.query(Statements.status, [.bytes(key)])
        guard !rows.isEmpty else { return nil }
        let result = rows.first { $0.int(0) == 4 }.flatMap { TaskResult(encoded: $0.bytes(4)) }
        if let lease = rows.first(where: { $0.int(0) == 1 }) {
            let info = LeaseInfo(message: displayMessage(lease.bytes(4), id: id, cluster: lease.text(5)), attempt: Int(lease.int(1)),
                                 deadlineMilliseconds: lease.int(2), leasedAtMilliseconds: lease.int(3))
            return .leased(info, lastFailure: result)
        }
        if let queued = rows.first(where: { $0.int(0) == 2 }) {
            return .queued(QueuedTask(message: displayMessage(queued.bytes(4), id: id, cluster: queued.text(5)), attempts: Int(queued.int(1))))
        }
        if let waiting = rows.first(where: { $0.int(0) == 3 }) {
            return .queued(try waitingTask(connection, id: id, signed: waiting.bytes(4), cluster: waiting.text(5)))
        }
        return result.map { .finished($0) }
    }

    public func queuedTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [QueuedTask] {
        guard limit > 0 else { return [] }
        return try withConnection { connection throws(PGError) in
            try connection.query("""
                SELECT id, attempts, message, cluster FROM qctl.queue WHERE ($1::text IS NULL OR cluster = $1) AND ($2::text IS NULL OR grp = $2)
                ORDER BY cluster, seq LIMIT $3
                """, [cluster.map(PGValue.text) ?? .null, group.map(PGValue.text) ?? .null, .int64(Int64(limit))]).compactMap { row in
                guard let id = TaskID(storageKey: row.bytes(0)) else { return nil }
                return QueuedTask(message: displayMessage(row.bytes(2), id: id, cluster: row.text(3)), attempts: Int(row.int(1)))
            }
        }
    }

    public func leasedTasks(cluster: String?, group: String?, limit: Int) throws(BrokerError) -> [LeaseInfo] {
        guard limit > 0 else { return [] }
        return try withConnection { connection throws(PGError) in
            try connection.query("""
                SELECT id, attempt, deadline, leased_at, message, cluster FROM qctl.leases
                WHERE ($1::text IS NULL OR cluster = $1) AND ($2::text IS NULL OR grp = $2) ORDER BY leased_at, id LIMIT $3
                """, [cluster.map(PGValue.text) ?? .null, group.map(PGValue.text) ?? .null, .int64(Int64(limit))]).compactMap { row in
                guard let id = TaskID(storageKey: row.bytes(0)) else { return nil }
                return LeaseInfo(message: displayMessage(row.bytes(4), id: id, cluster: row.text(5)), attempt: Int(row.int(1)),
                                 deadlineMilliseconds: row.int(2), leasedAtMilliseconds: row.int(3))
            }
        }
    }

    public func results(_ filter: ResultFilter) throws(BrokerError) -> [TaskResult] {
        guard filter.limit > 0 else { return [] }
        return try withConnection { connection throws(PGError) in
            try connection.query("""
                SELECT result FROM qctl.results WHERE ($1::bool IS NULL OR success = $1) AND ($2::text IS NULL OR cluster = $2)
                AND ($3::text IS NULL OR grp = $3) ORDER BY stopped_at DESC, id DESC LIMIT $4
                """, [filter.success.map(PGValue.bool) ?? .null, filter.cluster.map(PGValue.text) ?? .null, filter.group.map(PGValue.text) ?? .null,
                      .int64(Int64(filter.limit))]).compactMap { TaskResult(encoded: $0.bytes(0)) }
        }
    }
}
