import QCluster

/// When a task was enqueued, started and finished, and how long it took (or has run so far),
/// as its record says.
struct TaskTimes: Sendable, Equatable {
    var enqueued: Int64
    /// When its current or last attempt started: for a leased task, when its cluster took it.
    var started: Int64?
    var finished: Int64?
    /// Milliseconds: finished minus started, or, while it runs, now minus started.
    var duration: Int64?

    init(_ status: TaskStatus, now: Int64) {
        enqueued = status.message.enqueuedAtMilliseconds
        switch status {
        case .queued:
            break
        case let .leased(lease, _):
            started = lease.leasedAtMilliseconds
            // Whole seconds: the page is read, not timed.
            duration = status.isRunning ? max(0, now - lease.leasedAtMilliseconds) / 1000 * 1000 : nil
        case let .finished(result):
            started = result.startedAtMilliseconds
            finished = result.stoppedAtMilliseconds
            duration = max(0, result.stoppedAtMilliseconds - result.startedAtMilliseconds)
        }
    }

    /// A time as the tables show it (local), with its ISO form in `datetime` for scripts.
    static func html(_ milliseconds: Int64?) -> HTML {
        guard let milliseconds, milliseconds > 0 else { return "-" }
        return "<time datetime=\"\(TimestampText.iso(milliseconds))\">\(TimestampText.local(milliseconds))</time>"
    }

    /// A duration as `qctl tasks` shows it (`1.5s`, `2m3s`), or `-`.
    static func text(_ milliseconds: Int64?) -> String {
        milliseconds.map { DurationParser.format(milliseconds: $0) } ?? "-"
    }
}
