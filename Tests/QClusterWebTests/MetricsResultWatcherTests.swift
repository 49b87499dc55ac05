import QCluster
import Testing
@testable import QClusterWeb

/// Which results the duration histogram counts: each run once, none from before the web started.
struct MetricsResultWatcherTests {
    static func result(stopped: Int64, ran milliseconds: Int64 = 1000, attempt: Int = 1, id: TaskID = TaskID(),
                       cluster: String = "default") -> TaskResult {
        var result = TaskResult(message: TaskMessage(id: id, cluster: cluster, command: ["true"]), startedAtMilliseconds: stopped - milliseconds,
                                stoppedAtMilliseconds: stopped, exitCode: 0, success: true)
        result.attempts = attempt
        return result
    }

    @Test func countsEachRunOnceAndNothingFromBefore() {
        var watcher = ResultDurationWatcher(since: 10_000)
        let old = Self.result(stopped: 9_000)
        let first = Self.result(stopped: 11_000, ran: 500)
        var newest: [TaskResult] = [first, old]
        #expect(watcher.look { _ in newest } == [.init(cluster: "default", milliseconds: 500)])
        #expect(watcher.look { _ in newest }.isEmpty)
        let retried = Self.result(stopped: 12_000, ran: 250, attempt: 2, id: first.id, cluster: "long")
        newest.insert(retried, at: 0)
        #expect(watcher.look { _ in newest } == [.init(cluster: "long", milliseconds: 250)])
    }

    @Test func cancelledTasksHaveNoRunTime() {
        var watcher = ResultDurationWatcher(since: 0)
        var cancelled = Self.result(stopped: 5_000)
        cancelled.interruption = .cancelled
        var killed = Self.result(stopped: 6_000, ran: 3_000)
        killed.interruption = .killed
        #expect(watcher.look { _ in [killed, cancelled] } == [.init(cluster: "default", milliseconds: 3_000)])
    }

    @Test func readsFurtherWhileEverythingIsNew() {
        var watcher = ResultDurationWatcher(since: 0)
        let many = (0..<300).map { Self.result(stopped: Int64(100_000 - $0)) }
        var limits: [Int] = []
        let found = watcher.look { limit in
            limits.append(limit)
            return Array(many.prefix(limit))
        }
        #expect(limits == [64, 256, 1024])
        #expect(found.count == 300)
        limits = []
        #expect(watcher.look { limit in
            limits.append(limit)
            return Array(many.prefix(limit))
        }.isEmpty)
        #expect(limits == [64])
    }
}
