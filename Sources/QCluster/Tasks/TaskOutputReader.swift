import FoundationEssentials
import Glibc

/// A task's output as `qctl output` shows it: what a running task printed so far (from its
/// ``OutputSpool`` files), a finished task's kept output, or, following, everything until it
/// ends. Each stream's bytes are handed over in the order printed, none twice.
public struct TaskOutputReader {
    public let broker: LMDBBroker
    public let spool: OutputSpool
    /// How often a follower looks for more.
    public var pollMicroseconds: UInt32 = 100_000

    public init(broker: LMDBBroker) {
        self.broker = broker
        spool = OutputSpool(brokerPath: broker.path)
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

/// The open spool files of one attempt of a task, and how much of each was handed over.
private struct SpoolFiles {
    let spool: OutputSpool
    let task: TaskID
    private var descriptors: [OutputSpool.Stream: Int32] = [:]
    private var offsets: [OutputSpool.Stream: Int] = [:]

    init(spool: OutputSpool, task: TaskID) {
        self.spool = spool
        self.task = task
    }

    func offset(_ stream: OutputSpool.Stream) -> Int { offsets[stream] ?? 0 }

    /// Opens the files that exist by now and are not open yet.
    mutating func openMissing() {
        for stream in OutputSpool.Stream.allCases where descriptors[stream] == nil {
            let fd = open(spool.path(of: task, stream), O_RDONLY | O_CLOEXEC)
            if fd >= 0 { descriptors[stream] = fd }
        }
    }

    /// Hands over what the open files hold beyond what was handed over already.
    mutating func readAll(_ write: (OutputSpool.Stream, [UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        for (stream, fd) in descriptors {
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                write(stream, Array(buffer[0..<count]))
                offsets[stream, default: 0] += count
            }
        }
    }

    /// Closes the open files (called when the reader is done with them).
    func close() {
        for fd in descriptors.values { _ = Glibc.close(fd) }
    }
}
