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
        let id = status.message.id
        var files = SpoolFiles(spool: spool, task: id)
        defer { files.close() }
        var attempt = Self.attempt(of: status)
        while true {
            if case let .finished(result) = status, result.isFinal || !follow {
                files.readAll(write)
                // What the files did not hold (they were gone, or the task ran elsewhere).
                for (stream, kept) in [(OutputSpool.Stream.stdout, result.standardOutput), (.stderr, result.standardError)] {
                    let shown = files.offset(stream)
                    if shown < kept.count { write(stream, Array(kept[shown...])) }
                }
                return status
            }
            if case .leased = status {
                if Self.attempt(of: status) != attempt {
                    // A new attempt prints anew, into new files.
                    files.readAll(write)
                    files.close()
                    files = SpoolFiles(spool: spool, task: id)
                    attempt = Self.attempt(of: status)
                }
                files.openMissing()
                files.readAll(write)
            }
            guard follow else { return status }
            usleep(pollMicroseconds)
            guard let next = try broker.status(of: id.hex) else { return status }
            status = next
        }
    }

    private static func attempt(of status: TaskStatus) -> Int {
        switch status {
        case let .queued(task): return task.attempts
        case let .leased(lease, _): return lease.attempt
        case let .finished(result): return result.attempts
        }
    }
}
