import Foundation
import Testing

/// `qctl output`: what a running task printed so far, and `-f` following it to its end.
@Suite("qctl output: a task's output while it runs")
struct OutputEndToEndTests {
    /// A task that prints `line N` (and `err N` on stderr) once the gate `go.N` opens, N = 1...3
    /// (``Sandbox/makeGate(_:)``).
    private static let gated = "for i in 1 2 3; do cat go.$i > /dev/null; echo line $i; echo err $i >&2; done"

    @Test("so far, then followed to the end: every line once, in order, and the task's status; nothing left in the spool")
    func followsARunningTask() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        // A follower started at once may find the task still queued: it waits for it to run.
        for gate in ["go.1", "go.2", "go.3"] { try sandbox.makeGate(gate) }
        let id = try sandbox.run(["enqueue", "--shell", Self.gated]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let follower = try sandbox.start(["output", "-f", id])
        #expect(sandbox.openGate("go.1"))
        #expect(eventually(timeout: 20) { (try? sandbox.run(["output", id]))?.stdout == "line 1\n" })
        let soFar = try sandbox.run(["output", id])
        #expect(soFar.status == 0 && soFar.stderr == "err 1\n")
        #expect(sandbox.openGate("go.2"))
        #expect(sandbox.openGate("go.3"))
        #expect(eventually(timeout: 30) { !follower.process.isRunning })
        follower.process.waitUntilExit()
        let followed = follower.output()
        #expect(followed.status == 0)
        #expect(followed.stdout == "line 1\nline 2\nline 3\n" && followed.stderr == "err 1\nerr 2\nerr 3\n", "\(followed)")
        let after = try sandbox.run(["output", id])
        #expect(after.stdout == "line 1\nline 2\nline 3\n" && after.status == 0)
        let spool = sandbox.file(".qctl/broker.lmdb.output")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).isEmpty)
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("-f ends with the task's failure (exit 1); an unknown task is one line and exit 65")
    func followEndsWithTheStatus() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        let id = try sandbox.run(["enqueue", "--shell", "echo bye; exit 4"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let followed = try sandbox.run(["output", "-f", id])
        #expect(followed.status == 1 && followed.stdout == "bye\n", "\(followed)")
        let json = try sandbox.run(["output", id, "--json"])
        let record = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(record["stdout"] as? String == "bye\n" && record["state"] as? String == "failed", "\(record)")
        let unknown = try sandbox.run(["output", "nosuch"])
        #expect(unknown.status == 65 && unknown.stderr.split(separator: "\n").count == 1)
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }
}
