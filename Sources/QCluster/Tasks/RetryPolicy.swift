/// When a failed task runs again, and when a task whose deliveries keep getting lost is given
/// up: a cluster's `retries`, `retry_backoff`, `retry_backoff_max` and `max_attempts`, with a
/// task's own retries over the cluster's.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries of a task that sets none (``ClusterSettings/unlimitedRetries``: no end).
    public var retries: Int
    /// Deliveries before a task is given up (0: never); raised to cover a task's retries.
    public var maxAttempts: Int
    public var backoffMilliseconds: Int64
    public var backoffMaxMilliseconds: Int64

    public init(retries: Int = 0, maxAttempts: Int = 3, backoffMilliseconds: Int64 = 10_000, backoffMaxMilliseconds: Int64 = 600_000) {
        self.retries = retries
        self.maxAttempts = maxAttempts
        self.backoffMilliseconds = backoffMilliseconds
        self.backoffMaxMilliseconds = backoffMaxMilliseconds
    }

    public init(_ settings: ClusterSettings) {
        self.init(retries: settings.retries, maxAttempts: settings.maxAttempts,
                  backoffMilliseconds: settings.retryBackoffMilliseconds, backoffMaxMilliseconds: settings.retryBackoffMaxMilliseconds)
    }

    /// The retries `message` gets.
    public func retries(of message: TaskMessage) -> Int { message.retries ?? retries }

    /// Whether a failed run on delivery `attempt` (counting from 1) is the task's last.
    public func isFinalFailure(attempt: Int, of message: TaskMessage) -> Bool {
        attempt > retries(of: message)
    }

    /// The deliveries after which a task whose runs report nothing (its worker or cluster
    /// died) is given up; 0 for never.
    public func deliveryLimit(of message: TaskMessage) -> Int {
        let retries = retries(of: message)
        guard maxAttempts > 0, retries != ClusterSettings.unlimitedRetries else { return 0 }
        return max(maxAttempts, retries + 1)
    }

    /// The wait after the failed delivery `attempt` before the next: the backoff, doubled for
    /// each earlier retry and capped, times a random factor between 0.75 and 1.25 (`random`
    /// spread over that range) so that tasks that failed together do not all retry together.
    public func backoff(afterAttempt attempt: Int, random: UInt64) -> Int64 {
        var wait = max(0, backoffMilliseconds)
        for _ in 1..<max(1, attempt) where wait < backoffMaxMilliseconds { wait *= 2 }
        wait = min(wait, max(0, backoffMaxMilliseconds))
        let factor = 0.75 + 0.5 * Double(random >> 11) / Double(1 << 53)
        return Int64((Double(wait) * factor).rounded())
    }
}
