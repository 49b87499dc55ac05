import FoundationEssentials
import Glibc

/// Waits for a task to finish by polling the broker with a growing interval.
public struct ResultWaiter: Sendable {
    public let broker: any Broker

    public init(broker: any Broker) {
        self.broker = broker
    }

    /// The task's final result, or its latest status when `timeoutMilliseconds` runs out first
    /// (nil timeout: wait forever). Throws ``BrokerError/unknownTask(_:)`` for a task that does not exist.
    /// `onFailedAttempt` gets each failure seen meanwhile that is not final (a retry follows).
    public func wait(for idOrName: String, timeoutMilliseconds: Int64?,
                     onFailedAttempt: (TaskResult) -> Void = { _ in }) throws(BrokerError) -> TaskStatus {
        let start = Clock.monotonicNanoseconds()
        var interval: UInt32 = 2_000  // microseconds; doubles up to 200 ms
        var key = idOrName
        var reportedAttempt = 0
        while true {
            guard let status = try broker.status(of: key) else { throw .unknownTask(idOrName) }
            // Later looks go by the full id: a short id or a humanized name is found task by task.
            key = status.message.id.hex
            if case let .finished(result) = status, result.isFinal { return status }
            if let failure = status.pendingFailure, failure.attempts > reportedAttempt {
                reportedAttempt = failure.attempts
                onFailedAttempt(failure)
            }
            let elapsed = Int64((Clock.monotonicNanoseconds() - start) / 1_000_000)
            if let timeoutMilliseconds, elapsed >= timeoutMilliseconds { return status }
            usleep(interval)
            interval = min(interval * 2, 200_000)
        }
    }
}
