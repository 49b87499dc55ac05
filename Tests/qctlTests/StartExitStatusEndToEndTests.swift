import Foundation
import Testing

/// What `qctl start` exits with, as README's exit status table and `qctl start --help` say.
@Suite("qctl start's exit status, end to end")
struct StartExitStatusEndToEndTests {
    /// A one-worker cluster running a task that outlasts the test's signals.
    private func busyCluster() throws -> (Sandbox, RunningCluster) {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        #expect(try sandbox.run(["enqueue", "--", "sleep", "30"]).status == 0)
        let cluster = try RunningCluster(sandbox)
        let leased = eventually(timeout: 30) { (try? sandbox.queue()["leased"]) == 1 }
        try #require(leased, "the task did not start: \(cluster.log)")
        return (sandbox, cluster)
    }

    @Test("a first signal stops an idle cluster in order: exit 0")
    func stopInOrder() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        cluster.signal(SIGINT)
        #expect(cluster.waitForExit() == 0, "\(cluster.log)")
    }

    @Test("a second signal kills the cluster at once: exit 1, the task is killed and its lease stays for retry")
    func secondSignal() throws {
        let (sandbox, cluster) = try busyCluster()
        cluster.signal(SIGINT)
        let stopping = eventually(timeout: 10) { cluster.log.contains(" stopping.") }
        try #require(stopping, "\(cluster.log)")
        cluster.signal(SIGINT)
        #expect(cluster.waitForExit(timeout: 20) == 1, "\(cluster.log)")
        #expect(cluster.log.contains("killed; leased tasks return after retry"))
        #expect(eventually(timeout: 10) { RunningCluster.processes(in: sandbox).isEmpty }, "the task and the cluster's processes are gone")
        #expect(try sandbox.queue()["leased"] == 1, "the killed task is delivered again after retry")
    }
}
