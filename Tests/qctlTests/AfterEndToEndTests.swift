import Foundation
import Testing

/// Tasks that run after others (`--after`, a `--stdin` line's `after`, `--chain`).
@Suite("dependencies: --after and --chain")
struct AfterEndToEndTests {
    private func state(_ sandbox: Sandbox, _ id: String) throws -> String? {
        try sandbox.result(id)["state"] as? String
    }

    @Test("--chain: each line starts only after the one before succeeded, on a cluster with two workers")
    func chainRunsInOrder() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        let lines = (1...4).map { "{\"shell\":\"echo start \($0) >> runs.txt; sleep 0.2; echo end \($0) >> runs.txt\"}" }
        let ids = try sandbox.enqueue(lines: lines, ["--chain"])
        #expect(ids.count == 4)
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 4 })
        #expect(sandbox.lines(of: "runs.txt") == (1...4).flatMap { ["start \($0)", "end \($0)"] })
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("a failure cancels the tasks after it, down the line, with the reason; none of them runs")
    func failureCancelsDependants() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  guard_cycle: 0.1\n")
        let ids = try sandbox.enqueue(lines: [
            "{\"name\":\"build\",\"shell\":\"echo build >> runs.txt; exit 3\"}",
            "{\"name\":\"test\",\"after\":\"build\",\"shell\":\"echo test >> runs.txt\"}",
            "{\"name\":\"deploy\",\"after\":[\"test\"],\"shell\":\"echo deploy >> runs.txt\"}",
            "{\"name\":\"other\",\"shell\":\"echo other >> runs.txt\"}",
        ])
        let waiting = try sandbox.run(["tasks", "--queued", "--json"]).lines
        #expect(waiting.filter { $0.contains("\"state\":\"waiting\"") }.count == 2, "\(waiting)")
        #expect(try sandbox.queue()["waiting"] == 2)
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["failed"]) == 3 && (try? sandbox.queue()["succeeded"]) == 1 })
        #expect(Set(sandbox.lines(of: "runs.txt")) == ["build", "other"])
        let test = try sandbox.result(ids[1])
        #expect(test["state"] as? String == "cancelled")
        #expect((test["reason"] as? String)?.hasPrefix("cancelled: it runs after build (\(ids[0].prefix(8))), which failed (exit status 3)") == true, "\(test)")
        #expect((try sandbox.result(ids[2])["reason"] as? String)?.contains("which was cancelled") == true)
        #expect(try sandbox.queue()["waiting"] == 0)
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("--after a task that already succeeded runs at once; after one that already failed it is cancelled at enqueue")
    func afterFinishedTasks() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        #expect(try sandbox.run(["enqueue", "--wait", "--name", "good", "--", "true"]).status == 0)
        #expect(try sandbox.run(["enqueue", "--wait", "--name", "bad", "--", "false"]).status == 1)
        let afterGood = try sandbox.run(["enqueue", "--wait", "--after", "good", "--", "echo", "ran"])
        #expect(afterGood.status == 0 && afterGood.stdout == "ran\n", "\(afterGood)")
        let afterBoth = try sandbox.run(["enqueue", "--wait", "--after", "good,bad", "--", "echo", "ran"])
        #expect(afterBoth.status == 1 && afterBoth.stderr.contains("cancelled: it runs after bad"), "\(afterBoth)")
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("cancel of a task cancels the tasks after it; a waiting task can be cancelled alone")
    func cancelCascades() throws {
        let sandbox = try Sandbox()
        let ids = try sandbox.enqueue(lines: [
            "{\"name\":\"a\",\"command\":[\"true\"]}",
            "{\"name\":\"b\",\"after\":\"a\",\"command\":[\"true\"]}",
            "{\"name\":\"c\",\"after\":\"b\",\"command\":[\"true\"]}",
            "{\"name\":\"d\",\"after\":\"a\",\"command\":[\"true\"]}",
        ])
        #expect(try sandbox.run(["cancel", "d"]).status == 0)
        #expect(try state(sandbox, ids[3]) == "cancelled" && state(sandbox, ids[0]) == "queued")
        #expect(try sandbox.run(["cancel", "a"]).lines == ["\(ids[0]) a cancelled"])
        for id in ids[1...2] { #expect(try state(sandbox, id) == "cancelled") }
        let queue = try sandbox.queue()
        #expect(queue["queued"] == 0 && queue["waiting"] == 0 && queue["failed"] == 4, "\(queue)")
    }

    @Test("--after an unknown task, or a cycle between lines, is one line, exit 65, nothing enqueued")
    func badAfter() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.enqueue(lines: ["{\"name\":\"there\",\"command\":[\"true\"]}"])
        let unknown = try sandbox.run(["enqueue", "--after", "there,nosuch", "--", "true"])
        #expect(unknown.status == 65 && unknown.stderr == "qctl: --after 'nosuch': no such task; a task runs after tasks enqueued before it (an earlier --stdin line, or one in the broker)\n",
                "\(unknown.stderr)")
        // Names resolve to earlier lines only, so lines that wait for each other cannot be enqueued.
        let cycle = try sandbox.run(["enqueue", "--stdin"], stdin: "{\"name\":\"x\",\"after\":\"y\",\"command\":[\"true\"]}\n{\"name\":\"y\",\"after\":\"x\",\"command\":[\"true\"]}\n")
        #expect(cycle.status == 65 && cycle.stderr.hasPrefix("qctl: stdin line 1: --after 'y': no such task"), "\(cycle.stderr)")
        #expect(try sandbox.info()["enqueued_total"] as? Int == 1)
        let chainWithoutStdin = try sandbox.run(["enqueue", "--chain", "--", "true"])
        #expect(chainWithoutStdin.status == 64)
    }
}
