import FoundationEssentials
import Glibc
import QCluster

/// Turns tasks into table rows and into the stable JSON documented in the README.
enum TaskPresenter {
    /// The state word shown for a task.
    static func state(_ status: TaskStatus) -> String { status.stateWord }

    static func json(_ status: TaskStatus, includeOutput: Bool = true) -> JSONValue {
        let message = status.message
        var members: [(String, JSONValue)] = [
            ("id", .string(message.id.hex)),
            ("name", .string(message.name)),
            ("cluster", .string(message.cluster)),
            ("group", message.group.isEmpty ? .null : .string(message.group)),
            ("state", .string(state(status))),
            ("command", .array(message.command.map { .string($0) })),
            ("shell", .bool(message.shell)),
            ("cwd", .string(message.workingDirectory)),
            ("timeout", message.timeoutMilliseconds > 0 ? .double(Double(message.timeoutMilliseconds) / 1000) : .null),
            ("retries", message.retries.map { .int($0) } ?? .null),
            ("rerun_of", message.rerunOf.map { .string($0.hex) } ?? .null),
            ("after", .array(message.after.map { .string($0.hex) })),
            ("enqueued_at", timestamp(message.enqueuedAtMilliseconds)),
        ]
        var result: TaskResult?
        switch status {
        case let .queued(task):
            members.append(("attempts", .int(task.attempts)))
            members.append(("waiting_for", .array(task.waitingFor.map { .string($0.hex) })))
        case let .leased(lease, lastFailure):
            members.append(("attempts", .int(lease.attempt)))
            members.append(("lease_deadline", timestamp(lease.deadlineMilliseconds)))
            result = lastFailure
        case let .finished(finished):
            members.append(("attempts", .int(finished.attempts)))
            result = finished
        }
        if let result {
            members += [
                ("success", .bool(result.success)),
                ("started_at", timestamp(result.startedAtMilliseconds)),
                ("stopped_at", timestamp(result.stoppedAtMilliseconds)),
                ("duration", .double(Double(result.stoppedAtMilliseconds - result.startedAtMilliseconds) / 1000)),
                ("exit_code", result.exitCode.map { .int(Int($0)) } ?? .null),
                ("signal", result.signal.map { .int(Int($0)) } ?? .null),
                ("reason", result.reason.isEmpty ? .null : .string(result.reason)),
                ("retry_at", result.retryAtMilliseconds > 0 && !result.isFinal ? timestamp(result.retryAtMilliseconds) : .null),
                ("rerun_as", result.rerunAs.map { .string($0.hex) } ?? .null),
                // What the task printed, and whether more was printed than kept (the first 64 KiB).
                ("stdout_bytes", .int(result.standardOutputBytes)),
                ("stderr_bytes", .int(result.standardErrorBytes)),
                ("stdout_truncated", .bool(result.standardOutputWasCut)),
                ("stderr_truncated", .bool(result.standardErrorWasCut)),
            ]
            if includeOutput {
                members.append(("stdout", .string(String(decoding: result.standardOutput, as: UTF8.self))))
                members.append(("stderr", .string(String(decoding: result.standardError, as: UTF8.self))))
            }
        } else {
            members.append(("success", .null))
        }
        return .object(members)
    }

    static func tableRow(_ status: TaskStatus) -> [String] {
        let message = status.message
        var when = message.enqueuedAtMilliseconds
        var duration = ""
        var attempts = 0
        switch status {
        case let .queued(task):
            attempts = task.attempts
        case let .leased(lease, _):
            attempts = lease.attempt
            when = lease.leasedAtMilliseconds
        case let .finished(result):
            attempts = result.attempts
            when = result.stoppedAtMilliseconds
            duration = DurationParser.format(milliseconds: max(0, result.stoppedAtMilliseconds - result.startedAtMilliseconds))
        }
        return [String(message.id.hex.prefix(8)), message.name, message.cluster, state(status), String(attempts),
                TimestampText.local(when), duration, message.displayCommand]
    }

    static let tableHeaders = ["ID", "NAME", "CLUSTER", "STATE", "ATTEMPTS", "WHEN", "TOOK", "COMMAND"]

    static func timestamp(_ milliseconds: Int64) -> JSONValue {
        milliseconds > 0 ? .string(TimestampText.iso(milliseconds)) : .null
    }

}
