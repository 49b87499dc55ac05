/// Where a task is now.
public enum TaskStatus: Sendable, Equatable {
    case queued(QueuedTask)
    case leased(LeaseInfo, lastFailure: TaskResult?)
    case finished(TaskResult)

    public var message: TaskMessage {
        switch self {
        case let .queued(task): return task.message
        case let .leased(lease, _): return lease.message
        case let .finished(result): return result.message
        }
    }

    /// Whether it is leased and not waiting for a retry: running, or about to.
    public var isRunning: Bool {
        if case .leased = self { return !isWaitingForRetry }
        return false
    }

    /// Whether it waits for the retry of its failed attempt (leased, not running).
    public var isWaitingForRetry: Bool {
        guard case let .leased(lease, failure?) = self else { return false }
        return !failure.isFinal && failure.attempts == lease.attempt
    }

    /// The one word every view shows for where it is: queued, waiting, leased, retrying,
    /// success, failed, cancelled or killed.
    public var stateWord: String {
        switch self {
        case let .queued(task): return task.waitingFor.isEmpty ? "queued" : "waiting"
        case let .leased(_, lastFailure): return lastFailure == nil ? "leased" : "retrying"
        case let .finished(result):
            if let interruption = result.interruption { return interruption.word }
            return result.success ? "success" : (result.isFinal ? "failed" : "retrying")
        }
    }

    /// The failure of the last attempt when another one follows.
    public var pendingFailure: TaskResult? {
        switch self {
        case .queued: return nil
        case let .leased(_, failure): return failure.flatMap { $0.isFinal ? nil : $0 }
        case let .finished(result): return result.isFinal ? nil : result
        }
    }
}
