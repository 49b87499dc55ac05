import Foundation
import Testing

/// kill -9 of any process of a cluster, `qctl start` included: no task is lost, a task runs
/// twice only when a kill cut it off, and no process is left once the clusters have stopped.
@Suite("kill -9 of every role")
struct KillEndToEndTests {
    /// The pid at the end of the newest log line that contains `needle` ("pushing tasks at").
    private static func newestPID(_ needle: String, in cluster: RunningCluster) -> Int32? {
        cluster.logLines.last { $0.contains(needle) }.flatMap { Int32($0.split(separator: " ").last ?? "") }
    }

    @Test("kill -9 of qctl start: the cluster says why it stops, shows as Stopping, finishes its task; a new one runs beside it")
    func killedStartStopsInOrder() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  timeout: 20\n  guard_cycle: 0.1\n")
        let old = try RunningCluster(sandbox)
        let running = try #require(try sandbox.enqueue(lines: [ClusterEndToEndTests.recording("runs.txt", then: "sleep 4")]).first)
        #expect(eventually(timeout: 20) { sandbox.lines(of: "runs.txt").count == 1 })
        let sentinel = try #require(old.sentinelPID)
        old.signal(SIGKILL)
        #expect(old.waitForExit(timeout: 10) != nil)
        #expect(eventually(timeout: 10) { old.log.contains("stopping: qctl start was killed; stopping in order") }, "\(old.log)")

        // A supervisor starts a new cluster at once: it runs beside the stopping one.
        let new = try RunningCluster(sandbox)
        let stats = try sandbox.stats()
        let stopping = stats.first { $0["pid"] as? Int == Int(sentinel) }
        #expect(stopping?["status"] as? String == "Stopping", "\(stats)")
        #expect(stats.contains { $0["status"] as? String == "Idle" || $0["status"] as? String == "Working" }, "\(stats)")
        let later = try sandbox.enqueue(lines: (0..<3).map { _ in ClusterEndToEndTests.recording("runs.txt") })
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 4 })
        let runs = sandbox.lines(of: "runs.txt")
        #expect(runs.filter { $0 == running }.count == 1, "the running task was run again: \(runs)")
        #expect(Set(runs) == Set(later + [running]))
        #expect(try sandbox.result(running)["attempts"] as? Int == 1)
        #expect(!new.log.contains(running.prefix(8)), "the new cluster took the old one's task")
        #expect(old.log.contains("has stopped."))
        #expect(eventually(timeout: 10) { (try? sandbox.stats().count) == 1 })

        new.signal(SIGTERM)
        #expect(new.waitForExit() == 0)
        #expect(eventually(timeout: 20) { RunningCluster.processes(in: sandbox).isEmpty }, "left: \(RunningCluster.processes(in: sandbox))")
    }

    @Test("kill -9 of worker, pusher, monitor, sentinel and qctl start, twice each, during a drain: no task lost, none left behind")
    func killLoopOverEveryRole() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", """
        cluster:
          workers: 2
          timeout: 2
          retry: 3
          queue_limit: 4
          guard_cycle: 0.1
        """)
        let total = 300
        let ids = try sandbox.enqueue(lines: (0..<total).map { _ in ClusterEndToEndTests.recording("runs.txt", then: "sleep 0.05") })
        var clusters = [try RunningCluster(sandbox)]
        let roles: [(name: String, needle: String?)] = [
            ("worker", "ready for work at"), ("pusher", "pushing tasks at"), ("monitor", "monitoring at"),
            ("sentinel", "guarding cluster at"), ("qctl start", nil),
        ]
        var kills = 0
        for round in 0..<2 {
            for role in roles {
                let current = try #require(clusters.last)
                // Some progress between two kills, so that every kill hits a cluster at work.
                let before = (try? sandbox.queue()["succeeded"]) ?? 0
                guard before < total - 20 else { break }
                #expect(eventually(timeout: 30) { ((try? sandbox.queue()["succeeded"]) ?? 0) > before + 5 }, "round \(round), \(role.name)")
                if let needle = role.needle {
                    let pid = try #require(Self.newestPID(needle, in: current), "no \(role.name) in \(current.log)")
                    kill(pid, SIGKILL)
                } else {
                    current.signal(SIGKILL)
                }
                kills += 1
                if role.name == "sentinel" || role.name == "qctl start" {
                    #expect(current.waitForExit(timeout: 30) != nil)
                    clusters.append(try RunningCluster(sandbox))
                }
            }
        }
        #expect(eventually(timeout: 120) { (try? sandbox.queue()["succeeded"]) == total }, "\(String(describing: try? sandbox.queue()))")
        let queue = try sandbox.queue()
        #expect(queue["queued"] == 0 && queue["leased"] == 0 && queue["failed"] == 0, "\(queue)")
        let runs = sandbox.lines(of: "runs.txt")
        #expect(Set(runs) == Set(ids), "lost: \(Set(ids).subtracting(runs).count)")
        // At least once: only a task that a kill cut off (or whose result a killed monitor held)
        // runs again, so each kill accounts for at most queue_limit repeats.
        let duplicates = runs.count - Set(runs).count
        #expect(duplicates <= kills * 4, "\(duplicates) duplicates after \(kills) kills")

        for cluster in clusters where cluster.process.process.isRunning { cluster.signal(SIGTERM) }
        for cluster in clusters { _ = cluster.waitForExit(timeout: 60) }
        #expect(eventually(timeout: 30) { RunningCluster.processes(in: sandbox).isEmpty }, "left: \(RunningCluster.processes(in: sandbox))")
        // A killed sentinel could not remove its Stat: it shows as Lost (for a while); nothing else is left.
        let left = try sandbox.stats()
        #expect(left.allSatisfy { $0["status"] as? String == "Lost" } && left.count <= 2, "\(left)")
        #expect(kills == 10)
    }
}
