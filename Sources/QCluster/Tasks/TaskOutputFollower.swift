/// Hands over a task's output piece by piece as its status moves on: what each attempt prints
/// into its ``OutputSpool`` files while it runs, then what the final result kept beyond that.
/// ``TaskOutputReader`` drives it for `qctl output`; the dashboard's live output drives it
/// once per look, with the status it read itself. Each stream's bytes come in the order
/// printed, none twice.
public struct TaskOutputFollower: Sendable {
    public let task: TaskID
    /// The attempt whose output is being handed over.
    public private(set) var attempt: Int
    private var files: SpoolFiles

    /// Follows the task of `status`, whose output nothing was handed over of yet.
    public init(spool: OutputSpool, status: TaskStatus) {
        task = status.message.id
        attempt = status.attempts
        files = SpoolFiles(spool: spool, task: task)
    }

    /// Hands `write` what is new by `status`, the task's latest. Returns true once everything
    /// was handed over: the task is final, or finished and `follow` is false.
    public mutating func advance(to status: TaskStatus, follow: Bool, write: (OutputSpool.Stream, [UInt8]) -> Void) -> Bool {
        if case let .finished(result) = status, result.isFinal || !follow {
            files.readAll(write)
            // What the files did not hold (they were gone, or the task ran elsewhere).
            for (stream, kept) in [(OutputSpool.Stream.stdout, result.standardOutput), (.stderr, result.standardError)] {
                let shown = files.offset(stream)
                if shown < kept.count { write(stream, Array(kept[shown...])) }
            }
            return true
        }
        if case .leased = status {
            if status.attempts != attempt {
                // A new attempt prints anew, into new files.
                files.readAll(write)
                files.close()
                files = SpoolFiles(spool: files.spool, task: task)
                attempt = status.attempts
            }
            files.openMissing()
            files.readAll(write)
        }
        return false
    }

    /// Closes the files it holds open; call once done with it.
    public func close() { files.close() }
}
