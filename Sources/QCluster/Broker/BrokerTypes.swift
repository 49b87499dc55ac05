/// A task taken from the queue for one delivery.
public struct LeasedTask: Sendable, Equatable {
    public var message: TaskMessage { didSet { messageEncoding = MessageEncoding() } }
    /// Which delivery this is, counting from 1.
    public var attempt: Int
    /// When the lease runs out (milliseconds since 1970) and the task becomes deliverable again.
    public var deadlineMilliseconds: Int64
    /// The verified bytes `message` was decoded from, when known.
    var messageEncoding: MessageEncoding

    init(message: TaskMessage, attempt: Int, deadlineMilliseconds: Int64, messageEncoding: MessageEncoding = MessageEncoding()) {
        self.message = message
        self.attempt = attempt
        self.deadlineMilliseconds = deadlineMilliseconds
        self.messageEncoding = messageEncoding
    }
}

/// What one lease call took.
public struct LeaseBatch: Sendable {
    /// Tasks to run.
    public var tasks: [LeasedTask]
    /// Tasks that must never run (a bad signature) or cannot be delivered (too large):
    /// recorded as failed, final, in the lease's own transaction.
    public var rejected: [RejectedTask]
}

/// A task a lease took off the queue and recorded as failed instead of handing it out.
public struct RejectedTask: Sendable, Equatable {
    public var id: TaskID
    /// Why, as recorded in its result.
    public var reason: String
}

/// What a sweep of expired leases did.
public struct RequeueReport: Sendable, Equatable {
    public var requeued: Int
    public var gaveUp: Int
}

/// A task waiting in a queue.
public struct QueuedTask: Sendable, Equatable {
    public var message: TaskMessage
    /// Deliveries it already had (more than 0 after a lease expired).
    public var attempts: Int
    /// Tasks it still waits for (`--after`): it is queued once they all succeeded.
    public var waitingFor: [TaskID]

    public init(message: TaskMessage, attempts: Int, waitingFor: [TaskID] = []) {
        self.message = message
        self.attempts = attempts
        self.waitingFor = waitingFor
    }
}

/// A task that is leased: handed to a cluster, not yet acknowledged.
public struct LeaseInfo: Sendable, Equatable {
    public var message: TaskMessage
    public var attempt: Int
    public var deadlineMilliseconds: Int64
    public var leasedAtMilliseconds: Int64
}

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

    /// The failure of the last attempt when another one follows.
    public var pendingFailure: TaskResult? {
        switch self {
        case .queued: return nil
        case let .leased(_, failure): return failure.flatMap { $0.isFinal ? nil : $0 }
        case let .finished(result): return result.isFinal ? nil : result
        }
    }
}

/// Which results to list.
public struct ResultFilter: Sendable {
    public var success: Bool?
    public var cluster: String?
    public var group: String?
    public var limit: Int

    public init(success: Bool? = nil, cluster: String? = nil, group: String? = nil, limit: Int = Int.max) {
        self.success = success
        self.cluster = cluster
        self.group = group
        self.limit = limit
    }
}

/// Counts for one queue.
public struct QueueCounts: Sendable, Equatable {
    public var cluster: String
    public var queued: Int
    public var leased: Int
    public var succeeded: Int
    public var failed: Int
    /// Tasks that wait for others before they are queued (`--after`).
    public var waiting: Int = 0
}

/// The broker as a whole, read from counters in O(1) (never by scanning tasks).
public struct BrokerStatistics: Sendable, Equatable {
    public var queues: [QueueCounts]
    /// Results kept now.
    public var savedSuccesses: Int
    public var savedFailures: Int
    /// Tasks ever enqueued.
    public var enqueuedTotal: Int
    /// Write transactions ever committed through the broker.
    public var writeTransactions: Int
    public var schedules: Int
    /// Clusters whose queues are paused (`qctl pause`).
    public var pausedQueues: [String] = []
    public var fileBytes: Int
    public var mapBytes: Int
    public var usedBytes: Int

    public var queued: Int { queues.reduce(0) { $0 + $1.queued } }
    public var leased: Int { queues.reduce(0) { $0 + $1.leased } }
}
