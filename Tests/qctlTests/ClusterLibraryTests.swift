import Foundation
import QCluster
import Testing

/// The library's `Cluster` mirrors Django Q's: start() returns, stop() stops in order.
@Suite("the Cluster type")
struct ClusterLibraryTests {
    @Test("start, stat, isRunning, stop, hasStopped")
    func lifecycle() throws {
        let sandbox = try Sandbox()
        defer { for pid in RunningCluster.processes(in: sandbox) { kill(pid, SIGKILL) } }
        let configuration = try ConfigLoader(environment: [:], currentDirectory: sandbox.path).load()
        var settings = try configuration.settings()
        settings.workers = 2
        settings.guardCycleMilliseconds = 100
        // The sentinel runs the qctl binary, not this test runner.
        let cluster = Cluster(configuration: configuration, settings: settings, log: ClusterLog(minimumLevel: .error),
                              executable: try QctlBinary.path())
        try cluster.start()
        let pid = try #require(cluster.pid)
        #expect(kill(pid, 0) == 0)
        #expect(eventually(timeout: 20) { cluster.isRunning })
        let stat = try #require(try cluster.stat())
        #expect(stat.sentinelPID == pid)
        #expect(stat.cluster == "default")
        #expect(stat.workers.count == 2)
        #expect(stat.name == cluster.name)
        #expect(cluster.timeout == 60_000)
        #expect(!cluster.hasStopped)
        #expect(cluster.stop() == 0)
        #expect(cluster.hasStopped)
        #expect(try cluster.stat() == nil)
    }
}
