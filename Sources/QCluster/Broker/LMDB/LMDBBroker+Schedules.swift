import FoundationEssentials
import Glibc

extension LMDBBroker {
    /// Adds a schedule; with `replace`, overwrites one of the same name.
    public func addSchedule(_ schedule: Schedule, replace: Bool) throws {
        let key = Array(schedule.name.utf8)
        let value = schedule.encoded(signer: signer)
        let exists = try write { txn throws(LMDBError) -> Bool in
            if try txn.get(db.schedules, key) != nil, !replace { return true }
            try txn.put(db.schedules, key, value)
            return false
        }
        if exists { throw ScheduleError.duplicate(schedule.name) }
    }

    /// Every schedule, by name; `verified` is false for one whose task was altered or signed with another key.
    public func schedules() throws(BrokerError) -> [(schedule: Schedule, verified: Bool)] {
        try read { txn throws(LMDBError) in
            var all: [(Schedule, Bool)] = []
            try txn.scan(db.schedules) { _, value in
                if let decoded = Schedule.decode(value, signer: signer) { all.append(decoded) }
                return true
            }
            return all
        }
    }

    public func schedule(named name: String) throws -> Schedule {
        let bytes = try read { txn throws(LMDBError) in try txn.get(db.schedules, Array(name.utf8)) }
        guard let bytes, let decoded = Schedule.decode(bytes, signer: signer) else { throw ScheduleError.unknown(name) }
        return decoded.schedule
    }

    public func removeSchedule(named name: String) throws {
        let removed = try write { txn throws(LMDBError) in try txn.delete(db.schedules, Array(name.utf8)) }
        if !removed { throw ScheduleError.unknown(name) }
    }

    /// Pauses or resumes a schedule.
    public func setSchedule(named name: String, paused: Bool) throws {
        try updateSchedule(named: name) { schedule in schedule.paused = paused }
    }

    /// Enqueues a schedule's task now, without moving its next run; returns the task.
    public func runSchedule(named name: String, now: Int64) throws -> TaskMessage {
        var fired: TaskMessage?
        try updateSchedule(named: name, verifiedOnly: true) { schedule in
            var message = schedule.template
            message.id = TaskID()
            message.enqueuedAtMilliseconds = now
            fired = message
            schedule.lastRunMilliseconds = now
            schedule.lastTaskID = message.id
        } enqueue: { fired.map { [$0] } ?? [] }
        guard let fired else { throw ScheduleError.unknown(name) }
        wakeupFolder.notify(cluster: fired.cluster)
        return fired
    }

    /// Changes a stored schedule, its signed template kept as stored; with `verifiedOnly`, one
    /// that does not verify is refused.
    private func updateSchedule(named name: String, verifiedOnly: Bool = false, _ change: (inout Schedule) -> Void,
                                enqueue: () -> [TaskMessage] = { [] }) throws {
        let key = Array(name.utf8)
        let outcome = try write { txn throws(LMDBError) -> ScheduleError? in
            guard let bytes = try txn.get(db.schedules, key), case (var schedule, let verified)? = Schedule.decode(bytes, signer: signer) else { return .unknown(name) }
            if verifiedOnly, !verified { return .unverified(name) }
            change(&schedule)
            try txn.put(db.schedules, key, schedule.encoded(keepingTemplateOf: bytes, signer: signer))
            try putQueued(txn, enqueue())
            return nil
        }
        if let outcome { throw outcome }
    }

    /// Fires every due schedule of `cluster` in one write transaction: enqueues its task, records
    /// it as the last run and advances the next run. Clusters sharing the broker serialize on the
    /// write lock, so an occurrence fires once however many clusters look at it.
    public func fireDueSchedules(cluster: String, now: Int64, catchUp: Bool, timeZone: ZoneRules) throws(BrokerError)
        -> (fired: [FiredSchedule], rejected: [String], skipped: [SkippedOccurrences]) {
        // A read first: an idle scheduler costs no write transaction.
        let anyDue = try read { txn throws(LMDBError) -> Bool in
            var due = false
            try txn.scan(db.schedules) { _, value in
                if let (schedule, _) = Schedule.decode(value, signer: signer), schedule.cluster == cluster, !schedule.paused,
                   !schedule.isDone, schedule.nextRunMilliseconds <= now {
                    due = true
                    return false
                }
                return true
            }
            return due
        }
        guard anyDue else { return ([], [], []) }
        let outcome = try write { txn throws(LMDBError) -> ([FiredSchedule], [String], [SkippedOccurrences]) in
            var due: [(key: [UInt8], schedule: Schedule, verified: Bool, stored: [UInt8])] = []
            try txn.scan(db.schedules) { key, value in
                if let (schedule, verified) = Schedule.decode(value, signer: signer), schedule.cluster == cluster, !schedule.paused,
                   !schedule.isDone, schedule.nextRunMilliseconds <= now {
                    due.append((key, schedule, verified, value))
                }
                return true
            }
            var fired: [FiredSchedule] = []
            var rejected: [String] = []
            var skipped: [SkippedOccurrences] = []
            var messages: [TaskMessage] = []
            for var entry in due {
                guard entry.verified else {
                    // Never run an altered schedule; pause it so that it is not reported every cycle.
                    entry.schedule.paused = true
                    rejected.append(entry.schedule.name)
                    try txn.put(db.schedules, entry.key, entry.schedule.encoded(keepingTemplateOf: entry.stored, signer: signer))
                    continue
                }
                if catchUp, let keptFrom = entry.schedule.skipMissedBeyondCatchUpLimit(now: now, timeZone: timeZone) {
                    skipped.append(SkippedOccurrences(name: entry.schedule.name, keptFromMilliseconds: keptFrom))
                }
                var message = entry.schedule.template
                message.id = TaskID()
                message.enqueuedAtMilliseconds = now
                messages.append(message)
                entry.schedule.lastRunMilliseconds = now
                entry.schedule.lastTaskID = message.id
                entry.schedule.advance(now: now, catchUp: catchUp, timeZone: timeZone)
                try txn.put(db.schedules, entry.key, entry.schedule.encoded(signer: signer))
                fired.append(FiredSchedule(name: entry.schedule.name, taskID: message.id, taskName: message.name))
            }
            try putQueued(txn, messages)
            return (fired, rejected, skipped)
        }
        if !outcome.0.isEmpty { wakeupFolder.notify(cluster: cluster) }
        return outcome
    }
}
