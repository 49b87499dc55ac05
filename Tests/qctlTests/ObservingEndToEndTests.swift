import Foundation
import Testing

@Suite("qctl stats, monitor and info against a running cluster")
struct ObservingEndToEndTests {
    @Test("stats shows busy workers with real pids and their tasks; counts add up")
    func statsInFlight() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  queue_limit: 2\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        let ids = try sandbox.enqueue(lines: (0..<5).map { _ in "{\"shell\":\"sleep 3\"}" })
        var stat: [String: Any] = [:]
        #expect(eventually(timeout: 20) {
            stat = (try? sandbox.stats().first) ?? [:]
            return (stat["workers"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "busy" }.count == 2
        })
        let workers = try #require(stat["workers"] as? [[String: Any]])
        for worker in workers {
            let pid = try #require(worker["pid"] as? Int)
            #expect(kill(Int32(pid), 0) == 0)
            #expect(ids.contains(try #require(worker["task"] as? String)))
            #expect(worker["task_running_for"] is Double)
        }
        for key in ["pid", "pusher_pid", "monitor_pid"] {
            #expect(kill(Int32(try #require(stat[key] as? Int)), 0) == 0)
        }
        #expect(stat["status"] as? String == "Working")
        #expect(stat["cluster"] as? String == "default")
        #expect(stat["queued"] as? Int == 3)
        #expect(stat["in_memory"] as? Int == 2)
        #expect(stat["id"] as? String != nil && (stat["name"] as? String)?.split(separator: "-").count == 4)
        let text = try sandbox.run(["stats"])
        #expect(text.stdout.contains("Working") && text.stdout.contains("busy"))
        let info = try sandbox.info()
        #expect((info["clusters"] as? [[String: Any]])?.count == 1)
        _ = cluster
    }

    @Test("a cluster whose sentinel was killed shows as Lost, not running")
    func lostCluster() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 10) { (try? sandbox.stats().first?["status"] as? String) == "Idle" })
        kill(try #require(cluster.sentinelPID), SIGKILL)
        #expect(eventually(timeout: 20) { (try? sandbox.stats().first?["status"] as? String) == "Lost" })
        #expect(try sandbox.run(["stats"]).stdout.contains("Lost"))
    }

    @Test("monitor prints one snapshot when not on a terminal")
    func monitorSnapshot() throws {
        let sandbox = try Sandbox()
        let cluster = try RunningCluster(sandbox, ["--workers", "1"])
        #expect(eventually(timeout: 10) { (try? sandbox.stats().count) == 1 })
        let run = try sandbox.run(["monitor"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("(default) on"))
        #expect(run.stdout.contains("clusters 1  workers 1"))
        _ = cluster
    }

    @Test("monitor on a pseudo-terminal draws full screen, and q restores the terminal")
    func monitorOnATerminal() throws {
        let sandbox = try Sandbox()
        let cluster = try RunningCluster(sandbox, ["--workers", "1"])
        let binary = try QctlBinary.path()
        let session = try TmuxSession(sandbox, command: "cd '\(sandbox.path)' && '\(binary)' monitor --interval 0.2; echo \"exit=$?\"; sleep 30")
        #expect(eventually(timeout: 15) { session.screen().contains("qctl monitor") })
        let screen = session.screen()
        #expect(screen.contains("(default) on"))
        #expect(screen.contains("idle"))
        try session.send("q")
        #expect(eventually(timeout: 10) { session.screen().contains("exit=0") })
        // Back on the normal screen: the monitor's frame is gone.
        #expect(!session.screen().contains("qctl monitor —"))
        _ = cluster
    }
}
