import FoundationEssentials
import Glibc
import QCluster

/// Schedules for tables and JSON.
enum SchedulePresenter {
    /// `2026-11-23 03:00:00 (in 7h32m)` or `(5m ago)`.
    static func when(_ milliseconds: Int64, now: Int64) -> String {
        "\(TimestampText.local(milliseconds)) (\(TimestampText.relative(milliseconds, now: now)))"
    }

    /// What `qctl schedule add` says: `schedule 'NAME' added: daily, next run …`.
    static func added(_ schedule: Schedule, now: Int64) -> String {
        "schedule '\(schedule.name)' added: \(schedule.kind.description), next run \(when(schedule.nextRunMilliseconds, now: now))"
    }

    static func json(_ schedule: Schedule, lastStatus: TaskStatus?, verified: Bool = true) -> JSONValue {
        .object([
            ("name", .string(schedule.name)),
            ("type", .string(schedule.kind.description)),
            ("next_run", schedule.isDone ? .null : .string(TimestampText.iso(schedule.nextRunMilliseconds))),
            ("repeats", .int(schedule.repeats)),
            ("done", .bool(schedule.isDone)),
            ("paused", .bool(schedule.paused)),
            ("verified", .bool(verified)),
            ("cluster", .string(schedule.cluster)),
            ("command", .array(schedule.template.command.map { .string($0) })),
            ("shell", .bool(schedule.template.shell)),
            ("group", schedule.template.group.isEmpty ? .null : .string(schedule.template.group)),
            ("last_run", schedule.lastRunMilliseconds.map { .string(TimestampText.iso($0)) } ?? .null),
            ("last_task", schedule.lastTaskID.map { .string($0.hex) } ?? .null),
            ("last_result", lastStatus.map { .string(TaskPresenter.state($0)) } ?? .null),
        ])
    }
}
