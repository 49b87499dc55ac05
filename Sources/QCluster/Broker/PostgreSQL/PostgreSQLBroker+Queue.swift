extension PostgreSQLBroker {
    public func enqueue(_ messages: [TaskMessage]) throws(BrokerError) {
        guard !messages.isEmpty else { return }
        try TaskEnding.refuseTooLarge(messages)
        // Signed before the transaction: it holds locks only for the inserts.
        let signedMessages = messages.map(signed)
        if messages.count == 1, messages[0].after.isEmpty {
            if try enqueueOneCheckingSchema(messages[0], signed: signedMessages[0]) {
                try settlePendingSchemaCheck(checked: true)
                return
            }
            // Nothing was written: the schema is missing or of another version. The full check
            // says which (or creates a missing one, when this broker may), then the usual path.
            try settlePendingSchemaCheck()
            try checkSchema(creatingIfMissing: false)
        }
        if messages.allSatisfy({ $0.after.isEmpty }) {
            try withConnection { connection throws(PGError) in try enqueueInOneStatement(connection, messages, signed: signedMessages) }
            return
        }
        try transaction { connection throws(PGError) in
            var changes = CounterChanges()
            try putQueued(connection, messages, signed: signedMessages, changes: &changes)
            try apply(changes, connection)
        }
    }

    /// One task that waits for nothing, enqueued by one statement that is its own transaction and
    /// checks the schema's version too (``Statements/enqueueOne``), so that a one-shot
    /// `qctl enqueue` makes one round trip after connecting. False, with nothing written, when
    /// the schema is missing or of another version.
    private func enqueueOneCheckingSchema(_ message: TaskMessage, signed signedMessage: [UInt8]) throws(BrokerError) -> Bool {
        let counters = [CounterName.enqueued, CounterName.queued(message.cluster)].sorted()
        var parameters: [PGValue] = [
            .text(message.cluster), .text(message.group), .bytes(message.id.storageKey), .bytes(signedMessage),
            .text(counters[0]), .text(counters[1]), .text(PostgreSQLWakeups.channel(for: message.cluster)),
        ]
        if let name = message.indexedName { parameters.append(.bytes(name)) }
        let statement = message.indexedName == nil ? Statements.enqueueOne : Statements.enqueueOneNamed
        return try withConnectionUnchecked { connection throws(PGError) -> Bool in
            do throws(PGError) {
                try connection.query(statement, parameters)
                return true
            } catch {
                if error.sqlState == "42P01" || error.sqlState == "3F000" { return false }  // undefined table or schema
                throw error
            }
        }
    }

    /// Tasks that wait for nothing, enqueued by one statement that is its own transaction:
    /// queue, names, counters and wake-ups together, so that a one-shot `qctl enqueue` makes
    /// one round trip after connecting instead of six.
    private func enqueueInOneStatement(_ connection: PGConnection, _ messages: [TaskMessage], signed signedMessages: [[UInt8]]) throws(PGError) {
        var names: [[UInt8]: TaskID] = [:]
        var changes = CounterChanges()
        var clusters: [String] = []
        for message in messages {
            if let name = message.indexedName { names[name] = message.id }
            changes.add(CounterName.queued(message.cluster), 1)
            if !clusters.contains(message.cluster) { clusters.append(message.cluster) }
        }
        changes.add(CounterName.enqueued, messages.count)
        let sortedNames = names.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let counters = changes.totals.sorted { $0.name < $1.name }
        try connection.query(Statements.enqueueAlone, [
            .textArray(messages.map(\.cluster)), .textArray(messages.map(\.group)), .bytesArray(messages.map(\.id.storageKey)),
            .bytesArray(signedMessages), .bytesArray(sortedNames.map(\.key)), .bytesArray(sortedNames.map(\.value.storageKey)),
            .textArray(counters.map(\.name)), .int64Array(counters.map { Int64($0.delta) }),
            .textArray(clusters.map(PostgreSQLWakeups.channel(for:))),
        ])
    }

    /// Appends messages to their queues (or to the waiting tasks, for those that run after
    /// others that have not succeeded yet), names and all, and notifies the clusters whose queue
    /// grew, in the caller's transaction. `signed`: each message's signed bytes.
    func putQueued(_ connection: PGConnection, _ messages: [TaskMessage], signed signedMessages: [[UInt8]]? = nil,
                   changes: inout CounterChanges) throws(PGError) {
        guard !messages.isEmpty else { return }
        let signedMessages = signedMessages ?? messages.map(signed)
        var queued: [(message: TaskMessage, signed: [UInt8])] = []
        var names: [[UInt8]: TaskID] = [:]
        for (message, signedMessage) in zip(messages, signedMessages) {
            if !message.after.isEmpty {
                switch try dependencyState(connection, of: message) {
                case .ready:
                    break
                case let .waiting(pending):
                    if let name = message.indexedName { names[name] = message.id }
                    try putWaiting(connection, message, signed: signedMessage, pending: pending, changes: &changes)
                    continue
                case let .cancelled(reason):
                    let now = Clock.nowMilliseconds()
                    try recordFinalFailure(connection, .notRun(message, attempts: 0, reason: reason, at: now, interruption: .cancelled),
                                           now: now, changes: &changes, settling: false)
                    continue
                }
            }
            queued.append((message, signedMessage))
            if let name = message.indexedName { names[name] = message.id }
        }
        if !queued.isEmpty {
            try connection.query(Statements.enqueue, [
                .textArray(queued.map(\.message.cluster)), .textArray(queued.map(\.message.group)),
                .bytesArray(queued.map(\.message.id.storageKey)), .bytesArray(queued.map(\.signed)),
            ])
        }
        try putNames(connection, names)
        var clusters: [String] = []
        for (message, _) in queued {
            changes.add(CounterName.queued(message.cluster), 1)
            if !clusters.contains(message.cluster) { clusters.append(message.cluster) }
        }
        changes.add(CounterName.enqueued, messages.count)
        try notify(connection, clusters: clusters)
    }

    /// Points each name at its newest task.
    func putNames(_ connection: PGConnection, _ names: [[UInt8]: TaskID]) throws(PGError) {
        guard !names.isEmpty else { return }
        let sorted = names.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        try connection.query(Statements.putNames, [.bytesArray(sorted.map(\.key)), .bytesArray(sorted.map(\.value.storageKey))])
    }

    /// Wakes the clusters' listeners when the transaction commits (NOTIFY is transactional).
    func notify(_ connection: PGConnection, clusters: [String]) throws(PGError) {
        guard !clusters.isEmpty else { return }
        try connection.query(Statements.notify, [.textArray(clusters.map(PostgreSQLWakeups.channel(for:)))])
    }

    public func lease(cluster: String, limit: Int, leaseMilliseconds: Int64, now: Int64) throws(BrokerError) -> LeaseBatch {
        guard limit > 0 else { return LeaseBatch(tasks: [], rejected: []) }
        return try transaction { connection throws(PGError) in
            var changes = CounterChanges()
            let batch = try lease(connection, cluster: cluster, limit: limit, leaseMilliseconds: leaseMilliseconds, now: now, changes: &changes)
            try apply(changes, connection)
            return batch
        }
    }

    /// Takes and leases up to `limit` tasks of `cluster` in the caller's transaction, skipping
    /// rows another host is taking; a message whose signature fails is recorded as failed in the
    /// same transaction instead.
    func lease(_ connection: PGConnection, cluster: String, limit: Int, leaseMilliseconds: Int64, now: Int64,
               changes: inout CounterChanges) throws(PGError) -> LeaseBatch {
        var batch = LeaseBatch(tasks: [], rejected: [])
        guard limit > 0 else { return batch }
        let deadline = now + leaseMilliseconds
        // RETURNING keeps no order: the queue's is restored here.
        let taken = try connection.query(Statements.takeAndLease, [.text(cluster), .int64(Int64(limit)), .int64(deadline), .int64(now)])
            .sorted { $0.int(0) < $1.int(0) }
        guard !taken.isEmpty else { return batch }
        var refused: [[UInt8]] = []
        for row in taken {
            let key = row.bytes(1), signedMessage = row.bytes(3)
            guard let id = TaskID(storageKey: key) else { continue }
            let attempt = Int(row.int(2)) + 1
            let body = signer.verify(signedMessage)
            let message = body.flatMap { TaskMessage(encoded: $0) }.flatMap { $0.id == id && $0.cluster == cluster ? $0 : nil }
            if let body, let message, TaskEnding.leaseRefusal(body: body, message: message) == nil {
                batch.tasks.append(LeasedTask(message: message, attempt: attempt, deadlineMilliseconds: deadline, messageEncoding: MessageEncoding(body)))
            } else {
                let reason = TaskEnding.leaseRefusal(body: body, message: message) ?? ""
                var shown = displayMessage(signedMessage, id: id, cluster: cluster)
                shown.cluster = cluster  // counted, and shown, where it was queued, whatever an altered message says
                refused.append(key)
                try recordFinalFailure(connection, .notRun(shown, attempts: attempt, reason: reason, at: now), now: now, changes: &changes)
                batch.rejected.append(RejectedTask(id: id, reason: reason))
            }
        }
        if !refused.isEmpty { try connection.query(Statements.endLeases, [.bytesArray(refused)]) }
        changes.add(CounterName.queued(cluster), -taken.count)
        changes.add(CounterName.leased(cluster), taken.count - refused.count)
        return batch
    }

    public func complete(_ results: [TaskResult], saveLimit: Int) throws(BrokerError) {
        guard !results.isEmpty else { return }
        try transaction { connection throws(PGError) in
            var changes = CounterChanges()
            try complete(connection, results, saveLimit: saveLimit, changes: &changes)
            try apply(changes, connection)
        }
    }

    public func complete(_ results: [TaskResult], saveLimit: Int, refill: LeaseRefill) throws(BrokerError) -> LeaseBatch {
        try transaction { connection throws(PGError) in
            var changes = CounterChanges()
            try complete(connection, results, saveLimit: saveLimit, changes: &changes)
            let batch = try lease(connection, cluster: refill.cluster, limit: refill.limit, leaseMilliseconds: refill.leaseMilliseconds,
                                  now: refill.now, changes: &changes)
            try apply(changes, connection)
            return batch
        }
    }

    private func complete(_ connection: PGConnection, _ results: [TaskResult], saveLimit: Int, changes: inout CounterChanges) throws(PGError) {
        guard !results.isEmpty else { return }
        // Kill requests taken, and the tasks of final (or killed) results ended: their leases,
        // and a queue entry a lease that ran out may have put back: they are done now. Earlier
        // results of these tasks go too, as ``record`` stores the new ones in their place.
        let ended = try connection.query(Statements.endTasks, [
            .bytesArray(results.filter(\.isFinal).map(\.id.storageKey)), .bytesArray(results.map(\.id.storageKey)),
        ])
        var killed: Set<[UInt8]> = []
        var endedHere: Set<[UInt8]> = []
        var dependantsWait = false
        for row in ended {
            switch row.text(0) {
            case "k": killed.insert(row.bytes(1))
            case "l":
                endedHere.insert(row.bytes(1))
                changes.add(CounterName.leased(row.text(2)), -1)
            case "q":
                endedHere.insert(row.bytes(1))
                changes.add(CounterName.queued(row.text(2)), -1)
            case "s", "f": changes.add(CounterName.saved(row.text(0) == "s", row.text(2)), -1)
            default: dependantsWait = true
            }
        }
        let settledResults = results.map { killed.contains($0.id.storageKey) ? TaskEnding.killed($0) : $0 }
        let finals = settledResults.filter(\.isFinal)
        // A task counts once, when its result ends it: a batch recorded again (its commit's
        // reply lost) or a second run's result after a lease ran out finds nothing to end.
        for result in finals where endedHere.remove(result.id.storageKey) != nil {
            changes.add(result.success ? CounterName.succeeded(result.message.cluster) : CounterName.failed(result.message.cluster), 1)
        }
        // The retry comes after its backoff, not after what is left of the lease.
        let retries = settledResults.filter { !$0.isFinal && $0.retryAtMilliseconds > 0 }
        if !retries.isEmpty {
            try connection.query(Statements.retryAt, [
                .bytesArray(retries.map(\.id.storageKey)), .int64Array(retries.map { Int64($0.attempts) }),
                .int64Array(retries.map(\.retryAtMilliseconds)),
            ])
        }
        try record(connection, settledResults, saveLimit: saveLimit, changes: &changes)
        if dependantsWait { try settleDependants(connection, of: finals, changes: &changes) }
        if saveLimit > 0 { try prune(connection, keeping: saveLimit, changes: &changes) }
    }

    /// Deletes the oldest stored successes beyond the newest `saveLimit`, and counts them out.
    private func prune(_ connection: PGConnection, keeping saveLimit: Int, changes: inout CounterChanges) throws(PGError) {
        let pending = Int64(changes.delta(ofNamesStartingWith: CounterName.savedSuccessesPrefix))
        for row in try connection.query(Statements.prune, [.int64(Int64(saveLimit)), .int64(pending)]) {
            changes.add(CounterName.saved(true, row.text(0)), -Int(row.int(1)))
        }
    }

    /// Takes out the stored results of these tasks, and counts them out.
    func dropResults(_ connection: PGConnection, of ids: [TaskID], changes: inout CounterChanges) throws(PGError) {
        for row in try connection.query(Statements.dropResults, [.bytesArray(ids.map(\.storageKey))]) {
            changes.add(CounterName.saved(row.bool(0), row.text(1)), -1)
        }
    }

    /// Stores results, names included, and counts what is stored; the caller has taken out the
    /// earlier results of their tasks (``dropResults(_:of:changes:)``, or ``Statements/endTasks``).
    /// Successes are not stored with `saveLimit` -1 or for a task enqueued with `--no-save`.
    func record(_ connection: PGConnection, _ results: [TaskResult], saveLimit: Int, changes: inout CounterChanges) throws(PGError) {
        // One row per task: the last result given for it wins.
        var latest: [TaskID: TaskResult] = [:]
        var order: [TaskID] = []
        for result in results {
            if latest.updateValue(result, forKey: result.id) == nil { order.append(result.id) }
        }
        let unique = order.compactMap { latest[$0] }
        let kept = unique.filter { !$0.success || (saveLimit >= 0 && $0.message.saveResult) }
        let dropped = unique.filter { $0.success && !(saveLimit >= 0 && $0.message.saveResult) }
        if !kept.isEmpty {
            let stored = try connection.query(Statements.putResults, [
                .bytesArray(kept.map(\.id.storageKey)), .textArray(kept.map(\.message.cluster)), .textArray(kept.map(\.message.group)),
                .int64Array(kept.map { $0.success ? 1 : 0 }), .int64Array(kept.map(\.stoppedAtMilliseconds)), .bytesArray(kept.map { $0.encoded() }),
            ])
            for row in stored { changes.add(CounterName.saved(row.bool(0), row.text(1)), 1) }
            var names: [[UInt8]: TaskID] = [:]
            for result in kept { if let name = result.message.indexedName { names[name] = result.id } }
            try putNames(connection, names)
        }
        if !dropped.isEmpty { try connection.query(Statements.forgetNames, [.bytesArray(dropped.map(\.id.storageKey))]) }
    }

    /// Records `result` as its task's final failure and counts it; the tasks that run after it
    /// are cancelled unless `settling` is false (the caller settles them).
    func recordFinalFailure(_ connection: PGConnection, _ result: TaskResult, now: Int64, changes: inout CounterChanges,
                            settling: Bool = true) throws(PGError) {
        var final = result
        final.isFinal = true
        try dropResults(connection, of: [final.id], changes: &changes)
        try record(connection, [final], saveLimit: 0, changes: &changes)
        changes.add(CounterName.failed(final.message.cluster), 1)
        if settling { try settleDependants(connection, of: [final], changes: &changes) }
    }

    @discardableResult
    public func moveLeaseDeadlines(_ moves: [LeaseMove]) throws(BrokerError) -> [TaskID] {
        guard !moves.isEmpty else { return [] }
        return try transaction { connection throws(PGError) in
            try connection.query(Statements.moveDeadlines, [
                .bytesArray(moves.map(\.task.storageKey)), .int64Array(moves.map(\.from)), .int64Array(moves.map(\.to)),
            ]).compactMap { TaskID(storageKey: $0.bytes(0)) }
        }
    }

    public func returnUnstarted(_ ids: [TaskID]) throws(BrokerError) {
        guard !ids.isEmpty else { return }
        try transaction { connection throws(PGError) in
            var changes = CounterChanges()
            let rows = try connection.query(Statements.unstarted, [.bytesArray(ids.map(\.storageKey))])
            try putBack(connection, rows.map { ($0.bytes(0), $0.text(1), $0.int(2), max(0, $0.int(3) - 1), $0.bytes(4), $0.text(5)) },
                        changes: &changes)
            try apply(changes, connection)
        }
    }

    /// Puts leases back at their place in the queue (their old `seq`).
    private func putBack(_ connection: PGConnection, _ leases: [(id: [UInt8], cluster: String, seq: Int64, attempts: Int64, signed: [UInt8], group: String)],
                         changes: inout CounterChanges) throws(PGError) {
        guard !leases.isEmpty else { return }
        try connection.query(Statements.putBack, [
            .int64Array(leases.map(\.seq)), .textArray(leases.map(\.cluster)), .textArray(leases.map(\.group)),
            .bytesArray(leases.map(\.id)), .int64Array(leases.map(\.attempts)), .bytesArray(leases.map(\.signed)),
        ])
        for lease in leases {
            changes.add(CounterName.leased(lease.cluster), -1)
            changes.add(CounterName.queued(lease.cluster), 1)
        }
        try notify(connection, clusters: Array(Set(leases.map(\.cluster))))
    }

    public func requeueExpired(cluster: String, policy: RetryPolicy, now: Int64) throws(BrokerError) -> RequeueReport {
        try transaction { connection throws(PGError) in
            var changes = CounterChanges()
            var report = RequeueReport(requeued: 0, gaveUp: 0)
            let expired = try connection.query(Statements.expired, [.text(cluster), .int64(now)])
            guard !expired.isEmpty else { return report }
            let killed = Set(try connection.query(Statements.takeKills, [.bytesArray(expired.map { $0.bytes(0) })]).map { $0.bytes(0) })
            var back: [(id: [UInt8], cluster: String, seq: Int64, attempts: Int64, signed: [UInt8], group: String)] = []
            for row in expired {
                let key = row.bytes(0), attempt = Int(row.int(2)), signedMessage = row.bytes(4)
                guard let id = TaskID(storageKey: key) else { continue }
                let message = displayMessage(signedMessage, id: id, cluster: cluster)
                // The limit covers the task's retries: a failed run the worker left to be retried is always below it.
                let limit = policy.deliveryLimit(of: message)
                if killed.contains(key) || (limit > 0 && attempt >= limit) {
                    let previous = try connection.query(Statements.result, [.bytes(key)]).first.flatMap { TaskResult(encoded: $0.bytes(0)) }
                    let final = TaskEnding.gaveUp(previous: previous, message: message, attempt: attempt, leasedAt: row.int(3), now: now,
                                                  killed: killed.contains(key))
                    try connection.query(Statements.endLeases, [.bytesArray([key])])
                    changes.add(CounterName.leased(cluster), -1)
                    try recordFinalFailure(connection, final, now: now, changes: &changes)
                    report.gaveUp += 1
                } else {
                    back.append((key, cluster, row.int(1), Int64(attempt), signedMessage, row.text(5)))
                    report.requeued += 1
                }
            }
            if !back.isEmpty { try connection.query(Statements.endLeases, [.bytesArray(back.map(\.id))]) }
            try putBack(connection, back, changes: &changes)
            try apply(changes, connection)
            return report
        }
    }

    public func hasQueuedTasks(cluster: String) throws(BrokerError) -> Bool {
        try withConnection { connection throws(PGError) in try connection.query(Statements.hasQueued, [.text(cluster)]).first?.bool(0) ?? false }
    }

    public func hasExpiredLeases(cluster: String, now: Int64) throws(BrokerError) -> Bool {
        try withConnection { connection throws(PGError) in
            try connection.query(Statements.hasExpired, [.text(cluster), .int64(now)]).first?.bool(0) ?? false
        }
    }

    public func purge(cluster: String) throws(BrokerError) -> Int {
        try transaction { connection throws(PGError) in
            let keys = try connection.query("DELETE FROM qctl.queue WHERE cluster = $1 RETURNING id", [.text(cluster)]).map { $0.bytes(0) }
            try connection.query(Statements.forgetNames, [.bytesArray(keys)])
            var changes = CounterChanges()
            changes.add(CounterName.queued(cluster), -keys.count)
            try apply(changes, connection)
            return keys.count
        }
    }

    public func deleteGroup(_ group: String) throws(BrokerError) -> Int {
        try transaction { connection throws(PGError) in
            let rows = try connection.query("DELETE FROM qctl.results WHERE grp = $1 RETURNING id, success, cluster", [.text(group)])
            try connection.query(Statements.forgetNames, [.bytesArray(rows.map { $0.bytes(0) })])
            var changes = CounterChanges()
            for row in rows { changes.add(CounterName.saved(row.bool(1), row.text(2)), -1) }
            try apply(changes, connection)
            return rows.count
        }
    }
}
