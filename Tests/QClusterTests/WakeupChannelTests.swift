import Foundation
import Testing
@testable import QCluster

@Suite("wake-ups from enqueue to idle pushers")
struct WakeupChannelTests {
    @Test("a wake-up reaches every listener of the cluster and no other; a dead listener's socket is removed")
    func wakeReachesListeners() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-wake-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let wakeups = LMDBWakeupFolder(brokerPath: folder + "/broker.lmdb")
        let listener = try #require(wakeups.listen(cluster: "long"))
        defer { listener.close() }
        let other = try #require(wakeups.listen(cluster: "short"))
        defer { other.close() }
        // A socket left by a pusher that died: nobody receives on it.
        let stale = wakeups.folder + "/long.999999999"
        let dead = try #require(wakeups.bind(cluster: "unused"))
        #expect(rename(dead.path, stale) == 0)
        Foundation.close(dead.fd)

        #expect(LMDBWakeupFolder.socketNames(in: wakeups.folder, cluster: "long").sorted()
            == ["long.\(getpid())", "long.999999999"])
        wakeups.notify(cluster: "long")

        var byte: UInt8 = 0
        #expect(recv(listener.fd, &byte, 1, Int32(MSG_DONTWAIT)) == 1)
        #expect(recv(other.fd, &byte, 1, Int32(MSG_DONTWAIT)) == -1)
        #expect(access(stale, F_OK) != 0)
    }

    @Test("an enqueue wakes the listeners of each cluster it fills, once, and no other")
    func enqueueWakesItsClusters() throws {
        let store = try TemporaryBroker()
        let listeners = try ["a", "b", "c"].map { try #require(store.broker.wakeups.listen(cluster: $0)) }
        defer { listeners.forEach { $0.close() } }
        try store.broker.enqueue([TaskMessage(cluster: "a", command: ["true"]), TaskMessage(cluster: "b", command: ["true"]),
                                  TaskMessage(cluster: "a", command: ["true"])])
        var byte: UInt8 = 0
        func wakeUps(_ listener: any WakeupListener) -> Int {
            var count = 0
            while recv(listener.fd, &byte, 1, Int32(MSG_DONTWAIT)) == 1 { count += 1 }
            return count
        }
        #expect(listeners.map(wakeUps) == [1, 1, 0])
    }

    @Test("waking a broker with no wake-up folder does nothing")
    func wakeWithoutFolder() {
        LMDBWakeupFolder(brokerPath: "/nonexistent-\(UUID().uuidString)/broker.lmdb").notify(cluster: "default")
        #expect(LMDBWakeupFolder.socketNames(in: "/nonexistent-folder-qctl", cluster: "default").isEmpty)
    }
}
