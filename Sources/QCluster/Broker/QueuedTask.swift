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
