/// Schedules, fired with `FOR UPDATE SKIP LOCKED`: a due schedule is fired by the one cluster
/// that locks its row, and one that looks while it is being fired skips it or, after the
/// commit, finds its next run moved on. So each occurrence fires once, on however many hosts.
extension PostgreSQLBroker {
    /// The `due` column: the next run of an active schedule, nil for a paused or finished one.
    private static func due(_ schedule: Schedule) -> PGValue {
        schedule.paused || schedule.isDone ? .null : .int64(schedule.nextRunMilliseconds)
    }

    /// Rewrites a stored schedule after a change, its signed template kept as `stored` holds it.
    private func put(_ connection: PGConnection, _ schedule: Schedule, stored: [UInt8]) throws(PGError) {
        try connection.query("UPDATE qctl.schedules SET cluster = $2, due = $3, body = $4 WHERE name = $1",
                             [.text(schedule.name), .text(schedule.cluster), Self.due(schedule),
                              .bytes(schedule.encoded(keepingTemplateOf: stored, signer: signer))])
    }

    public func addSchedule(_ schedule: Schedule, replace: Bool) throws {
        let conflict = replace ? "DO UPDATE SET cluster = excluded.cluster, due = excluded.due, body = excluded.body" : "DO NOTHING"
        let added = try transaction { connection throws(PGError) in
            try !connection.query("INSERT INTO qctl.schedules (name, cluster, due, body) VALUES ($1, $2, $3, $4) ON CONFLICT (name) \(conflict) RETURNING name",
                                  [.text(schedule.name), .text(schedule.cluster), Self.due(schedule), .bytes(schedule.encoded(signer: signer))]).isEmpty
        }
        if !added { throw ScheduleError.duplicate(schedule.name) }
    }

    public func schedules() throws(BrokerError) -> [(schedule: Schedule, verified: Bool)] {
        try withConnection { connection throws(PGError) in
            try connection.query("SELECT body FROM qctl.schedules ORDER BY name").compactMap { Schedule.decode($0.bytes(0), signer: signer) }
        }
    }

    public func schedule(named name: String) throws -> Schedule {
        let row = try withConnection { connection throws(PGError) in try connection.query("SELECT body FROM qctl.schedules WHERE name = $1", [.text(name)]).first }
        guard let row, let decoded = Schedule.decode(row.bytes(0), signer: signer) else { throw ScheduleError.unknown(name) }
        return decoded.schedule
    }

    public func removeSchedule(named name: String) throws {
        let removed = try withConnection { connection throws(PGError) in
            try !connection.query("DELETE FROM qctl.schedules WHERE name = $1 RETURNING name", [.text(name)]).isEmpty
        }
        if !removed { throw ScheduleError.unknown(name) }
    }

    public func setSchedule(named name: String, paused: Bool) throws {
        let found = try transaction { connection throws(PGError) -> Bool in
            guard let row = try connection.query("SELECT body FROM qctl.schedules WHERE name = $1 FOR UPDATE", [.text(name)]).first,
                  var schedule = Schedule.decode(row.bytes(0), signer: signer)?.schedule else { return false }
            schedule.paused = paused
            try put(connection, schedule, stored: row.bytes(0))
            return true
        }
        if !found { throw ScheduleError.unknown(name) }
    }

    public func runSchedule(named name: String, now: Int64) throws -> TaskMessage {
        let fired = try transaction { connection throws(PGError) -> Result<TaskMessage, ScheduleError> in
            guard let row = try connection.query("SELECT body FROM qctl.schedules WHERE name = $1 FOR UPDATE", [.text(name)]).first,
                  case (var schedule, let verified)? = Schedule.decode(row.bytes(0), signer: signer) else { return .failure(.unknown(name)) }
            guard verified else { return .failure(.unverified(name)) }
            var message = schedule.template
            message.id = TaskID()
            message.enqueuedAtMilliseconds = now
            schedule.lastRunMilliseconds = now
            schedule.lastTaskID = message.id
            try put(connection, schedule, stored: row.bytes(0))
            var changes = CounterChanges()
            try putQueued(connection, [message], changes: &changes)
            try apply(changes, connection)
            return .success(message)
        }
        return try fired.get()
    }

    public func fireDueSchedules(cluster: String, now: Int64, catchUp: Bool, timeZone: ZoneRules) throws(BrokerError)
        -> (fired: [FiredSchedule], rejected: [String], skipped: [SkippedOccurrences]) {
        try transaction { connection throws(PGError) in
            let rows = try connection.query("""
                SELECT body FROM qctl.schedules WHERE cluster = $1 AND due <= $2 ORDER BY name FOR UPDATE SKIP LOCKED
                """, [.text(cluster), .int64(now)])
            var fired: [FiredSchedule] = [], rejected: [String] = [], skipped: [SkippedOccurrences] = []
            var messages: [TaskMessage] = []
            for row in rows {
                guard case (var schedule, let verified)? = Schedule.decode(row.bytes(0), signer: signer),
                      !schedule.paused, !schedule.isDone, schedule.nextRunMilliseconds <= now else { continue }
                guard verified else {
                    // Never run an altered schedule; pause it so that it is not reported every cycle.
                    schedule.paused = true
                    rejected.append(schedule.name)
                    try put(connection, schedule, stored: row.bytes(0))
                    continue
                }
                if catchUp, let keptFrom = schedule.skipMissedBeyondCatchUpLimit(now: now, timeZone: timeZone) {
                    skipped.append(SkippedOccurrences(name: schedule.name, keptFromMilliseconds: keptFrom))
                }
                var message = schedule.template
                message.id = TaskID()
                message.enqueuedAtMilliseconds = now
                messages.append(message)
                schedule.lastRunMilliseconds = now
                schedule.lastTaskID = message.id
                schedule.advance(now: now, catchUp: catchUp, timeZone: timeZone)
                try put(connection, schedule, stored: row.bytes(0))
                fired.append(FiredSchedule(name: schedule.name, taskID: message.id, taskName: message.name))
            }
            var changes = CounterChanges()
            try putQueued(connection, messages, changes: &changes)
            try apply(changes, connection)
            return (fired, rejected, skipped)
        }
    }
}
