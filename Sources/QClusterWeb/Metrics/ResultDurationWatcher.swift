import QCluster

/// Finds the results it has not seen before among the newest ones, for the duration histogram:
/// the broker keeps no history of durations, and prunes results past `save_limit`, so the web
/// process looks often and remembers what it counted. Only results that finished after the
/// watcher started count, so that nothing that ran before `qctl web` is counted, and results
/// that move into view when newer ones are deleted are not counted again.
struct ResultDurationWatcher: Sendable {
    /// A run of a task: each attempt of a retried task has a result of its own.
    private struct Run: Hashable {
        var id: TaskID
        var attempt: Int
    }

    /// One finished run to record.
    struct Finished: Sendable, Equatable {
        var cluster: String
        var milliseconds: Int64
    }

    /// Results that stopped before this (Unix milliseconds) are not counted.
    let since: Int64
    /// The runs counted, with when they stopped (to forget them once they are out of view).
    private var counted: [Run: Int64] = [:]
    /// How many of the newest results a look reads first.
    static let firstLook = 64
    /// The most a look reads when every result it read was new.
    static let widestLook = 4096

    init(since: Int64) { self.since = since }

    /// The runs `fetch` (the newest `limit` results, newest first) shows that were not counted
    /// yet: it reads more while everything it read is new (many finished since the last look).
    mutating func look(fetch: (_ limit: Int) throws -> [TaskResult]) rethrows -> [Finished] {
        var limit = Self.firstLook
        var results = try fetch(limit)
        while results.count == limit, limit < Self.widestLook, results.allSatisfy({ isNew($0) }) {
            limit = min(limit * 4, Self.widestLook)
            results = try fetch(limit)
        }
        var finished: [Finished] = []
        for result in results where isNew(result) {
            counted[Run(id: result.id, attempt: result.attempts)] = result.stoppedAtMilliseconds
            // A task cancelled before it ran has no run time.
            guard result.startedAtMilliseconds > 0, result.interruption != .cancelled else { continue }
            finished.append(Finished(cluster: result.message.cluster,
                                     milliseconds: max(0, result.stoppedAtMilliseconds - result.startedAtMilliseconds)))
        }
        // What stopped before the oldest result in view cannot come back into view but by deletions.
        if let oldest = results.map(\.stoppedAtMilliseconds).min() {
            counted = counted.filter { $0.value >= oldest }
        }
        return finished
    }

    private func isNew(_ result: TaskResult) -> Bool {
        result.stoppedAtMilliseconds >= since && counted[Run(id: result.id, attempt: result.attempts)] == nil
    }
}
