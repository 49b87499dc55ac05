import Testing
@testable import QCluster

@Suite("the overview of running clusters")
struct ClusterOverviewTests {
    @Test("reads one cluster's stats with its queue, pause and worker totals; a stale heartbeat reads Lost")
    func readsClustersAndQueues() throws {
        let store = try TemporaryBroker()
        try store.broker.enqueue([TaskMessage(cluster: "long", command: ["true"]), TaskMessage(cluster: "long", command: ["true"]),
                                  TaskMessage(cluster: "default", command: ["true"])])
        _ = try store.broker.setQueuePaused(cluster: "long", true)
        var busy = ClusterStat.Worker(pid: 10, processID: TaskID(), taskID: TaskID(), taskName: "job", taskStartedAtMilliseconds: 0,
                                      tasksDone: 1, rssKiB: 100)
        busy.taskStartedAtMilliseconds = Clock.nowMilliseconds() - 2_500
        let idle = ClusterStat.Worker(pid: 11, processID: TaskID(), taskID: nil, taskName: "", taskStartedAtMilliseconds: 0, tasksDone: 0, rssKiB: 90)
        var long = ClusterStat(clusterID: TaskID(), cluster: "long", host: "here", sentinelPID: 1, guardCycleMilliseconds: 500)
        long.workers = [busy, idle]
        var lost = ClusterStat(clusterID: TaskID(), cluster: "default", host: "there", sentinelPID: 2, guardCycleMilliseconds: 500)
        lost.heartbeatMilliseconds -= 60_000
        try store.broker.saveStat(long)
        try store.broker.saveStat(lost)

        let everything = try ClusterOverview.read(from: store.broker)
        #expect(everything.clusters.count == 2)
        #expect(everything.live.map(\.cluster) == ["long"])
        #expect(everything.status(of: lost) == "Lost")
        #expect(everything.liveWorkers == 2 && everything.busyWorkers == 1)

        let overview = try ClusterOverview.read(from: store.broker, cluster: "long")
        #expect(overview.clusters.map(\.cluster) == ["long"])
        #expect(overview.status(of: long) == long.status.word)
        #expect(overview.queued("long") == 2 && overview.queued("default") == 1 && overview.queued("none") == 0)
        #expect(overview.isPaused("long") && !overview.isPaused("default"))
        #expect(overview.runningMilliseconds(of: busy) == 2_000 || overview.runningMilliseconds(of: busy) == 3_000)
        #expect(overview.runningMilliseconds(of: idle) == 0)
    }
}
