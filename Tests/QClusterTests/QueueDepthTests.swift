import Testing
@testable import QCluster

@Suite("the depth of a cluster's queue")
struct QueueDepthTests {
    let second: UInt64 = 1_000_000_000

    func settings(workers: Int, queueLimit: Int? = nil) -> ClusterSettings {
        var settings = ClusterSettings()
        settings.workers = workers
        if let queueLimit { settings.queueLimit = queueLimit }
        return settings
    }

    @Test("unset: workers² at first, enough for 50 ms of work at the pace of the last tenth of a second, at most 32 per worker")
    func followsThePace() {
        var depth = QueueDepth(settings: settings(workers: 2), now: 0)
        #expect(depth.limit == 4)
        depth.finished(20, now: second / 20)  // half a window, fewer than half the ceiling (32): not taken yet
        #expect(depth.limit == 4)
        depth.finished(20, now: second / 10)  // 400 a second: 20 tasks cover 50 ms, beyond the 2 running
        #expect(depth.limit == 22 && depth.leaseBatchSize == 5)
        depth.finished(32, now: second / 10 + second / 50)  // half the ceiling in 20 ms: taken at once
        #expect(depth.limit == 64)
        depth.finished(1_000, now: second / 5)  // far faster: capped at 32 per worker
        #expect(depth.limit == 64)
        depth.update(now: second)  // nothing finished for 0.8 s: long tasks, or none
        #expect(depth.limit == 4)
        depth.finished(30, now: 2 * second)  // 30 a second: 1.5 tasks of cover, below workers²
        #expect(depth.limit == 4)
    }

    @Test("a configured queue_limit never moves")
    func configuredIsFixed() {
        var depth = QueueDepth(settings: settings(workers: 2, queueLimit: 3), now: 0)
        depth.finished(10_000, now: second)
        #expect(depth.limit == 3 && depth.leaseBatchSize == 1)
    }
}
