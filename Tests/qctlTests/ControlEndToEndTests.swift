import Foundation
import Testing

/// Steering single tasks and queues through the CLI: cancel, kill, rerun, pause and resume.
@Suite("steering tasks: cancel, kill, rerun, pause")
struct ControlEndToEndTests {
    private func state(_ sandbox: Sandbox, _ id: String) throws -> String? {
        try sandbox.result(id)["state"] as? String
    }

    /// Asserts one line on stderr, the status, and the words.
    private func expectRefusal(_ run: QctlRun, status: Int32 = 65, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == status, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(words), "\(run.stderr)", sourceLocation: sourceLocation)
    }

    @Test("cancel by name, id prefix, group and cluster: recorded as cancelled; a bad selection changes nothing")
    func cancel() throws {
        let sandbox = try Sandbox()
        let ids = try sandbox.enqueue(lines: [
            "{\"command\":[\"true\"],\"name\":\"first\"}",
            "{\"command\":[\"true\"],\"group\":\"g\"}",
            "{\"command\":[\"true\"],\"group\":\"g\"}",
            "{\"command\":[\"true\"],\"cluster\":\"long\"}",
            "{\"command\":[\"true\"]}",
        ])
        // All or none: one unknown task among known ones cancels nothing.
        expectRefusal(try sandbox.run(["cancel", "first", "nosuch"]), "no task 'nosuch'")
        #expect(try sandbox.queue()["queued"] == 4)
        let named = try sandbox.run(["cancel", "first", String(ids[4].prefix(8))])
        let lastName = try #require(try sandbox.result(ids[4])["name"] as? String)
        #expect(named.status == 0 && named.lines == ["\(ids[0]) first cancelled", "\(ids[4]) \(lastName) cancelled"], "\(named.stdout)\(named.stderr)")
        let group = try sandbox.run(["cancel", "--group", "g", "--json"])
        let cancelled = try #require(JSONSerialization.jsonObject(with: Data(group.stdout.utf8)) as? [[String: Any]])
        #expect(Set(cancelled.compactMap { $0["id"] as? String }) == Set(ids[1...2]))
        let longName = try #require(try sandbox.result(ids[3])["name"] as? String)
        #expect(try sandbox.run(["cancel", "--cluster", "long"]).lines == ["\(ids[3]) \(longName) cancelled"])
        for id in ids { #expect(try state(sandbox, id) == "cancelled") }
        let queue = try sandbox.queue()
        #expect(queue["queued"] == 0 && queue["failed"] == 4)
        expectRefusal(try sandbox.run(["cancel", "first"]), "task first is cancelled: only a queued task")
        expectRefusal(try sandbox.run(["cancel"]), status: 64, "give the tasks to cancel")
        let tasks = try sandbox.run(["tasks"])
        #expect(tasks.stdout.contains("cancelled"))
    }

    @Test("kill: the running task's whole group dies, it is recorded killed and not retried; a queued one is refused")
    func kill() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  retries: 3\n  retry_backoff: 100ms\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        let id = try #require(try sandbox.enqueue(lines: [ClusterEndToEndTests.recording("runs.txt", then: "sleep 300 & sleep 300", extra: ",\"name\":\"long\"")]).first)
        let waiting = try #require(try sandbox.enqueue(lines: ["{\"command\":[\"true\"],\"name\":\"behind\"}"]).first)
        #expect(eventually(timeout: 20) { sandbox.lines(of: "runs.txt").count == 1 })
        expectRefusal(try sandbox.run(["kill", "behind"]), "task behind is queued: qctl cancel takes a task off the queue")
        let killed = try sandbox.run(["kill", "long", "--wait"], timeout: 30)
        #expect(killed.status == 0 && killed.stdout == "\(id) long killed\n", "\(killed.stdout)\(killed.stderr)")
        let result = try sandbox.result(id)
        #expect(result["state"] as? String == "killed" && result["attempts"] as? Int == 1, "\(result)")
        #expect((result["reason"] as? String)?.hasPrefix("killed (qctl kill)") == true, "\(result)")
        #expect(cluster.log.contains("killing 'long' (qctl kill)"))
        // The background sleep of its group died too, and nothing ran it again.
        #expect(eventually(timeout: 10) { RunningCluster.processes(in: sandbox).allSatisfy { !commandLine($0).hasPrefix("sleep") } })
        #expect(eventually(timeout: 20) { (try? state(sandbox, waiting)) == "success" })
        #expect(sandbox.lines(of: "runs.txt").count == 1)
        expectRefusal(try sandbox.run(["kill", "long"]), "task long is killed: only a running task can be killed")
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("kill reaches whichever of two clusters of one name runs the task")
    func killOnEitherCluster() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  queue_limit: 1\n  guard_cycle: 0.1\n")
        let first = try RunningCluster(sandbox)
        let second = try RunningCluster(sandbox)
        let ids = try sandbox.enqueue(lines: (0..<2).map { _ in ClusterEndToEndTests.recording("runs.txt", then: "sleep 300") })
        #expect(eventually(timeout: 20) { sandbox.lines(of: "runs.txt").count == 2 })
        for id in ids { #expect(try sandbox.run(["kill", id]).status == 0) }
        #expect(eventually(timeout: 20) { ids.allSatisfy { (try? state(sandbox, $0)) == "killed" } })
        #expect(first.log.contains("(qctl kill)") && second.log.contains("(qctl kill)"))
        for cluster in [first, second] { cluster.signal(SIGTERM) }
        #expect(first.waitForExit() == 0 && second.waitForExit() == 0)
    }

    @Test("rerun: a finished task runs again as a new task linked both ways; --failed takes each failure once")
    func rerun() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        let failing = try sandbox.run(["enqueue", "--wait", "--name", "flaky", "--group", "g", "--shell", "echo $QCTL_TASK_ID >> runs.txt; exit 1"])
        #expect(failing.status == 1)
        let original = try #require(sandbox.lines(of: "runs.txt").first)
        expectRefusal(try sandbox.run(["rerun", "flaky", "nosuch"]), "no task 'nosuch'")
        let again = try sandbox.run(["rerun", "flaky"])
        let copy = again.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(again.status == 0 && copy.count == 32 && copy != original, "\(again.stderr)")
        #expect(eventually(timeout: 20) { sandbox.lines(of: "runs.txt").count == 2 })
        #expect(eventually(timeout: 20) { (try? state(sandbox, copy)) == "failed" })
        #expect(try sandbox.result(copy)["rerun_of"] as? String == original)
        #expect(try sandbox.result(original)["rerun_as"] as? String == copy)
        #expect(try sandbox.result(copy)["group"] as? String == "g")
        // --failed: the original was run again already; the copy's failure is taken, once.
        let failed = try sandbox.run(["rerun", "--failed", "--group", "g"])
        #expect(failed.lines.count == 1, "\(failed.stdout)")
        #expect(eventually(timeout: 20) { sandbox.lines(of: "runs.txt").count == 3 })
        let none = try sandbox.run(["rerun", "--failed", "--group", "other"])
        #expect(none.status == 0 && none.stdout.isEmpty)
        let queued = try #require(try sandbox.enqueue(lines: ["{\"command\":[\"true\"],\"cluster\":\"elsewhere\"}"]).first)
        expectRefusal(try sandbox.run(["rerun", queued]), "only a finished task can be run again")
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("pause: a running cluster takes no task until resume; info and stats say so")
    func pauseAndResume() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        #expect(try sandbox.run(["pause"]).stdout.hasPrefix("paused queue 'default'"))
        #expect(try sandbox.run(["pause"]).stdout == "queue 'default' was already paused\n")
        _ = try sandbox.enqueue(lines: (0..<3).map { _ in ClusterEndToEndTests.recording("runs.txt") })
        #expect(!eventually(timeout: 2) { !sandbox.lines(of: "runs.txt").isEmpty })
        #expect(try sandbox.queue()["queued"] == 3)
        let info = try sandbox.info()
        let queues = try #require(info["queues"] as? [[String: Any]])
        #expect(queues.first?["paused"] as? Bool == true)
        #expect(try sandbox.stats().first?["queue_paused"] as? Bool == true)
        #expect(try sandbox.run(["resume"]).stdout == "resumed queue 'default'\n")
        #expect(eventually(timeout: 20) { sandbox.lines(of: "runs.txt").count == 3 })
        #expect(try sandbox.info()["queues"].flatMap { ($0 as? [[String: Any]])?.first?["paused"] as? Bool } == false)
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }
}

extension ControlEndToEndTests {
    @Test("pause holds both clusters of one name; resume lets both work; cancel and rerun act on their tasks too")
    func pauseTwoClustersOfOneName() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let first = try RunningCluster(sandbox)
        let second = try RunningCluster(sandbox)
        #expect(try sandbox.run(["pause", "--json"]).stdout == "{\"cluster\":\"default\",\"paused\":true,\"changed\":true}\n")
        let ids = try sandbox.enqueue(lines: (0..<6).map { _ in ClusterEndToEndTests.recording("runs.txt", then: "sleep 0.2") })
        #expect(!eventually(timeout: 2) { !sandbox.lines(of: "runs.txt").isEmpty })
        #expect(try sandbox.run(["cancel", ids[5]]).status == 0)
        #expect(try sandbox.run(["resume"]).status == 0)
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 5 })
        #expect(Set(sandbox.lines(of: "runs.txt")) == Set(ids[0..<5]))
        #expect(first.log.contains(" processing '") && second.log.contains(" processing '"))
        let again = try sandbox.run(["rerun", ids[5]])
        #expect(again.status == 0 && again.lines.count == 1)
        #expect(eventually(timeout: 20) { sandbox.lines(of: "runs.txt").count == 6 })
        for cluster in [first, second] { cluster.signal(SIGTERM) }
        #expect(first.waitForExit() == 0 && second.waitForExit() == 0)
    }
}

/// The command line of a process, its arguments joined by spaces.
private func commandLine(_ pid: Int32) -> String {
    let raw = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
    return String(decoding: raw, as: UTF8.self).split(separator: "\0").joined(separator: " ")
}
