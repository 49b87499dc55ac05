/// Schedules: stored signed like tasks, fired by whichever cluster looks first, each
/// occurrence exactly once however many clusters (on however many machines) look at it.
/// Errors about a schedule a person named are ``ScheduleError``s.
public protocol BrokerSchedules: Sendable {
    /// Adds a schedule; with `replace`, overwrites one of the same name.
    func addSchedule(_ schedule: Schedule, replace: Bool) throws

    /// Every schedule, by name; `verified` is false for one whose task was altered or signed with another key.
    func schedules() throws(BrokerError) -> [(schedule: Schedule, verified: Bool)]

    /// The schedule of this name.
    func schedule(named name: String) throws -> Schedule

    /// Removes the schedule of this name.
    func removeSchedule(named name: String) throws

    /// Pauses or resumes a schedule.
    func setSchedule(named name: String, paused: Bool) throws

    /// Enqueues a schedule's task now, without moving its next run; returns the task.
    func runSchedule(named name: String, now: Int64) throws -> TaskMessage

    /// Fires every due schedule of `cluster` atomically: enqueues its task, records it as the
    /// last run and advances the next run (in `timeZone`). With `catchUp`, missed occurrences
    /// fire too, those beyond ``Schedule/catchUpLimit`` skipped and reported. A schedule whose
    /// signature fails is paused instead of fired and returned by name as rejected.
    func fireDueSchedules(cluster: String, now: Int64, catchUp: Bool, timeZone: ZoneRules) throws(BrokerError)
        -> (fired: [FiredSchedule], rejected: [String], skipped: [SkippedOccurrences])
}

extension BrokerSchedules {
    /// ``runSchedule(named:now:)`` at this moment.
    public func runSchedule(named name: String) throws -> TaskMessage {
        try runSchedule(named: name, now: Clock.nowMilliseconds())
    }
}
