import Foundation
import Testing
@testable import QCluster

/// A broker in a fresh temporary folder, removed when the test ends.
final class TemporaryBroker {
    let folder: String
    let broker: LMDBBroker

    init(secret: String = "test-secret", mapSize: Int = 1 << 30) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-broker-\(UUID().uuidString.prefix(8))").path
        broker = try LMDBBroker(path: folder + "/broker.lmdb", mapSize: mapSize, signer: MessageSigner(secret: Array(secret.utf8)))
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}

@Suite("the LMDB broker")
struct BrokerTests {
    func message(_ word: String, cluster: String = "default", group: String = "", save: Bool = true) -> TaskMessage {
        TaskMessage(cluster: cluster, command: ["echo", word], group: group, saveResult: save)
    }

    func result(_ message: TaskMessage, success: Bool = true, final: Bool = true, at time: Int64 = Clock.nowMilliseconds(), attempt: Int = 1) -> TaskResult {
        TaskResult(message: message, startedAtMilliseconds: time - 5, stoppedAtMilliseconds: time, exitCode: success ? 0 : 1,
                   success: success, attempts: attempt, reason: success ? "" : "exit status 1", isFinal: final)
    }

    func counts(_ broker: LMDBBroker, _ cluster: String = "default") throws -> QueueCounts {
        try broker.statistics().queues.first { $0.cluster == cluster } ?? QueueCounts(cluster: cluster, queued: 0, leased: 0, succeeded: 0, failed: 0)
    }

    @Test("queues are FIFO per cluster and never mix clusters")
    func fifoPerCluster() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let first = (0..<5).map { message("d\($0)") }
        try broker.enqueue(first)
        try broker.enqueue([message("l0", cluster: "long")])
        let batch = try broker.lease(cluster: "default", limit: 3, leaseMilliseconds: 1000, now: 1000)
        #expect(batch.tasks.map(\.message) == Array(first.prefix(3)))
        #expect(batch.tasks.allSatisfy { $0.attempt == 1 && $0.deadlineMilliseconds == 2000 })
        #expect(try counts(broker).queued == 2)
        #expect(try counts(broker).leased == 3)
        #expect(try counts(broker, "long").queued == 1)
        let rest = try broker.lease(cluster: "default", limit: 10, leaseMilliseconds: 1000, now: 1000)
        #expect(rest.tasks.map(\.message) == Array(first.suffix(2)))
        #expect(try broker.lease(cluster: "default", limit: 10, leaseMilliseconds: 1000, now: 1000).tasks.isEmpty)
        #expect(try broker.lease(cluster: "long", limit: 10, leaseMilliseconds: 1000, now: 1000).tasks.count == 1)
    }

    @Test("results and the leases that replace them commit in one transaction")
    func completeWithRefill() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let messages = (0..<5).map { message("r\($0)") }
        try broker.enqueue(messages)
        let first = try broker.lease(cluster: "default", limit: 2, leaseMilliseconds: 60_000, now: 1000)
        let writes = try #require(try broker.statistics().writeTransactions)
        let refill = LeaseRefill(cluster: "default", limit: 2, leaseMilliseconds: 60_000, now: 2000)
        let next = try broker.complete(first.tasks.map { result($0.message) }, saveLimit: 0, refill: refill)
        #expect(try broker.statistics().writeTransactions == writes + 1)
        #expect(next.tasks.map(\.message) == Array(messages[2..<4]))
        var queue = try counts(broker)
        #expect(queue.queued == 1 && queue.leased == 2 && queue.succeeded == 2)
        // Only what is queued is leased; the rest of the room stays free.
        let last = try broker.complete(next.tasks.map { result($0.message) }, saveLimit: 0, refill: refill)
        #expect(last.tasks.map(\.message) == [messages[4]])
        queue = try counts(broker)
        #expect(queue.queued == 0 && queue.leased == 1 && queue.succeeded == 4)
    }

    @Test("a lease's deadline moves only from the deadline the caller saw")
    func moveLeaseDeadline() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let task = message("x")
        try broker.enqueue([task])
        _ = try broker.lease(cluster: "default", limit: 1, leaseMilliseconds: 1_000, now: 0)
        #expect(try broker.moveLeaseDeadlines([.init(task: task.id, from: 999, to: 50_000)]).isEmpty)
        #expect(try broker.moveLeaseDeadlines([.init(task: task.id, from: 1_000, to: 50_000)]) == [task.id])
        #expect(try !broker.hasExpiredLeases(cluster: "default", now: 20_000))
        #expect(try broker.hasExpiredLeases(cluster: "default", now: 60_000))
        #expect(try broker.moveLeaseDeadlines([.init(task: TaskID(), from: 0, to: 1)]).isEmpty)
    }

    @Test("a cluster whose name is a prefix of another's does not take its tasks")
    func prefixNames() throws {
        let store = try TemporaryBroker()
        try store.broker.enqueue([message("a", cluster: "longer")])
        #expect(try store.broker.lease(cluster: "long", limit: 10, leaseMilliseconds: 1000, now: 0).tasks.isEmpty)
    }

    @Test("a final result acknowledges; counters stay exact after every operation")
    func completeAcknowledges() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let messages = (0..<4).map { message("m\($0)") }
        try broker.enqueue(messages)
        let leased = try broker.lease(cluster: "default", limit: 4, leaseMilliseconds: 60_000, now: Clock.nowMilliseconds())
        try broker.complete([result(messages[0]), result(messages[1], success: false)], saveLimit: 0)
        var queue = try counts(broker)
        #expect(queue.queued == 0 && queue.leased == 2 && queue.succeeded == 1 && queue.failed == 1)
        #expect(leased.tasks.count == 4)
        try broker.returnUnstarted([messages[2].id, messages[3].id])
        queue = try counts(broker)
        #expect(queue.queued == 2 && queue.leased == 0)
        let stats = try broker.statistics()
        #expect(stats.savedSuccesses == 1 && stats.savedFailures == 1 && stats.enqueuedTotal == 4)
        guard case .finished(let stored)? = try broker.status(of: messages[1].id.hex) else { Issue.record("no result"); return }
        #expect(!stored.success && stored.reason == "exit status 1")
    }

    @Test("returned tasks keep their place at the front of the queue")
    func returnKeepsOrder() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let messages = (0..<3).map { message("m\($0)") }
        try broker.enqueue(messages)
        _ = try broker.lease(cluster: "default", limit: 1, leaseMilliseconds: 60_000, now: 0)
        try broker.returnUnstarted([messages[0].id])
        let again = try broker.lease(cluster: "default", limit: 3, leaseMilliseconds: 60_000, now: 0)
        #expect(again.tasks.map(\.message.id) == messages.map(\.id))
        #expect(again.tasks[0].attempt == 1)
    }

    @Test("an expired lease is delivered again with its attempt counted, until max_attempts")
    func expiredLeases() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let task = message("retry-me")
        try broker.enqueue([task])
        _ = try broker.lease(cluster: "default", limit: 1, leaseMilliseconds: 100, now: 1000)
        #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 2), now: 1099) == RequeueReport(requeued: 0, gaveUp: 0))
        #expect(try broker.requeueExpired(cluster: "other", policy: RetryPolicy(maxAttempts: 2), now: 5000) == RequeueReport(requeued: 0, gaveUp: 0))
        #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 2), now: 1100) == RequeueReport(requeued: 1, gaveUp: 0))
        let second = try broker.lease(cluster: "default", limit: 1, leaseMilliseconds: 100, now: 2000)
        #expect(second.tasks.first?.attempt == 2)
        // A failed attempt that will be retried is recorded but keeps the lease.
        try broker.complete([result(task, success: false, final: false, attempt: 2)], saveLimit: 0)
        #expect(try counts(broker).leased == 1)
        guard case .leased(_, let lastFailure)? = try broker.status(of: task.id.hex) else { Issue.record("not leased"); return }
        #expect(lastFailure?.success == false)
        #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 2), now: 2100) == RequeueReport(requeued: 0, gaveUp: 1))
        guard case .finished(let final)? = try broker.status(of: task.id.hex) else { Issue.record("not finished"); return }
        #expect(final.isFinal && !final.success)
        #expect(final.reason.contains("gave up after 2 attempts"))
        let queue = try counts(broker)
        #expect(queue.queued == 0 && queue.leased == 0 && queue.failed == 1)
    }

    @Test("a task acknowledged after its lease ran out is not run again")
    func lateAcknowledgement() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let task = message("slow")
        try broker.enqueue([task])
        _ = try broker.lease(cluster: "default", limit: 1, leaseMilliseconds: 10, now: 0)
        _ = try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 0), now: 100)
        #expect(try counts(broker).queued == 1)
        try broker.complete([result(task)], saveLimit: 0)
        #expect(try counts(broker).queued == 0)
        #expect(try broker.lease(cluster: "default", limit: 1, leaseMilliseconds: 10, now: 200).tasks.isEmpty)
    }

    @Test("save_limit keeps the newest successes and every failure; -1 and --no-save keep none")
    func pruning() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let messages = (0..<6).map { message("p\($0)") }
        try broker.enqueue(messages)
        _ = try broker.lease(cluster: "default", limit: 6, leaseMilliseconds: 60_000, now: 0)
        try broker.complete((0..<5).map { result(messages[$0], at: 1000 + Int64($0)) } + [result(messages[5], success: false, at: 900)], saveLimit: 2)
        let kept = try broker.results(ResultFilter(success: true))
        #expect(kept.map(\.message.id) == [messages[4].id, messages[3].id])
        #expect(try broker.results(ResultFilter(success: false)).count == 1)
        #expect(try broker.status(of: messages[0].id.hex) == nil)
        #expect(try broker.status(of: messages[0].name) == nil)

        let none = try TemporaryBroker()
        let quiet = message("q", save: false)
        let loud = message("l")
        try none.broker.enqueue([quiet, loud])
        _ = try none.broker.lease(cluster: "default", limit: 2, leaseMilliseconds: 60_000, now: 0)
        try none.broker.complete([result(quiet), result(loud)], saveLimit: 0)
        #expect(try none.broker.results(ResultFilter()).map(\.message.id) == [loud.id])
        let minusOne = try TemporaryBroker()
        try minusOne.broker.enqueue([loud])
        _ = try minusOne.broker.lease(cluster: "default", limit: 1, leaseMilliseconds: 60_000, now: 0)
        try minusOne.broker.complete([result(loud)], saveLimit: -1)
        #expect(try minusOne.broker.results(ResultFilter()).isEmpty)
        #expect(try counts(minusOne.broker).succeeded == 1)
    }

    @Test("results list newest first, by group and by cluster; a group can be deleted")
    func groups() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let a = message("a", group: "g"), b = message("b", group: "g"), c = message("c", cluster: "long")
        try broker.enqueue([a, b, c])
        _ = try broker.lease(cluster: "default", limit: 2, leaseMilliseconds: 60_000, now: 0)
        _ = try broker.lease(cluster: "long", limit: 1, leaseMilliseconds: 60_000, now: 0)
        try broker.complete([result(a, at: 10), result(b, success: false, at: 20), result(c, at: 30)], saveLimit: 0)
        #expect(try broker.results(ResultFilter()).map(\.message.id) == [c.id, b.id, a.id])
        #expect(try broker.results(ResultFilter(group: "g")).map(\.message.id) == [b.id, a.id])
        #expect(try broker.results(ResultFilter(cluster: "long")).map(\.message.id) == [c.id])
        #expect(try broker.results(ResultFilter(limit: 1)).count == 1)
        #expect(try broker.deleteGroup("g") == 2)
        #expect(try broker.results(ResultFilter()).map(\.message.id) == [c.id])
        #expect(try broker.statistics().savedFailures == 0)
    }

    @Test("purge empties one cluster's queue and its counters")
    func purge() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        try broker.enqueue((0..<3).map { message("x\($0)") } + [message("y", cluster: "long")])
        #expect(try broker.purge(cluster: "default") == 3)
        #expect(try counts(broker).queued == 0)
        #expect(try counts(broker, "long").queued == 1)
        #expect(try broker.queuedTasks(cluster: nil, group: nil, limit: 10).count == 1)
    }

    @Test("tasks are found by id, short id and name")
    func lookups() throws {
        let store = try TemporaryBroker()
        let task = TaskMessage(cluster: "default", command: ["true"], customName: "nightly-report")
        try store.broker.enqueue([task])
        for key in [task.id.hex, String(task.id.hex.prefix(8)), "nightly-report"] {
            #expect(try store.broker.status(of: key)?.message.id == task.id)
        }
        #expect(try store.broker.status(of: "no-such-task") == nil)
    }

    @Test("a humanized name finds a queued, a leased and a finished task; only given names are indexed")
    func humanizedNames() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let messages = (0..<3).map { message("h\($0)") }
        let named = TaskMessage(cluster: "default", command: ["true"], customName: "weekly-report")
        try broker.enqueue(messages + [named])
        let leased = try broker.lease(cluster: "default", limit: 2, leaseMilliseconds: 60_000, now: 1000)
        try broker.complete([result(leased.tasks[0].message)], saveLimit: 0)
        for (task, state) in zip(messages, ["finished", "leased", "queued"]) {
            #expect(try broker.status(of: task.name)?.message.id == task.id, "\(state) task by its name \(task.name)")
        }
        #expect(try broker.status(of: "weekly-report")?.message.id == named.id)
        // An index entry per task would be a page written at a random place by every enqueue.
        #expect(try storedKeys(broker, broker.db.names) == [Array("weekly-report".utf8)])
        // A broker written before kept humanized names in the index; one that leads to a task
        // gone since does not hide a task of that name.
        let gone = TaskMessage(cluster: "default", command: ["true"])
        try broker.write { txn throws(LMDBError) in try txn.put(broker.db.names, Array(messages[2].name.utf8), gone.id.bytes) }
        #expect(try broker.status(of: messages[2].name)?.message.id == messages[2].id)
        let unused = "alpha-bravo-charlie-delta"
        #expect(HumanHash.wordIndexes(ofName: unused) != nil && messages.allSatisfy { $0.name != unused })
        #expect(try broker.status(of: unused) == nil)
        #expect(HumanHash.wordIndexes(ofName: "alpha-bravo-charlie") == nil && HumanHash.wordIndexes(ofName: "alpha-bravo-charlie-zzz") == nil)
    }

    /// The storage keys of one of the databases keyed by task, in key order.
    func storedKeys(_ broker: LMDBBroker, _ database: LMDBDatabase) throws -> [[UInt8]] {
        try broker.read { txn throws(LMDBError) in
            var keys: [[UInt8]] = []
            try txn.scan(database) { key, _ in
                keys.append(key)
                return true
            }
            return keys
        }
    }

    @Test("tasks are stored in the order they were made: a drain writes at the ends of its indexes")
    func storageOrder() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let messages = (0..<300).map { message("o\($0)") }
        try broker.enqueue(messages)
        #expect(try storedKeys(broker, broker.db.queued) == messages.map(\.id.storageKey))
        let leased = try broker.lease(cluster: "default", limit: 300, leaseMilliseconds: 60_000, now: 1000)
        #expect(try storedKeys(broker, broker.db.leases) == messages.map(\.id.storageKey))
        try broker.complete(leased.tasks.reversed().map { result($0.message) }, saveLimit: 0)
        #expect(try storedKeys(broker, broker.db.results) == messages.map(\.id.storageKey))
    }

    @Test("a short id finds a queued, a leased and a finished task, with 8 to 31 digits, odd counts too")
    func shortIDs() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let messages = (0..<3).map { message("s\($0)") }
        try broker.enqueue(messages)
        let leased = try broker.lease(cluster: "default", limit: 2, leaseMilliseconds: 60_000, now: 1000)
        try broker.complete([result(leased.tasks[0].message)], saveLimit: 0)
        for (task, state) in zip(messages, ["finished", "leased", "queued"]) {
            for digits in [8, 9, 15, 16, 20, 31] {
                let status = try broker.status(of: String(task.id.hex.prefix(digits)))
                #expect(status?.message.id == task.id, "\(state) task by \(digits) digits")
            }
        }
        #expect(try broker.status(of: String(repeating: "0", count: 8)) == nil)
        #expect(try broker.status(of: String(messages[2].id.hex.prefix(7))) == nil, "7 digits are too few to be a short id")
    }

    /// Turns a fresh broker back into schema 1, where `queued`, `leases` and `results` were keyed by the id.
    func downgradeToSchema1(_ broker: LMDBBroker) throws {
        try broker.write { txn throws(LMDBError) in
            for database in [broker.db.queued, broker.db.leases, broker.db.results] {
                var entries: [(key: [UInt8], value: [UInt8])] = []
                try txn.scan(database) { key, value in
                    entries.append((key, value))
                    return true
                }
                for entry in entries {
                    _ = try txn.delete(database, entry.key)
                    try txn.put(database, TaskID(storageKey: entry.key)!.bytes, entry.value)
                }
            }
            try txn.put(broker.db.meta, Array("schema".utf8), BrokerKeys.bigEndian(1))
        }
    }

    @Test("a schema 1 broker is upgraded when opened: every task is found again and runs on")
    func upgradeFromSchema1() throws {
        let store = try TemporaryBroker()
        let messages = (0..<3).map { message("u\($0)") }
        try store.broker.enqueue(messages)
        let leased = try store.broker.lease(cluster: "default", limit: 2, leaseMilliseconds: 60_000, now: 1000)
        try store.broker.complete([result(leased.tasks[0].message)], saveLimit: 0)
        try downgradeToSchema1(store.broker)
        #expect(try store.broker.status(of: messages[2].id.hex) == nil, "schema 1 keys are not read as storage keys")

        // As qctl broker upgrade does it, which reports the version it upgraded from.
        var configuration = Configuration(directory: store.folder)
        configuration.brokerPath = store.folder + "/broker.lmdb"
        configuration.secretKey = "test-secret"
        let setup = try BrokerConnector.setUp(configuration: configuration, upgrading: true)
        #expect(setup.upgradedFrom == 1 && setup.version == LMDBBroker.schemaVersion && !setup.created)
        let upgraded = try LMDBBroker(path: store.folder + "/broker.lmdb", signer: MessageSigner(secret: Array("test-secret".utf8)))
        let schema = try upgraded.read { txn throws(LMDBError) in try txn.get(upgraded.db.meta, Array("schema".utf8)) }
        #expect(schema == BrokerKeys.bigEndian(UInt64(LMDBBroker.schemaVersion)))
        #expect(upgraded.upgradedFrom == nil, "upgraded already: nothing to do")
        #expect(try BrokerConnector.setUp(configuration: configuration, upgrading: true).upgradedFrom == nil)
        for task in messages {
            #expect(try upgraded.status(of: task.id.hex)?.message.id == task.id)
            #expect(try upgraded.status(of: String(task.id.hex.prefix(8)))?.message.id == task.id)
        }
        guard case .finished = try upgraded.status(of: messages[0].id.hex) else { Issue.record("the result was lost"); return }
        guard case .leased = try upgraded.status(of: messages[1].id.hex) else { Issue.record("the lease was lost"); return }
        let next = try upgraded.complete([result(leased.tasks[1].message)], saveLimit: 0,
                                         refill: .init(cluster: "default", limit: 5, leaseMilliseconds: 60_000, now: 2000))
        #expect(next.tasks.map(\.message) == [messages[2]])
        let queue = try counts(upgraded)
        #expect(queue.queued == 0 && queue.leased == 1 && queue.succeeded == 2)
    }

    @Test("an upgrade that finds the file upgraded meanwhile does nothing, and refuses it when a newer qctl did")
    func upgradeFindsItDoneMeanwhile() throws {
        let store = try TemporaryBroker()
        // This process looked and saw schema 1; another upgraded the file before its transaction.
        #expect(try store.broker.upgrade(from: 1) == false)
        try store.broker.write { txn throws(LMDBError) in try txn.put(store.broker.db.meta, Array("schema".utf8), BrokerKeys.bigEndian(99)) }
        #expect(throws: BrokerError.incompatibleSchema(path: store.broker.path, found: 99, supported: LMDBBroker.schemaVersion)) {
            try store.broker.upgrade(from: 1)
        }
    }

    @Test("the upgrade waits while a cluster of the older qctl runs on the broker, and not for a lost one")
    func upgradeWaitsForRunningClusters() throws {
        let store = try TemporaryBroker()
        try store.broker.enqueue([message("w")])
        var stat = ClusterStat(clusterID: TaskID(), cluster: "long", host: "here", sentinelPID: 1, guardCycleMilliseconds: 500)
        try store.broker.saveStat(stat)
        try downgradeToSchema1(store.broker)
        let open = { try LMDBBroker(path: store.folder + "/broker.lmdb", signer: MessageSigner(secret: Array("test-secret".utf8))) }
        #expect(throws: BrokerError.upgradeWaitsForClusters(path: store.folder + "/broker.lmdb", clusters: ["long \(stat.name)"])) { _ = try open() }
        #expect(BrokerError.upgradeWaitsForClusters(path: "b", clusters: ["x"]).exitStatus == .temporaryFailure)
        stat.heartbeatMilliseconds -= 60_000
        try store.broker.saveStat(stat)
        #expect(try open().counts(cluster: "default").queued == 1)
    }

    @Test("a message altered in the broker is recorded as 'bad signature' and never leased")
    func tamperedMessage() throws {
        let store = try TemporaryBroker()
        let broker = store.broker
        let task = message("tamper-me")
        let good = message("fine")
        try broker.enqueue([task, good])
        // Flip one byte of the command inside the stored value.
        try broker.environment.write { txn throws(LMDBError) in
            var entries: [([UInt8], [UInt8])] = []
            try txn.scan(broker.db.queue) { key, value in entries.append((key, value)); return true }
            let (key, value) = entries[0]
            let needle = Array("tamper-me".utf8)
            guard let offset = (0...(value.count - needle.count)).first(where: { Array(value[$0..<$0 + needle.count]) == needle }) else { return }
            var altered = value
            altered[offset] ^= 0x20
            try txn.put(broker.db.queue, key, altered)
        }
        let batch = try broker.lease(cluster: "default", limit: 10, leaseMilliseconds: 60_000, now: 0)
        #expect(batch.tasks.map(\.message.id) == [good.id])
        #expect(batch.rejected.map(\.id) == [task.id])
        guard case .finished(let failure)? = try broker.status(of: task.id.hex) else { Issue.record("no failure recorded"); return }
        #expect(!failure.success)
        #expect(failure.reason.hasPrefix("bad signature"))
        #expect(try counts(broker).failed == 1)
    }

    @Test("a cluster with another secret key refuses the messages")
    func otherKey() throws {
        let store = try TemporaryBroker(secret: "key-one")
        try store.broker.enqueue([message("signed-with-one")])
        let other = try LMDBBroker(path: store.folder + "/broker.lmdb", signer: MessageSigner(secret: Array("key-two".utf8)))
        let batch = try other.lease(cluster: "default", limit: 10, leaseMilliseconds: 1000, now: 0)
        #expect(batch.tasks.isEmpty && batch.rejected.count == 1)
    }

    @Test("the map grows on demand when it is full")
    func mapGrowth() throws {
        let store = try TemporaryBroker(mapSize: 1 << 20)
        let big = String(repeating: "x", count: 2000)
        for round in 0..<10 {
            try store.broker.enqueue((0..<200).map { _ in TaskMessage(cluster: "default", command: ["echo", big, "\(round)"]) })
        }
        #expect(try store.broker.statistics().queued == 2000)
        #expect(try store.broker.statistics().mapBytes > 1 << 20)
    }

    @Test("a file that is not LMDB is refused with 'not a qctl broker'")
    func notLMDB() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-bad-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try String(repeating: "garbage ", count: 2000).write(toFile: folder + "/b.lmdb", atomically: true, encoding: .utf8)
        #expect(throws: BrokerError.notABroker(path: folder + "/b.lmdb")) {
            try LMDBBroker(path: folder + "/b.lmdb", signer: MessageSigner(secret: [1]))
        }
    }

    @Test("a process unmaps the broker pages it touched (at most every 100 ms), also after the map grew")
    func touchedPagesAreUnmapped() throws {
        let temporary = try TemporaryBroker(mapSize: 1 << 20)
        let broker = temporary.broker, environment = broker.environment
        // After every transaction, whatever RSS did (other tests share this process's RSS).
        environment.mappedPagesReleaseNanoseconds.store(0, ordering: .relaxed)
        environment.mappedPagesReleaseGrowthKiB.store(0, ordering: .relaxed)
        for _ in 0..<4 { try broker.enqueue((0..<5_000).map { _ in message("page") }) }  // grows the map from 1 MiB
        #expect(environment.info.mapSize > 1 << 20)
        var entries = 0
        let touched = try environment.read { txn throws(LMDBError) in
            try txn.scan(broker.db.queued) { _, _ throws(LMDBError) in
                entries += 1
                return true
            }
            return Self.residentKiB(ofMapping: broker.path)
        }
        let left = Self.residentKiB(ofMapping: broker.path)
        #expect(entries == 20_000 && touched >= 2_048, "\(entries) entries read, \(touched) KiB mapped")
        #expect(left < 256, "\(left) KiB still mapped after the release")
    }

    @Test("releaseIdleMemory unmaps at once what the last transactions touched, for a process about to idle")
    func explicitRelease() throws {
        let temporary = try TemporaryBroker()
        let broker = temporary.broker, environment = broker.environment
        environment.mappedPagesReleaseNanoseconds.store(.max, ordering: .relaxed)  // never on its own
        for _ in 0..<4 { try broker.enqueue((0..<5_000).map { _ in message("page") }) }
        _ = try environment.read { txn throws(LMDBError) in try txn.scan(broker.db.queued) { _, _ throws(LMDBError) in true } }
        let touched = Self.residentKiB(ofMapping: broker.path)
        broker.releaseIdleMemory()
        let left = Self.residentKiB(ofMapping: broker.path)
        #expect(touched >= 2_048 && left < 256, "\(touched) KiB mapped, \(left) KiB after the release")
    }

    @Test("pages stay mapped until RSS has grown by the release's threshold (1 MiB) since the last release")
    func smallGrowthStaysMapped() throws {
        let temporary = try TemporaryBroker()
        let broker = temporary.broker, environment = broker.environment
        try broker.enqueue([message("one")])
        #expect(environment.mappedPagesReleaseGrowthKiB.load(ordering: .relaxed) == 1_024)
        environment.mappedPagesReleaseNanoseconds.store(0, ordering: .relaxed)  // looks after every transaction
        // A threshold no concurrent test can reach: other tests share this process's RSS.
        environment.mappedPagesReleaseGrowthKiB.store(1 << 40, ordering: .relaxed)
        broker.releaseIdleMemory()  // the baseline: nothing mapped
        for _ in 0..<3 { _ = try environment.read { txn throws(LMDBError) in try txn.get(broker.db.meta, Array("schema".utf8)) } }
        let few = Self.residentKiB(ofMapping: broker.path)
        #expect(few > 0 && few < 1_024, "\(few) KiB mapped after three small reads")
        environment.mappedPagesReleaseGrowthKiB.store(0, ordering: .relaxed)
        _ = try environment.read { txn throws(LMDBError) in try txn.get(broker.db.meta, Array("schema".utf8)) }
        #expect(Self.residentKiB(ofMapping: broker.path) == 0)
    }

    @Test("lines of /proc/self/maps are read for their range, sharing, offset and inode")
    func mapsLines() {
        func parse(_ line: String) -> FileMappings.Mapping? { FileMappings.mapping(Array(line.utf8)[...]) }
        #expect(parse("7f5b22400000-7f5b62400000 r--s 00000000 fe:00 16302438                   /tmp/q/broker.lmdb")
            == FileMappings.Mapping(start: 0x7f5b22400000, end: 0x7f5b62400000, shared: true, offset: 0, inode: 16302438))
        #expect(parse("016ac000-0173d000 r--p 012ab000 fe:00 5308467   /usr/local/bin/qctl")?.shared == false)
        #expect(parse("03ad3000-03b8b000 rw-p 00000000 00:00 0 ")?.inode == 0)
        #expect(parse("7ffdf1946000-7ffdf1967000 rw-p 00000000 00:00 0                          [stack]")?.end == 0x7ffdf1967000)
        #expect(parse("") == nil)
        #expect(parse("zz-10 r--s 0 fe:00 1") == nil)
        #expect(parse("20-10 r--s 0 fe:00 1") == nil)
    }

    /// The RSS of this process's mapping of `path` in KiB, from /proc/self/smaps; 0 when not found.
    static func residentKiB(ofMapping path: String) -> Int {
        // FileContents reads to the end: Foundation's reader stops at the file's size, 0 in /proc.
        guard let bytes = try? FileContents.read("/proc/self/smaps") else { return 0 }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard let header = lines.firstIndex(where: { $0.hasSuffix(" " + path) }),
              let rss = lines[header...].first(where: { $0.hasPrefix("Rss:") }) else { return 0 }
        return Int(rss.split(separator: " ")[1]) ?? 0
    }

    @Test("the generated secret key is created once, 0600, and shared")
    func secretKeyFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-key-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try SecretKeyStore.secret(configured: nil, brokerPath: folder + "/b.lmdb")
        let second = try SecretKeyStore.secret(configured: nil, brokerPath: folder + "/b.lmdb")
        #expect(first == second && first.count == 64)
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/b.lmdb.key")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try SecretKeyStore.secret(configured: "given", brokerPath: folder + "/b.lmdb") == Array("given".utf8))
    }
}
