import FoundationEssentials
import Glibc

/// A task's output as `qctl output` shows it: what a running task printed so far (from its
/// ``OutputSpool`` files), a finished task's kept output, or, following, everything until it
/// ends. Each stream's bytes are handed over in the order printed, none twice.
public struct TaskOutputReader {
    public let broker: any Broker
    public let spool: OutputSpool
    /// How often a follower looks for more.
    public var pollMicroseconds: UInt32 = 100_000

    /// Reads from `broker` and from the output spool of `configuration` on this machine.
    public init(broker: any Broker, configuration: Configuration) {
        self.broker = broker
        spool = OutputSpool(brokerPath: configuration.brokerPath)
    }

    /// Hands `write` the output of the task `idOrName`; with `follow`, until the task is final.
    /// Returns the task's last status. Throws ``BrokerError/unknownTask(_:)`` for no such task.
    public func read(_ idOrName: String, follow: Bool, write: (OutputSpool.Stream, [UInt8]) -> Void) throws(BrokerError) -> TaskStatus {
        guard var status = try broker.status(of: idOrName) else { throw .unknownTask(idOrName) }
        var follower = TaskOutputFollower(spool: spool, status: status)
        defer { follower.close() }
        while true {
            if follower.advance(to: status, follow: follow, write: write) || !follow { return status }
            usleep(pollMicroseconds)
            guard let next = try broker.status(of: follower.task.hex) else { return status }
            status = next
        }
    }
}
