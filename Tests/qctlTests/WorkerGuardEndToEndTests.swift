import Foundation
import Testing

/// What the sentinel and workers do around tasks: hooks, memory and CPU limits, stuck workers.
@Suite("workers under guard, end to end")
struct WorkerGuardEndToEndTests {
    @Test("a hook runs after the result is recorded, with the task's outcome in its environment")
    func hooks() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  ack_failures: true\n")
        let cluster = try RunningCluster(sandbox)
        let hook = "echo \"$QCTL_TASK_NAME $QCTL_SUCCESS $QCTL_EXIT_CODE\" >> hooks.txt"
        #expect(try sandbox.run(["enqueue", "--name", "good", "--hook", hook, "--", "true"]).status == 0)
        #expect(try sandbox.run(["enqueue", "--name", "bad", "--hook", hook, "--", "sh", "-c", "exit 5"]).status == 0)
        #expect(eventually(timeout: 20) { sandbox.lines(of: "hooks.txt").count == 2 })
        #expect(Set(sandbox.lines(of: "hooks.txt")) == ["good 1 0", "bad 0 5"])
        _ = cluster
    }

    @Test("max_rss: a worker above the limit is replaced after its task")
    func maxRSS() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  max_rss: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        _ = try sandbox.enqueue(lines: ["{\"command\":[\"true\"]}", "{\"command\":[\"true\"]}"])
        #expect(eventually(timeout: 20) { (try? sandbox.queue()["succeeded"]) == 2 })
        #expect(eventually(timeout: 10) { cluster.logLines.filter { $0.contains("recycled above max_rss") }.count == 2 })
        #expect(eventually(timeout: 10) { cluster.logLines.filter { $0.contains("ready for work at") }.count == 3 })
    }

    @Test("cpu_affinity pins each worker and says so")
    func cpuAffinity() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  cpu_affinity: 1\n")
        let cluster = try RunningCluster(sandbox)
        #expect(cluster.logLines.filter { $0.contains("pinned to CPU") }.count == 2)
        let workers = try #require(try sandbox.stats().first?["workers"] as? [[String: Any]])
        for worker in workers {
            let pid = try #require(worker["pid"] as? Int)
            let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
            let allowed = status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }
            let list = allowed?.split(separator: "\t").last.map(String.init) ?? ""
            #expect(Int(list) != nil, "worker \(pid) may run on \(list)")
        }
    }

    @Test("a worker that stops answering past its task's timeout is killed and replaced")
    func stuckWorker() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  timeout: 1\n  retry: 60\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        _ = try sandbox.enqueue(lines: ["{\"shell\":\"echo started >> started.txt; sleep 100\"}"])
        #expect(eventually(timeout: 20) { !sandbox.lines(of: "started.txt").isEmpty })
        var pid = 0
        #expect(eventually(timeout: 10) {
            pid = ((try? sandbox.stats().first?["workers"] as? [[String: Any]])??.first { $0["state"] as? String == "busy" }?["pid"] as? Int) ?? 0
            return pid > 0
        })
        // A stopped worker cannot enforce its task's timeout: the sentinel must.
        kill(Int32(pid), SIGSTOP)
        #expect(eventually(timeout: 40) { cluster.log.contains("is stuck in") })
        #expect(eventually(timeout: 20) {
            let workers = ((try? sandbox.stats().first?["workers"] as? [[String: Any]]) ?? []).compactMap { $0["pid"] as? Int }
            return workers.count == 1 && workers[0] != pid
        })
        #expect(eventually(timeout: 10) { !RunningCluster.processes(in: sandbox).contains { pid in
            ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").hasPrefix("sleep")
        } })
    }

    @Test("a killed monitor is reincarnated and the cluster keeps draining (lost results run again)")
    func killedMonitor() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  queue_limit: 2\n  timeout: 2\n  retry: 3\n  guard_cycle: 0.1\n")
        let ids = try sandbox.enqueue(lines: Array(repeating: "{\"shell\":\"sleep 0.2\"}", count: 16))
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) ?? 0 >= 2 })
        let monitor = try #require(try sandbox.stats().first?["monitor_pid"] as? Int)
        kill(Int32(monitor), SIGKILL)
        #expect(eventually(timeout: 20) { cluster.log.contains("reincarnated monitor") })
        #expect(eventually(timeout: 60) {
            ids.allSatisfy { (try? sandbox.result($0))?["state"] as? String == "success" }
        })
        let queue = try sandbox.queue()
        #expect(queue["queued"] == 0 && queue["leased"] == 0)
    }
}
