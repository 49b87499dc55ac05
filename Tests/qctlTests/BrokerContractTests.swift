import Foundation
import Testing
@testable import QCluster

/// What every ``Broker`` promises, checked against each backend through the protocol alone:
/// queues and leases, results, control, lookups, schedules, heartbeats and wake-ups. Two
/// brokers on one store stand for two clusters (or two machines) sharing it. Every time the
/// broker is given is explicit: nothing here waits on the clock.
@Suite("the broker contract, on every backend")
struct BrokerContractTests {
    // MARK: Helpers

    func message(_ word: String, cluster: String = "default", group: String = "", name: String = "", save: Bool = true,
                 retries: Int? = nil, after: [TaskID] = []) -> TaskMessage {
        TaskMessage(cluster: cluster, command: ["echo", word], customName: name, group: group, saveResult: save, retries: retries, after: after)
    }

    func result(_ message: TaskMessage, success: Bool = true, final: Bool = true, at time: Int64 = 10_000, attempt: Int = 1,
                retryAt: Int64 = 0) -> TaskResult {
        var result = TaskResult(message: message, startedAtMilliseconds: time - 5, stoppedAtMilliseconds: time, exitCode: success ? 0 : 1,
                                success: success, attempts: attempt, reason: success ? "" : "exit status 1", isFinal: final)
        result.retryAtMilliseconds = retryAt
        return result
    }

    /// Leases up to `limit` tasks of `cluster`; the ids of those it handed out.
    @discardableResult
    func lease(_ broker: any Broker, _ cluster: String = "default", limit: Int = 100, for milliseconds: Int64 = 60_000,
               now: Int64 = 1_000) throws -> [TaskID] {
        try broker.lease(cluster: cluster, limit: limit, leaseMilliseconds: milliseconds, now: now).tasks.map(\.message.id)
    }

    func schedule(_ name: String, cluster: String = "default", every milliseconds: Int64 = 1_000, from nextRun: Int64 = 10_000,
                  repeats: Int = -1) -> Schedule {
        Schedule(name: name, kind: .every(milliseconds: milliseconds), template: TaskMessage(cluster: cluster, command: ["echo", name]),
                 nextRunMilliseconds: nextRun, repeats: repeats)
    }

    func fire(_ broker: any Broker, _ cluster: String = "default", now: Int64, catchUp: Bool = false) throws
        -> (fired: [FiredSchedule], rejected: [String], skipped: [SkippedOccurrences]) {
        try broker.fireDueSchedules(cluster: cluster, now: now, catchUp: catchUp, timeZone: .utc)
    }

    /// Checks one queue's counts, as ``BrokerQueries/counts(cluster:)`` and ``BrokerQueries/statistics()``
    /// give them (the first has no `waiting`; a queue missing from the second counts nothing).
    func expectCounts(_ broker: any Broker, _ cluster: String = "default", queued: Int = 0, leased: Int = 0, succeeded: Int = 0,
                      failed: Int = 0, waiting: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = QueueCounts(cluster: cluster, queued: queued, leased: leased, succeeded: succeeded, failed: failed, waiting: waiting)
        var polled = try broker.counts(cluster: cluster)
        polled.waiting = waiting
        #expect(polled == expected, "counts(cluster:)", sourceLocation: sourceLocation)
        let listed = try broker.statistics().queues.first { $0.cluster == cluster }
            ?? QueueCounts(cluster: cluster, queued: 0, leased: 0, succeeded: 0, failed: 0)
        #expect(listed == expected, "statistics()", sourceLocation: sourceLocation)
    }

    /// Whether `fd` polls readable within `milliseconds`.
    func isReadable(_ fd: Int32, within milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var ready: Int32
        repeat { ready = poll(&entry, 1, milliseconds) } while ready == -1 && errno == EINTR
        return ready > 0 && entry.revents & Int16(POLLIN) != 0
    }

    // MARK: Queues and leases

    @Test("queues are FIFO per cluster, leased in batches of the limit until now + the lease time, first as attempt 1",
          arguments: BrokerBackend.allCases)
    func fifoPerCluster(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let tasks = (0..<5).map { message("d\($0)") }
            let long = message("l0", cluster: "long")
            try broker.enqueue(Array(tasks.prefix(2)))
            try broker.enqueue([long] + tasks.suffix(3))
            try expectCounts(broker, queued: 5)
            try expectCounts(broker, "long", queued: 1)
            #expect(try broker.statistics().enqueuedTotal == 6)

            let batch = try broker.lease(cluster: "default", limit: 3, leaseMilliseconds: 1_000, now: 1_000)
            #expect(batch.tasks.map(\.message) == Array(tasks.prefix(3)))
            #expect(batch.rejected.isEmpty)
            #expect(batch.tasks.allSatisfy { $0.attempt == 1 && $0.deadlineMilliseconds == 2_000 })
            try expectCounts(broker, queued: 2, leased: 3)
            #expect(try broker.lease(cluster: "default", limit: 0, leaseMilliseconds: 1_000, now: 1_000).tasks.isEmpty)

            let rest = try broker.lease(cluster: "default", limit: 10, leaseMilliseconds: 500, now: 3_000)
            #expect(rest.tasks.map(\.message) == Array(tasks.suffix(2)))
            #expect(rest.tasks.allSatisfy { $0.attempt == 1 && $0.deadlineMilliseconds == 3_500 })
            #expect(try lease(broker, now: 4_000).isEmpty)
            try expectCounts(broker, leased: 5)
            #expect(try lease(broker, "long") == [long.id])
            try expectCounts(broker, "long", leased: 1)
        }
    }

    @Test("a cluster whose name is a prefix of another's, or a pattern, takes none of its tasks", arguments: BrokerBackend.allCases)
    func clustersNeverMix(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let longer = message("a", cluster: "longer"), lo = message("b", cluster: "lo")
            try broker.enqueue([longer, lo])
            for cluster in ["long", "l", "lon_", "%", "*", ""] {
                #expect(try !broker.hasQueuedTasks(cluster: cluster), "\(cluster)")
                #expect(try lease(broker, cluster).isEmpty, "\(cluster)")
            }
            #expect(try lease(broker, "lo") == [lo.id])
            try expectCounts(broker, "longer", queued: 1)
            try expectCounts(broker, "lo", leased: 1)
            try expectCounts(broker, "long")
            #expect(try lease(broker, "longer") == [longer.id])
        }
    }

    @Test("enqueue is all or none: a task too large for a worker refuses the whole batch", arguments: BrokerBackend.allCases)
    func enqueueAllOrNone(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let small = message("small")
            var huge = message("huge")
            huge.standardInput = [UInt8](repeating: 0x61, count: TaskMessage.maximumEncodedSize)
            #expect(throws: BrokerError.taskTooLarge(id: huge.id, size: huge.encodedSize)) { try broker.enqueue([small, huge]) }
            try expectCounts(broker)
            #expect(try broker.statistics().enqueuedTotal == 0)
            #expect(try broker.status(of: small.id.hex) == nil)
        }
    }

    @Test("a final result acknowledges its task; the counters are exact after every operation", arguments: BrokerBackend.allCases)
    func completeAcknowledges(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let tasks = (0..<4).map { message("m\($0)") }
            try broker.enqueue(tasks)
            try expectCounts(broker, queued: 4)
            #expect(try lease(broker).count == 4)
            try expectCounts(broker, leased: 4)
            let success = result(tasks[0], at: 2_000), failure = result(tasks[1], success: false, at: 3_000)
            try broker.complete([success, failure], saveLimit: 0)
            try expectCounts(broker, leased: 2, succeeded: 1, failed: 1)
            try broker.returnUnstarted([tasks[2].id, tasks[3].id])
            try expectCounts(broker, queued: 2, succeeded: 1, failed: 1)
            broker.releaseIdleMemory()
            try expectCounts(broker, queued: 2, succeeded: 1, failed: 1)

            let statistics = try broker.statistics()
            #expect(statistics.savedSuccesses == 1 && statistics.savedFailures == 1 && statistics.enqueuedTotal == 4)
            #expect(statistics.queued == 2 && statistics.leased == 0)
            #expect(try broker.status(of: tasks[0].id.hex)?.finished == success)
            #expect(try broker.status(of: tasks[1].id.hex)?.finished == failure)
        }
    }

    @Test("results and the leases that replace them come together: only what is queued is leased", arguments: BrokerBackend.allCases)
    func completeWithRefill(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let tasks = (0..<5).map { message("r\($0)") }
            try broker.enqueue(tasks)
            let first = try lease(broker, limit: 2)
            let refill = LeaseRefill(cluster: "default", limit: 2, leaseMilliseconds: 60_000, now: 2_000)
            let next = try broker.complete(tasks.prefix(2).map { result($0) }, saveLimit: 0, refill: refill)
            #expect(first == tasks.prefix(2).map(\.id))
            #expect(next.tasks.map(\.message) == Array(tasks[2..<4]))
            #expect(next.tasks.allSatisfy { $0.attempt == 1 && $0.deadlineMilliseconds == 62_000 })
            try expectCounts(broker, queued: 1, leased: 2, succeeded: 2)
            let last = try broker.complete(tasks[2..<4].map { result($0) }, saveLimit: 0, refill: refill)
            #expect(last.tasks.map(\.message) == [tasks[4]])
            try expectCounts(broker, leased: 1, succeeded: 4)
        }
    }

    @Test("a failure to be retried keeps its lease, which ends at the retry time (or where it was without one)",
          arguments: BrokerBackend.allCases)
    func retryMovesTheDeadline(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let flaky = message("flaky"), silent = message("silent")
            try broker.enqueue([flaky, silent])
            try lease(broker, for: 60_000, now: 1_000)
            try broker.complete([result(flaky, success: false, final: false, at: 2_000, retryAt: 5_000),
                                 result(silent, success: false, final: false, at: 2_000)], saveLimit: 0)
            try expectCounts(broker, leased: 2)

            let status = try #require(try broker.status(of: flaky.id.hex))
            #expect(status.isWaitingForRetry && !status.isRunning)
            guard case let .leased(lease, lastFailure) = status else { Issue.record("not leased: \(status)"); return }
            #expect(lease.deadlineMilliseconds == 5_000 && lease.attempt == 1 && lease.leasedAtMilliseconds == 1_000)
            #expect(lastFailure?.success == false && lastFailure?.isFinal == false)
            #expect(status.pendingFailure?.reason == "exit status 1")
            guard case let .leased(unmoved, _)? = try broker.status(of: silent.id.hex) else { Issue.record("not leased"); return }
            #expect(unmoved.deadlineMilliseconds == 61_000)

            #expect(try !broker.hasExpiredLeases(cluster: "default", now: 4_999))
            #expect(try broker.hasExpiredLeases(cluster: "default", now: 5_000))
            #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(retries: 1), now: 5_000) == RequeueReport(requeued: 1, gaveUp: 0))
            let again = try broker.lease(cluster: "default", limit: 10, leaseMilliseconds: 60_000, now: 5_000)
            #expect(again.tasks.map(\.message.id) == [flaky.id] && again.tasks.map(\.attempt) == [2])
            try broker.complete([result(flaky, at: 6_000, attempt: 2)], saveLimit: 0)
            try expectCounts(broker, leased: 1, succeeded: 1)
            let final = try #require(try broker.status(of: flaky.id.hex)?.finished)
            #expect(final.success && final.isFinal && final.attempts == 2)
        }
    }

    @Test("a task acknowledged after its lease ran out and it was queued again is not run again", arguments: BrokerBackend.allCases)
    func lateAcknowledgement(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let slow = message("slow")
            try broker.enqueue([slow])
            try lease(broker, for: 10, now: 0)
            #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 0), now: 100) == RequeueReport(requeued: 1, gaveUp: 0))
            try expectCounts(broker, queued: 1)
            try broker.complete([result(slow)], saveLimit: 0)
            try expectCounts(broker, succeeded: 1)
            #expect(try !broker.hasQueuedTasks(cluster: "default"))
            #expect(try lease(broker, now: 200).isEmpty)
            #expect(try broker.status(of: slow.id.hex)?.finished?.success == true)
        }
    }

    @Test("a task counts once: results recorded again (a commit whose reply was lost), or a second run's after a lease ran out",
          arguments: BrokerBackend.allCases)
    func resultsRecordedAgainCountOnce(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let tasks = (0..<3).map { message("once\($0)") }
            try broker.enqueue(tasks)
            try lease(broker, for: 10, now: 0)
            let batch = [result(tasks[0], at: 2_000), result(tasks[1], success: false, at: 2_000)]
            try broker.complete(batch, saveLimit: 0)
            try broker.complete(batch, saveLimit: 0)
            try expectCounts(broker, leased: 1, succeeded: 1, failed: 1)

            // The third task's lease ran out and another worker took it: both runs report.
            #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 0), now: 100) == RequeueReport(requeued: 1, gaveUp: 0))
            #expect(try lease(broker, now: 100) == [tasks[2].id])
            try broker.complete([result(tasks[2], at: 3_000)], saveLimit: 0)
            try broker.complete([result(tasks[2], at: 3_100, attempt: 2)], saveLimit: 0)
            try expectCounts(broker, succeeded: 2, failed: 1)
            #expect(try broker.statistics().savedSuccesses == 2)
        }
    }

    @Test("a returned task keeps its place at the front of the queue and its attempts", arguments: BrokerBackend.allCases)
    func returnUnstarted(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let tasks = (0..<3).map { message("m\($0)") }
            try broker.enqueue(tasks)
            #expect(try lease(broker, limit: 1, now: 0) == [tasks[0].id])
            try broker.returnUnstarted([tasks[0].id])
            try expectCounts(broker, queued: 3)
            #expect(try broker.queuedTasks(cluster: "default", group: nil, limit: 10) == tasks.map { QueuedTask(message: $0, attempts: 0) })
            let again = try broker.lease(cluster: "default", limit: 3, leaseMilliseconds: 60_000, now: 0)
            #expect(again.tasks.map(\.message.id) == tasks.map(\.id) && again.tasks.map(\.attempt) == [1, 1, 1])

            // Delivered twice (a lease ran out), then returned unstarted: one delivery counted.
            #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 0), now: 60_000) == RequeueReport(requeued: 3, gaveUp: 0))
            #expect(try broker.lease(cluster: "default", limit: 1, leaseMilliseconds: 60_000, now: 70_000).tasks.map(\.attempt) == [2])
            try broker.returnUnstarted([tasks[0].id, TaskID()])
            #expect(try broker.queuedTasks(cluster: "default", group: nil, limit: 10).map(\.attempts) == [1, 1, 1])
            let third = try broker.lease(cluster: "default", limit: 3, leaseMilliseconds: 60_000, now: 70_000)
            #expect(third.tasks.map(\.message.id) == tasks.map(\.id) && third.tasks.map(\.attempt) == [2, 2, 2])
            try expectCounts(broker, leased: 3)
        }
    }

    @Test("a lease's deadline moves only from the deadline the caller saw", arguments: BrokerBackend.allCases)
    func moveLeaseDeadlines(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let task = message("x"), other = message("y")
            try broker.enqueue([task, other])
            try lease(broker, for: 1_000, now: 0)
            #expect(try broker.moveLeaseDeadlines([LeaseMove(task: task.id, from: 999, to: 50_000)]).isEmpty)
            #expect(try broker.moveLeaseDeadlines([LeaseMove(task: task.id, from: 1_000, to: 50_000),
                                                   LeaseMove(task: other.id, from: 2_000, to: 50_000),
                                                   LeaseMove(task: TaskID(), from: 1_000, to: 50_000)]) == [task.id])
            let deadlines = try broker.leasedTasks(cluster: "default", group: nil, limit: 10).map { ($0.message.id, $0.deadlineMilliseconds) }
            #expect(Dictionary(uniqueKeysWithValues: deadlines) == [task.id: 50_000, other.id: 1_000])
            #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 0), now: 20_000) == RequeueReport(requeued: 1, gaveUp: 0))
            // Queued again since: the deadline its runner saw is no longer its lease's.
            #expect(try broker.moveLeaseDeadlines([LeaseMove(task: other.id, from: 1_000, to: 90_000)]).isEmpty)
            #expect(try !broker.hasExpiredLeases(cluster: "default", now: 49_999))
            #expect(try broker.hasExpiredLeases(cluster: "default", now: 50_000))
        }
    }

    @Test("an expired lease is delivered again with its attempt counted until the delivery limit, then given up as failed",
          arguments: BrokerBackend.allCases)
    func deliveryLimit(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            // The limit is max_attempts, raised to cover a task's own retries.
            let plain = message("plain"), retried = message("retried", retries: 2)
            let policy = RetryPolicy(retries: 0, maxAttempts: 2)
            try broker.enqueue([plain, retried])
            try lease(broker, for: 100, now: 1_000)
            #expect(try broker.requeueExpired(cluster: "default", policy: policy, now: 1_099) == RequeueReport(requeued: 0, gaveUp: 0))
            #expect(try broker.requeueExpired(cluster: "other", policy: policy, now: 5_000) == RequeueReport(requeued: 0, gaveUp: 0))
            #expect(try broker.requeueExpired(cluster: "default", policy: policy, now: 1_100) == RequeueReport(requeued: 2, gaveUp: 0))
            try expectCounts(broker, queued: 2)
            #expect(try broker.queuedTasks(cluster: "default", group: nil, limit: 10).map(\.attempts) == [1, 1])

            #expect(try broker.lease(cluster: "default", limit: 10, leaseMilliseconds: 100, now: 2_000).tasks.map(\.attempt) == [2, 2])
            #expect(try broker.requeueExpired(cluster: "default", policy: policy, now: 2_100) == RequeueReport(requeued: 1, gaveUp: 1))
            try expectCounts(broker, queued: 1, failed: 1)
            let gaveUp = try #require(try broker.status(of: plain.id.hex)?.finished)
            #expect(!gaveUp.success && gaveUp.isFinal && gaveUp.attempts == 2)
            #expect(gaveUp.reason.contains("gave up after 2 attempts"), "\(gaveUp.reason)")

            #expect(try broker.lease(cluster: "default", limit: 10, leaseMilliseconds: 100, now: 3_000).tasks.map(\.attempt) == [3])
            #expect(try broker.requeueExpired(cluster: "default", policy: policy, now: 3_100) == RequeueReport(requeued: 0, gaveUp: 1))
            try expectCounts(broker, failed: 2)
            let last = try #require(try broker.status(of: retried.id.hex)?.finished)
            #expect(last.reason.contains("gave up after 3 attempts"), "\(last.reason)")
        }
    }

    @Test("a task whose retried failure is left when the delivery limit is reached ends as that failure, given up",
          arguments: BrokerBackend.allCases)
    func deliveryLimitAfterFailure(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let task = message("retry-me")
            try broker.enqueue([task])
            try lease(broker, for: 100, now: 1_000)
            #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 2), now: 1_100) == RequeueReport(requeued: 1, gaveUp: 0))
            #expect(try broker.lease(cluster: "default", limit: 1, leaseMilliseconds: 100, now: 2_000).tasks.first?.attempt == 2)
            try broker.complete([result(task, success: false, final: false, at: 2_050, attempt: 2)], saveLimit: 0)
            try expectCounts(broker, leased: 1)
            #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 2), now: 2_100) == RequeueReport(requeued: 0, gaveUp: 1))
            let final = try #require(try broker.status(of: task.id.hex)?.finished)
            #expect(final.isFinal && !final.success && final.exitCode == 1)
            #expect(final.reason.contains("gave up after 2 attempts"), "\(final.reason)")
            try expectCounts(broker, failed: 1)
        }
    }

    @Test("hasQueuedTasks and hasExpiredLeases answer for one cluster", arguments: BrokerBackend.allCases)
    func cheapQuestions(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            #expect(try !broker.hasQueuedTasks(cluster: "default"))
            try broker.enqueue([message("a"), message("b", cluster: "long")])
            #expect(try broker.hasQueuedTasks(cluster: "default") && broker.hasQueuedTasks(cluster: "long"))
            #expect(try !broker.hasQueuedTasks(cluster: "other"))
            #expect(try broker.setQueuePaused(cluster: "default", true))
            #expect(try !broker.hasQueuedTasks(cluster: "default"))
            #expect(try broker.setQueuePaused(cluster: "default", false))
            #expect(try broker.hasQueuedTasks(cluster: "default"))
            try lease(broker, for: 100, now: 1_000)
            #expect(try !broker.hasQueuedTasks(cluster: "default"))
            #expect(try !broker.hasExpiredLeases(cluster: "default", now: 1_099))
            #expect(try broker.hasExpiredLeases(cluster: "default", now: 1_100))
            #expect(try !broker.hasExpiredLeases(cluster: "long", now: 5_000))
        }
    }

    @Test("two brokers on one store, leasing at once from four threads, hand out every task exactly once",
          arguments: BrokerBackend.allCases)
    func concurrentLeases(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let brokers = [store.broker, try store.open()]
            let tasks = (0..<300).map { message("c\($0)") }
            try store.broker.enqueue(tasks)
            let taken = Locked<[TaskID]>([]), rejected = Locked<[RejectedTask]>([])
            try onThreads(4) { index in
                let broker = brokers[index % 2]
                while true {
                    let batch = try broker.lease(cluster: "default", limit: 2, leaseMilliseconds: 60_000, now: 1_000)
                    taken.withLock { $0 += batch.tasks.map(\.message.id) }
                    rejected.withLock { $0 += batch.rejected }
                    if batch.tasks.isEmpty, try !broker.hasQueuedTasks(cluster: "default") { break }
                }
            }
            let all = taken.value
            #expect(rejected.value.isEmpty)
            #expect(all.count == tasks.count)
            #expect(Set(all) == Set(tasks.map(\.id)))
            try expectCounts(store.broker, leased: 300)
        }
    }

    // MARK: Signatures

    @Test("a broker with another secret key records the tasks as failed 'bad signature' and never hands them out",
          arguments: BrokerBackend.allCases)
    func otherKey(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let tasks = [message("one"), message("two")]
            try broker.enqueue(tasks)
            let other = try store.open(secretKey: BrokerStore.otherSecretKey)
            let batch = try other.lease(cluster: "default", limit: 10, leaseMilliseconds: 1_000, now: 1_000)
            #expect(batch.tasks.isEmpty)
            #expect(batch.rejected.map(\.id) == tasks.map(\.id))
            #expect(batch.rejected.allSatisfy { $0.reason.hasPrefix("bad signature") }, "\(batch.rejected)")
            for task in tasks {
                let failure = try #require(try broker.status(of: task.id.hex)?.finished)
                #expect(!failure.success && failure.isFinal && failure.reason.hasPrefix("bad signature"), "\(failure.reason)")
            }
            try expectCounts(broker, failed: 2)
            #expect(try lease(broker).isEmpty)

            // And the other way round.
            let foreign = message("three")
            try other.enqueue([foreign])
            let back = try broker.lease(cluster: "default", limit: 10, leaseMilliseconds: 1_000, now: 2_000)
            #expect(back.tasks.isEmpty && back.rejected.map(\.id) == [foreign.id])
            try expectCounts(broker, failed: 3)
        }
    }

    // MARK: Pause, purge, results

    @Test("a paused queue leases nothing until resumed, while enqueue goes on; other queues run", arguments: BrokerBackend.allCases)
    func pauseAndResume(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker, other = try store.open()
            #expect(try broker.pausedQueues().isEmpty)
            #expect(try broker.setQueuePaused(cluster: "default", true))
            #expect(try !broker.setQueuePaused(cluster: "default", true))
            #expect(try broker.pausedQueues() == ["default"])
            #expect(try other.pausedQueues() == ["default"])
            #expect(try broker.statistics().pausedQueues == ["default"])
            let held = message("held"), elsewhere = message("runs", cluster: "long")
            try broker.enqueue([held, elsewhere])
            try expectCounts(broker, queued: 1)
            #expect(try lease(other).isEmpty)
            #expect(try other.complete([], saveLimit: 0, refill: LeaseRefill(cluster: "default", limit: 5, leaseMilliseconds: 1_000, now: 1_000)).tasks.isEmpty)
            #expect(try lease(other, "long") == [elsewhere.id])

            #expect(try other.setQueuePaused(cluster: "default", false))
            #expect(try !other.setQueuePaused(cluster: "default", false))
            #expect(try broker.pausedQueues().isEmpty)
            #expect(try lease(broker) == [held.id])
        }
    }

    @Test("purge deletes one cluster's queued tasks, not its leased ones nor another cluster's", arguments: BrokerBackend.allCases)
    func purge(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let tasks = (0..<3).map { message("x\($0)") }, long = message("y", cluster: "long")
            try broker.enqueue(tasks + [long])
            try lease(broker, limit: 1)
            #expect(try broker.purge(cluster: "default") == 2)
            try expectCounts(broker, leased: 1)
            try expectCounts(broker, "long", queued: 1)
            #expect(try broker.queuedTasks(cluster: nil, group: nil, limit: 10).map(\.message.id) == [long.id])
            #expect(try broker.status(of: tasks[1].id.hex) == nil)
            #expect(try broker.purge(cluster: "default") == 0)
        }
    }

    @Test("results list newest first, by success, cluster and group; deleteGroup deletes a group's", arguments: BrokerBackend.allCases)
    func results(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let a = message("a", group: "g"), b = message("b", group: "g"), c = message("c", cluster: "long"), d = message("d", cluster: "long", group: "g")
            try broker.enqueue([a, b, c, d])
            try lease(broker)
            try lease(broker, "long")
            try broker.complete([result(c, at: 30), result(a, at: 10), result(d, at: 40), result(b, success: false, at: 20)], saveLimit: 0)
            func ids(_ filter: ResultFilter) throws -> [TaskID] { try broker.results(filter).map(\.id) }
            #expect(try ids(ResultFilter()) == [d.id, c.id, b.id, a.id])
            #expect(try ids(ResultFilter(success: true)) == [d.id, c.id, a.id])
            #expect(try ids(ResultFilter(success: false)) == [b.id])
            #expect(try ids(ResultFilter(group: "g")) == [d.id, b.id, a.id])
            #expect(try ids(ResultFilter(cluster: "long")) == [d.id, c.id])
            #expect(try ids(ResultFilter(success: true, cluster: "default", group: "g")) == [a.id])
            #expect(try ids(ResultFilter(limit: 2)) == [d.id, c.id])
            #expect(try ids(ResultFilter(limit: 0)).isEmpty)

            #expect(try broker.deleteGroup("g") == 3)
            #expect(try ids(ResultFilter()) == [c.id])
            let statistics = try broker.statistics()
            #expect(statistics.savedSuccesses == 1 && statistics.savedFailures == 0)
            #expect(try broker.deleteGroup("g") == 0)
        }
    }

    @Test("save_limit keeps the newest successes and every failure", arguments: BrokerBackend.allCases)
    func saveLimit(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let tasks = (0..<7).map { message("p\($0)") }
            try broker.enqueue(tasks)
            try lease(broker)
            try broker.complete((0..<5).map { result(tasks[$0], at: 1_000 + Int64($0)) } + [result(tasks[5], success: false, at: 900)], saveLimit: 2)
            #expect(try broker.results(ResultFilter(success: true)).map(\.id) == [tasks[4].id, tasks[3].id])
            #expect(try broker.results(ResultFilter(success: false)).map(\.id) == [tasks[5].id])
            #expect(try broker.status(of: tasks[0].id.hex) == nil)
            try broker.complete([result(tasks[6], at: 2_000)], saveLimit: 2)
            #expect(try broker.results(ResultFilter(success: true)).map(\.id) == [tasks[6].id, tasks[4].id])
            let statistics = try broker.statistics()
            #expect(statistics.savedSuccesses == 2 && statistics.savedFailures == 1)
            try expectCounts(broker, succeeded: 6, failed: 1)
        }
    }

    @Test("stored results stay counted exactly as results replace earlier ones, and save_limit keeps exactly its newest successes",
          arguments: BrokerBackend.allCases)
    func savedCountsStayExact(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            func saved() throws -> [Int] {
                let statistics = try broker.statistics()
                return [statistics.savedSuccesses, statistics.savedFailures]
            }
            // A task whose lease runs out after a failure to be retried was stored: given up,
            // its final failure takes that one's place.
            let lost = message("lost", group: "g")
            try broker.enqueue([lost])
            try lease(broker, for: 100)
            try broker.complete([result(lost, success: false, final: false, at: 1_050)], saveLimit: 3)
            #expect(try saved() == [0, 1])
            #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 1), now: 5_000) == RequeueReport(requeued: 0, gaveUp: 1))
            #expect(try saved() == [0, 1])

            let tasks = (0..<3).map { message("s\($0)", group: "g") }, other = message("s3", cluster: "long", group: "g")
            try broker.enqueue(tasks + [other])
            try lease(broker)
            try lease(broker, "long")
            // A failure to be retried is stored, then replaced by the task's success.
            try broker.complete([result(tasks[0], success: false, final: false, at: 1_000)], saveLimit: 3)
            #expect(try saved() == [0, 2])
            try broker.complete([result(tasks[0], at: 1_100, attempt: 2)], saveLimit: 3)
            #expect(try saved() == [1, 1])
            // A batch recorded twice (its commit's reply lost) stores each result once.
            let batch = [result(tasks[1], at: 1_200), result(tasks[2], success: false, at: 1_300)]
            try broker.complete(batch, saveLimit: 3)
            try broker.complete(batch, saveLimit: 3)
            #expect(try saved() == [2, 2])
            // save_limit counts the successes of every cluster: another cluster's newer one
            // pushes out the oldest.
            try broker.complete([result(other, at: 1_400)], saveLimit: 2)
            #expect(try saved() == [2, 2])
            #expect(try broker.results(ResultFilter(success: true)).map(\.id) == [other.id, tasks[1].id])
            #expect(try broker.deleteGroup("g") == 4 && saved() == [0, 0])
        }
    }

    @Test("save_limit -1 and a task enqueued not to save keep no success, yet count it; failures are kept",
          arguments: BrokerBackend.allCases)
    func keepNothing(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let quiet = message("q", save: false), quietFailure = message("qf", save: false), loud = message("l"), unsaved = message("u")
            try broker.enqueue([quiet, quietFailure, loud, unsaved])
            try lease(broker)
            try broker.complete([result(quiet, at: 10), result(quietFailure, success: false, at: 20), result(loud, at: 30)], saveLimit: 0)
            #expect(try broker.results(ResultFilter()).map(\.id) == [loud.id, quietFailure.id])
            try broker.complete([result(unsaved, at: 40)], saveLimit: -1)
            #expect(try broker.results(ResultFilter()).map(\.id) == [loud.id, quietFailure.id])
            #expect(try broker.status(of: unsaved.id.hex) == nil)
            try expectCounts(broker, succeeded: 3, failed: 1)
        }
    }

    // MARK: Lookups and lists

    @Test("status finds a task by id, by 8 or more of its hex digits and by name, the newest of that name; nil for none",
          arguments: BrokerBackend.allCases)
    func lookups(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let named = message("n", name: "nightly-report"), plain = message("p"), leased = message("l"), finished = message("f")
            try broker.enqueue([finished, leased, named, plain])
            try lease(broker, limit: 2)
            try broker.complete([result(finished)], saveLimit: 0)
            for task in [named, plain, leased, finished] {
                for key in [task.id.hex, String(task.id.hex.prefix(8)), String(task.id.hex.prefix(13))] {
                    #expect(try broker.status(of: key)?.message.id == task.id, "\(task.name) by \(key)")
                }
                #expect(try broker.status(of: task.name)?.message.id == task.id, "by its name \(task.name)")
            }
            let newer = message("n2", name: "nightly-report")
            try broker.enqueue([newer])
            #expect(try broker.status(of: "nightly-report")?.message.id == newer.id)

            #expect(try broker.status(of: "no-such-task") == nil)
            #expect(try broker.status(of: TaskID().hex) == nil)
            #expect(try broker.status(of: "00000000") == nil)
            #expect(try broker.status(of: String(plain.id.hex.prefix(7))) == nil, "7 digits are too few to be a short id")
        }
    }

    @Test("a name finds the newest task of that name, also after an older one of that name finished", arguments: BrokerBackend.allCases)
    func newestOfAName(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let older = message("older", name: "report")
            try broker.enqueue([older])
            let newer = message("newer", name: "report")
            try broker.enqueue([newer])
            #expect(try lease(broker, limit: 1) == [older.id])
            try broker.complete([result(older)], saveLimit: 0)
            let found = try broker.status(of: "report")?.message.id
            #expect(found == newer.id)
        }
    }

    @Test("queued tasks list in delivery order, by cluster and group, up to the limit", arguments: BrokerBackend.allCases)
    func queuedTasks(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let a = message("a", group: "g"), b = message("b", cluster: "long", group: "g"), c = message("c"), d = message("d", group: "g")
            try broker.enqueue([a, b])
            try broker.enqueue([c, d])
            func ids(_ cluster: String?, _ group: String?, _ limit: Int = 10) throws -> [TaskID] {
                try broker.queuedTasks(cluster: cluster, group: group, limit: limit).map(\.message.id)
            }
            #expect(try ids("default", nil) == [a.id, c.id, d.id])
            #expect(try ids("default", "g") == [a.id, d.id])
            #expect(try ids("default", nil, 2) == [a.id, c.id])
            #expect(try ids("long", nil) == [b.id])
            #expect(try Set(ids(nil, nil)) == Set([a.id, b.id, c.id, d.id]))
            #expect(try Set(ids(nil, "g")) == Set([a.id, b.id, d.id]))
            #expect(try ids(nil, nil, 0).isEmpty)
            #expect(try broker.queuedTasks(cluster: "default", group: nil, limit: 1) == [QueuedTask(message: a, attempts: 0)])
        }
    }

    @Test("leased tasks list with their attempt, deadline and lease time, by cluster and group", arguments: BrokerBackend.allCases)
    func leasedTasks(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let a = message("a"), b = message("b", group: "g"), c = message("c", cluster: "long", group: "g")
            try broker.enqueue([a, b, c])
            try lease(broker, limit: 1, for: 500, now: 1_000)
            try lease(broker, limit: 1, for: 500, now: 2_000)
            try lease(broker, "long", for: 1_000, now: 3_000)
            let all = try broker.leasedTasks(cluster: nil, group: nil, limit: 10)
            #expect(Set(all.map(\.message.id)) == [a.id, b.id, c.id] && all.count == 3)
            let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.message.id, $0) })
            #expect(byID[a.id] == LeaseInfo(message: a, attempt: 1, deadlineMilliseconds: 1_500, leasedAtMilliseconds: 1_000))
            #expect(byID[b.id] == LeaseInfo(message: b, attempt: 1, deadlineMilliseconds: 2_500, leasedAtMilliseconds: 2_000))
            #expect(byID[c.id] == LeaseInfo(message: c, attempt: 1, deadlineMilliseconds: 4_000, leasedAtMilliseconds: 3_000))
            #expect(try Set(broker.leasedTasks(cluster: "default", group: nil, limit: 10).map(\.message.id)) == [a.id, b.id])
            #expect(try Set(broker.leasedTasks(cluster: nil, group: "g", limit: 10).map(\.message.id)) == [b.id, c.id])
            #expect(try broker.leasedTasks(cluster: "default", group: "g", limit: 10).map(\.message.id) == [b.id])
            #expect(try broker.leasedTasks(cluster: nil, group: nil, limit: 2).count == 2)
        }
    }

    @Test("the task list: leased, then queued in delivery order, then waiting, then results newest first, up to the limit",
          arguments: BrokerBackend.allCases)
    func taskList(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let r1 = message("r1", group: "g"), r2 = message("r2"), l1 = message("l1"), r3 = message("r3", cluster: "long")
            try broker.enqueue([r1, r2, l1, r3])
            try lease(broker)
            try lease(broker, "long")
            try broker.complete([result(r1, at: 10), result(r2, success: false, at: 20), result(r3, at: 30)], saveLimit: 0)
            let q1 = message("q1"), q2 = message("q2", group: "g"), w1 = message("w1", after: [l1.id])
            try broker.enqueue([q1, q2, w1])
            func ids(_ filter: TaskListFilter) throws -> [TaskID] { try broker.tasks(filter).map(\.message.id) }
            let everything = [l1.id, q1.id, q2.id, w1.id, r3.id, r2.id, r1.id]
            #expect(try ids(TaskListFilter()) == everything)
            #expect(try ids(TaskListFilter(state: .leased)) == [l1.id])
            #expect(try ids(TaskListFilter(state: .queued)) == [q1.id, q2.id, w1.id])
            #expect(try ids(TaskListFilter(state: .succeeded)) == [r3.id, r1.id])
            #expect(try ids(TaskListFilter(state: .failed)) == [r2.id])
            #expect(try ids(TaskListFilter(limit: 3)) == [l1.id, q1.id, q2.id])
            #expect(try ids(TaskListFilter(limit: 5)) == Array(everything.prefix(5)))
            #expect(try ids(TaskListFilter(group: "g")) == [q2.id, r1.id])
            #expect(try ids(TaskListFilter(cluster: "long")) == [r3.id])
            #expect(try ids(TaskListFilter(state: .succeeded, cluster: "default")) == [r1.id])
            let statuses = try broker.tasks(TaskListFilter())
            guard case .leased = statuses[0], case .queued = statuses[3], case .finished = statuses[4] else {
                Issue.record("wrong states: \(statuses)")
                return
            }
            // A failed attempt to be retried shows once, as the leased task it is.
            try broker.complete([result(l1, success: false, final: false, at: 50, retryAt: 90_000)], saveLimit: 0)
            #expect(try ids(TaskListFilter()) == everything)
        }
    }

    // MARK: Tasks that run after others

    @Test("a task after others waits, and is queued once they all succeeded", arguments: BrokerBackend.allCases)
    func afterOthers(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let a = message("a"), b = message("b")
            try broker.enqueue([a, b])
            let c = message("c", after: [a.id, b.id])
            try broker.enqueue([c])
            try expectCounts(broker, queued: 2, waiting: 1)
            let waiting = try #require(try broker.status(of: c.id.hex)?.queued)
            #expect(waiting.message == c && Set(waiting.waitingFor) == [a.id, b.id])
            #expect(try broker.waitingTasks(cluster: nil, group: nil, limit: 10).map(\.message.id) == [c.id])
            #expect(try broker.queuedTasks(cluster: "default", group: nil, limit: 10).map(\.message.id) == [a.id, b.id])

            #expect(try lease(broker) == [a.id, b.id])
            try broker.complete([result(a)], saveLimit: 0)
            try expectCounts(broker, leased: 1, succeeded: 1, waiting: 1)
            #expect(try broker.status(of: c.id.hex)?.queued?.waitingFor == [b.id])
            try broker.complete([result(b)], saveLimit: 0)
            try expectCounts(broker, queued: 1, succeeded: 2)
            #expect(try broker.waitingTasks(cluster: nil, group: nil, limit: 10).isEmpty)
            #expect(try lease(broker) == [c.id])

            // After tasks that already succeeded: queued at once.
            let d = message("d", after: [a.id])
            try broker.enqueue([d])
            try expectCounts(broker, queued: 1, leased: 1, succeeded: 2)
        }
    }

    @Test("tasks that wait list oldest first, by cluster and group", arguments: BrokerBackend.allCases)
    func waitingTasks(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let first = message("first")
            try broker.enqueue([first])
            let e = message("e", after: [first.id]), f = message("f", cluster: "long", group: "g", after: [first.id])
            try broker.enqueue([e])
            try broker.enqueue([f])
            #expect(try broker.waitingTasks(cluster: nil, group: nil, limit: 10).map(\.message.id) == [e.id, f.id])
            #expect(try broker.waitingTasks(cluster: nil, group: nil, limit: 1).map(\.message.id) == [e.id])
            #expect(try broker.waitingTasks(cluster: "long", group: nil, limit: 10).map(\.message.id) == [f.id])
            #expect(try broker.waitingTasks(cluster: nil, group: "g", limit: 10) == [QueuedTask(message: f, attempts: 0, waitingFor: [first.id])])
            try expectCounts(broker, queued: 1, waiting: 1)
            try expectCounts(broker, "long", waiting: 1)
        }
    }

    @Test("a task after one that fails is cancelled, and so is the chain after it", arguments: BrokerBackend.allCases)
    func afterAFailure(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let a = message("a")
            try broker.enqueue([a])
            let b = message("b", after: [a.id])
            try broker.enqueue([b])
            let c = message("c", cluster: "long", after: [b.id])
            try broker.enqueue([c])
            try expectCounts(broker, queued: 1, waiting: 1)
            try expectCounts(broker, "long", waiting: 1)
            try lease(broker)
            try broker.complete([result(a, success: false)], saveLimit: 0)

            for (task, before) in [(b, a), (c, b)] {
                let cancelled = try #require(try broker.status(of: task.id.hex)?.finished)
                #expect(!cancelled.success && cancelled.isFinal && cancelled.interruption == .cancelled)
                #expect(cancelled.reason.contains(before.name), "\(cancelled.reason)")
            }
            try expectCounts(broker, failed: 2)
            try expectCounts(broker, "long", failed: 1)
            #expect(try broker.waitingTasks(cluster: nil, group: nil, limit: 10).isEmpty)

            // After a task that already failed: cancelled at once.
            let d = message("d", after: [a.id])
            try broker.enqueue([d])
            #expect(try broker.status(of: d.id.hex)?.finished?.interruption == .cancelled)
            try expectCounts(broker, failed: 3)
        }
    }

    // MARK: Control

    @Test("cancel takes queued and waiting tasks off, all or none; a running task is refused", arguments: BrokerBackend.allCases)
    func cancel(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let running = message("r"), a = message("a"), b = message("b", group: "g"), c = message("c", group: "g")
            try broker.enqueue([running, a, b, c])
            let waiting = message("w", group: "g", after: [running.id])
            try broker.enqueue([waiting])
            #expect(try lease(broker, limit: 1) == [running.id])

            #expect(try broker.cancel(.tasks([a.id.hex]), now: 5_000).map(\.id) == [a.id])
            let record = try #require(try broker.status(of: a.id.hex)?.finished)
            #expect(!record.success && record.isFinal && record.interruption == .cancelled && record.stoppedAtMilliseconds == 5_000)
            try expectCounts(broker, queued: 2, leased: 1, failed: 1, waiting: 1)

            let refused = #expect(throws: ControlError.self) { try broker.cancel(.tasks([b.id.hex, running.id.hex]), now: 5_000) }
            guard case .wrongState? = refused else { Issue.record("\(String(describing: refused))"); return }
            let unknown = #expect(throws: ControlError.self) { try broker.cancel(.tasks(["no-such-task"]), now: 5_000) }
            #expect(unknown == .unknownTask("no-such-task"))
            try expectCounts(broker, queued: 2, leased: 1, failed: 1, waiting: 1)

            #expect(try Set(broker.cancel(.group("g", cluster: nil), now: 6_000).map(\.id)) == [b.id, c.id, waiting.id])
            try expectCounts(broker, leased: 1, failed: 4)
            let other = message("o", cluster: "long")
            try broker.enqueue([other])
            #expect(try broker.cancel(.cluster("long"), now: 7_000).map(\.id) == [other.id])
            try expectCounts(broker, "long", failed: 1)

            // Waiting for a retry is not running: it can be cancelled.
            try broker.complete([result(running, success: false, final: false, at: 8_000, retryAt: 90_000)], saveLimit: 0)
            #expect(try broker.cancel(.tasks([running.id.hex]), now: 9_000).map(\.id) == [running.id])
            #expect(try broker.status(of: running.id.hex)?.finished?.interruption == .cancelled)
            try expectCounts(broker, failed: 5)
        }
    }

    @Test("kill asks for a running task's kill; its result then ends it as killed, final, whatever its retries",
          arguments: BrokerBackend.allCases)
    func kill(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let task = message("runs"), queued = message("waits")
            try broker.enqueue([task, queued])
            try lease(broker, limit: 1)
            let refused = #expect(throws: ControlError.self) { try broker.kill(queued.id.hex, now: 2_000) }
            guard case .wrongState? = refused else { Issue.record("\(String(describing: refused))"); return }
            #expect(throws: ControlError.unknownTask("no-such-task")) { try broker.kill("no-such-task", now: 2_000) }
            #expect(try broker.killRequests().isEmpty)

            #expect(try broker.kill(task.id.hex, now: 2_000).id == task.id)
            #expect(try broker.killRequests() == [task.id])
            #expect(try store.open().killRequests() == [task.id])
            try expectCounts(broker, queued: 1, leased: 1)

            try broker.complete([result(task, success: false, final: false, at: 3_000, retryAt: 10_000)], saveLimit: 0)
            let killed = try #require(try broker.status(of: task.id.hex)?.finished)
            #expect(killed.isFinal && !killed.success && killed.interruption == .killed)
            #expect(killed.reason.hasPrefix("killed"), "\(killed.reason)")
            #expect(try broker.killRequests().isEmpty)
            try expectCounts(broker, queued: 1, failed: 1)
            #expect(try lease(broker, now: 20_000) == [queued.id])
            #expect(throws: ControlError.self) { try broker.kill(task.id.hex, now: 4_000) }
        }
    }

    @Test("a kill asked for a task whose cluster died ends it when its lease runs out", arguments: BrokerBackend.allCases)
    func killAfterClusterDied(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let task = message("orphan")
            try broker.enqueue([task])
            try lease(broker, for: 100, now: 1_000)
            _ = try broker.kill(task.id.hex, now: 1_050)
            #expect(try broker.requeueExpired(cluster: "default", policy: RetryPolicy(maxAttempts: 0), now: 1_100) == RequeueReport(requeued: 0, gaveUp: 1))
            let killed = try #require(try broker.status(of: task.id.hex)?.finished)
            #expect(killed.isFinal && !killed.success && killed.interruption == .killed)
            #expect(try broker.killRequests().isEmpty)
            try expectCounts(broker, failed: 1)
        }
    }

    @Test("a kill of a task waiting for a retry ends it at once", arguments: BrokerBackend.allCases)
    func killWhileWaitingForRetry(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let task = message("flaky")
            try broker.enqueue([task])
            try lease(broker)
            try broker.complete([result(task, success: false, final: false, at: 2_000, retryAt: 50_000)], saveLimit: 0)
            #expect(try broker.kill(task.id.hex, now: 3_000).id == task.id)
            let killed = try #require(try broker.status(of: task.id.hex)?.finished)
            #expect(killed.isFinal && killed.interruption == .killed)
            #expect(try broker.killRequests().isEmpty)
            try expectCounts(broker, failed: 1)
            #expect(try !broker.hasExpiredLeases(cluster: "default", now: 60_000))
        }
    }

    @Test("rerun of a finished task enqueues a copy with a new id, linked both ways", arguments: BrokerBackend.allCases)
    func rerun(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let task = message("again", group: "g")
            try broker.enqueue([task])
            try lease(broker)
            try broker.complete([result(task, success: false)], saveLimit: 0)
            let copies = try broker.rerun(.tasks([task.id.hex]), now: 7_000)
            let copy = try #require(copies.first)
            #expect(copies.count == 1)
            #expect(copy.id != task.id && copy.rerunOf == task.id && copy.enqueuedAtMilliseconds == 7_000)
            #expect(copy.command == task.command && copy.cluster == task.cluster && copy.group == task.group)
            #expect(try broker.status(of: task.id.hex)?.finished?.rerunAs == copy.id)
            #expect(try broker.status(of: copy.id.hex)?.queued?.message == copy)
            try expectCounts(broker, queued: 1, failed: 1)
            #expect(try broker.statistics().enqueuedTotal == 2)

            #expect(try lease(broker) == [copy.id])
            let running = #expect(throws: ControlError.self) { try broker.rerun(.tasks([copy.id.hex]), now: 8_000) }
            guard case .wrongState? = running else { Issue.record("\(String(describing: running))"); return }
            #expect(throws: ControlError.unknownTask("no-such-task")) { try broker.rerun(.tasks(["no-such-task"]), now: 8_000) }
        }
    }

    @Test("rerun of a group or cluster reruns its failures not run again yet, leaving out successes and cancelled ones",
          arguments: BrokerBackend.allCases)
    func rerunGroup(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let ok = message("ok", group: "g"), bad1 = message("bad1", group: "g"), bad2 = message("bad2", group: "g"), other = message("other")
            let dropped = message("dropped", group: "g")
            try broker.enqueue([ok, bad1, bad2, other, dropped])
            try lease(broker, limit: 4)
            try broker.complete([result(ok, at: 10), result(bad1, success: false, at: 20), result(bad2, success: false, at: 30),
                                 result(other, success: false, at: 40)], saveLimit: 0)
            _ = try broker.cancel(.tasks([dropped.id.hex]), now: 50)

            let copies = try broker.rerun(.group("g", cluster: nil), now: 9_000)
            #expect(Set(copies.compactMap(\.rerunOf)) == [bad1.id, bad2.id] && copies.count == 2)
            #expect(try broker.rerun(.group("g", cluster: nil), now: 9_000).isEmpty)
            #expect(try broker.rerun(.group("other", cluster: "long"), now: 9_000).isEmpty)
            #expect(try broker.rerun(.cluster("default"), now: 9_000).map(\.rerunOf) == [other.id])
            try expectCounts(broker, queued: 3, succeeded: 1, failed: 4)
        }
    }

    // MARK: Schedules

    @Test("schedules are added (a duplicate refused unless replacing), listed by name and read back", arguments: BrokerBackend.allCases)
    func addSchedules(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let b = schedule("b"), a = schedule("a", cluster: "long", every: 60_000, from: 20_000, repeats: 3)
            try broker.addSchedule(b, replace: false)
            try broker.addSchedule(a, replace: false)
            let listed = try broker.schedules()
            #expect(listed.map(\.schedule) == [a, b])
            #expect(listed.allSatisfy { $0.verified })
            #expect(try broker.schedule(named: "a") == a)
            #expect(try store.open().schedule(named: "b") == b)
            #expect(try broker.statistics().schedules == 2)

            let changed = schedule("b", every: 5_000)
            #expect(throws: ScheduleError.duplicate("b")) { try broker.addSchedule(changed, replace: false) }
            #expect(try broker.schedule(named: "b") == b)
            try broker.addSchedule(changed, replace: true)
            #expect(try broker.schedule(named: "b") == changed)
            #expect(try broker.schedules().count == 2)
            #expect(throws: ScheduleError.unknown("none")) { try broker.schedule(named: "none") }
        }
    }

    @Test("a paused schedule does not fire until resumed; a removed one is gone", arguments: BrokerBackend.allCases)
    func pauseAndRemoveSchedules(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            try broker.addSchedule(schedule("tick", from: 1_000), replace: false)
            try broker.setSchedule(named: "tick", paused: true)
            #expect(try broker.schedule(named: "tick").paused)
            #expect(try fire(broker, now: 5_000).fired.isEmpty)
            try expectCounts(broker)
            try broker.setSchedule(named: "tick", paused: false)
            #expect(try !broker.schedule(named: "tick").paused)
            #expect(try fire(broker, now: 5_000).fired.map(\.name) == ["tick"])

            try broker.removeSchedule(named: "tick")
            #expect(try broker.schedules().isEmpty)
            #expect(try broker.statistics().schedules == 0)
            #expect(throws: ScheduleError.unknown("tick")) { try broker.removeSchedule(named: "tick") }
            #expect(throws: ScheduleError.unknown("tick")) { try broker.setSchedule(named: "tick", paused: true) }
            #expect(try fire(broker, now: 10_000).fired.isEmpty)
            try expectCounts(broker, queued: 1)
        }
    }

    @Test("running a schedule enqueues its task now without moving its next run", arguments: BrokerBackend.allCases)
    func runSchedule(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let report = schedule("report", from: 50_000)
            try broker.addSchedule(report, replace: false)
            let task = try broker.runSchedule(named: "report", now: 2_000)
            #expect(task.command == report.template.command && task.cluster == "default")
            #expect(task.id != report.template.id && task.enqueuedAtMilliseconds == 2_000)
            #expect(try broker.status(of: task.id.hex)?.queued?.message == task)
            let after = try broker.schedule(named: "report")
            #expect(after.nextRunMilliseconds == 50_000 && after.lastRunMilliseconds == 2_000 && after.lastTaskID == task.id)
            try expectCounts(broker, queued: 1)
            #expect(throws: ScheduleError.unknown("none")) { try broker.runSchedule(named: "none", now: 2_000) }
        }
    }

    @Test("a due schedule fires once per occurrence: its task is enqueued, its last run recorded and its next run advanced",
          arguments: BrokerBackend.allCases)
    func fireDueSchedules(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            let tick = schedule("tick", from: 10_000)
            try broker.addSchedule(tick, replace: false)
            try broker.addSchedule(schedule("elsewhere", cluster: "long", from: 10_000), replace: false)
            try broker.addSchedule(schedule("twice", cluster: "batch", from: 1_000, repeats: 2), replace: false)
            #expect(try fire(broker, now: 9_999).fired.isEmpty)

            let first = try fire(broker, now: 10_000)
            #expect(first.fired.map(\.name) == ["tick"] && first.rejected.isEmpty && first.skipped.isEmpty)
            let fired = try #require(first.fired.first)
            let task = try #require(try broker.status(of: fired.taskID.hex)?.queued?.message)
            #expect(task.command == tick.template.command && task.name == fired.taskName && task.enqueuedAtMilliseconds == 10_000)
            var after = try broker.schedule(named: "tick")
            #expect(after.nextRunMilliseconds == 11_000 && after.lastRunMilliseconds == 10_000 && after.lastTaskID == fired.taskID)
            #expect(try fire(broker, now: 10_000).fired.isEmpty)
            try expectCounts(broker, queued: 1)
            try expectCounts(broker, "long")

            // Without catch-up, missed occurrences are skipped; with it, each fires, one per call.
            #expect(try fire(broker, now: 13_500).fired.count == 1)
            #expect(try broker.schedule(named: "tick").nextRunMilliseconds == 14_000)
            var nextRuns: [Int64] = []
            while try fire(broker, now: 16_500, catchUp: true).fired.count == 1, nextRuns.count < 10 {
                nextRuns.append(try broker.schedule(named: "tick").nextRunMilliseconds)
            }
            #expect(nextRuns == [15_000, 16_000, 17_000])
            try expectCounts(broker, queued: 5)

            // A schedule with repeats fires that many times, then is done.
            for now in [1_000, 2_000, 3_000, 4_000] as [Int64] { _ = try fire(broker, "batch", now: now) }
            after = try broker.schedule(named: "twice")
            #expect(after.isDone)
            try expectCounts(broker, "batch", queued: 2)
        }
    }

    @Test("with catch-up, occurrences missed beyond the catch-up limit are skipped and reported", arguments: BrokerBackend.allCases)
    func catchUpLimit(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker
            try broker.addSchedule(schedule("late", from: 1_000), replace: false)
            let now: Int64 = 1_000 + 200_000
            let outcome = try fire(broker, now: now, catchUp: true)
            #expect(outcome.fired.map(\.name) == ["late"])
            #expect(outcome.skipped == [SkippedOccurrences(name: "late", keptFromMilliseconds: now - 1_000 * Int64(Schedule.catchUpLimit) + 1_000)])
            #expect(try broker.schedule(named: "late").nextRunMilliseconds == now - 1_000 * Int64(Schedule.catchUpLimit) + 2_000)
            let next = try fire(broker, now: now, catchUp: true)
            #expect(next.fired.count == 1 && next.skipped.isEmpty)
        }
    }

    @Test("two brokers firing the same schedules at once, many times for each moment, fire each occurrence exactly once",
          arguments: BrokerBackend.allCases)
    func concurrentFiring(backend: BrokerBackend) throws {
        try backend.withStore { store in
            try store.broker.addSchedule(schedule("a", from: 1_000), replace: false)
            try store.broker.addSchedule(schedule("b", from: 1_500), replace: false)
            let brokers = [store.broker, try store.open()]
            let fired = Locked<[FiredSchedule]>([])
            try onThreads(4) { index in
                for step in 1...20 {
                    for _ in 0..<3 {
                        let outcome = try brokers[index % 2].fireDueSchedules(cluster: "default", now: Int64(step) * 1_000, catchUp: true, timeZone: .utc)
                        fired.withLock { $0 += outcome.fired }
                    }
                }
            }
            // Whatever is still due at the last moment fires now, one occurrence per call.
            for _ in 0..<50 {
                let outcome = try fire(store.broker, now: 20_000, catchUp: true)
                if outcome.fired.isEmpty { break }
                fired.withLock { $0 += outcome.fired }
            }
            let all = fired.value
            #expect(all.filter { $0.name == "a" }.count == 20)  // 1 000 … 20 000
            #expect(all.filter { $0.name == "b" }.count == 19)  // 1 500 … 19 500
            #expect(Set(all.map(\.taskID)).count == all.count)
            try expectCounts(store.broker, queued: 39)
            #expect(try store.broker.schedule(named: "a").nextRunMilliseconds == 21_000)
            #expect(try store.broker.schedule(named: "b").nextRunMilliseconds == 20_500)
        }
    }

    @Test("a schedule signed with another key is paused and reported as rejected, never fired", arguments: BrokerBackend.allCases)
    func foreignSchedule(backend: BrokerBackend) throws {
        try backend.withStore { store in
            try store.broker.addSchedule(schedule("foreign", from: 1_000), replace: false)
            let other = try store.open(secretKey: BrokerStore.otherSecretKey)
            #expect(try other.schedules().map(\.verified) == [false])
            let outcome = try fire(other, now: 5_000)
            #expect(outcome.fired.isEmpty && outcome.rejected == ["foreign"])
            try expectCounts(store.broker)
            #expect(try store.broker.statistics().enqueuedTotal == 0)
            #expect(try store.broker.schedule(named: "foreign").paused)
            // Paused: not reported again at every look.
            #expect(try fire(other, now: 6_000).rejected.isEmpty)
        }
    }

    @Test("a schedule whose signature fails stays unverified and never runs, even resumed or run by hand", arguments: BrokerBackend.allCases)
    func foreignScheduleNeverRuns(backend: BrokerBackend) throws {
        try backend.withStore { store in
            try store.broker.addSchedule(schedule("foreign", from: 1_000), replace: false)
            let other = try store.open(secretKey: BrokerStore.otherSecretKey)
            #expect(try fire(other, now: 5_000).rejected == ["foreign"])
            #expect(try other.schedules().map(\.verified) == [false])
            #expect(try store.broker.schedules().map(\.verified) == [true])
            #expect(throws: ScheduleError.unverified("foreign")) { try other.runSchedule(named: "foreign", now: 6_000) }
            try other.setSchedule(named: "foreign", paused: false)
            #expect(try fire(other, now: 7_000).rejected == ["foreign"])
            #expect(try other.lease(cluster: "default", limit: 10, leaseMilliseconds: 1_000, now: 8_000).tasks.isEmpty)
            #expect(try store.broker.schedules().map(\.verified) == [true])
        }
    }

    // MARK: Heartbeats

    func stat(_ cluster: String, heartbeat: Int64) -> ClusterStat {
        var stat = ClusterStat(clusterID: TaskID(), cluster: cluster, host: "host-\(cluster)", sentinelPID: 100, guardCycleMilliseconds: 500)
        stat.startedAtMilliseconds = 1_000
        stat.heartbeatMilliseconds = heartbeat
        stat.workers = [ClusterStat.Worker(pid: 101, processID: TaskID(), taskID: TaskID(), taskName: "busy", taskStartedAtMilliseconds: 900,
                                           tasksDone: 3, rssKiB: 2_048)]
        return stat
    }

    @Test("cluster heartbeats are published, replaced, removed, and cleared once lost", arguments: BrokerBackend.allCases)
    func heartbeats(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker, other = try store.open()
            var alive = stat("default", heartbeat: 10_000)
            let lost = stat("long", heartbeat: 2_000), borderline = stat("short", heartbeat: 7_000)
            for stat in [alive, lost, borderline] { try broker.saveStat(stat) }
            func published(_ broker: any Broker) throws -> [TaskID: ClusterStat] {
                Dictionary(uniqueKeysWithValues: try broker.clusterStats().map { ($0.clusterID, $0) })
            }
            #expect(try published(other) == [alive.clusterID: alive, lost.clusterID: lost, borderline.clusterID: borderline])

            alive.status = .working
            alive.heartbeatMilliseconds = 11_000
            alive.done = 5
            try other.saveStat(alive)
            #expect(try published(broker) == [alive.clusterID: alive, lost.clusterID: lost, borderline.clusterID: borderline])

            // More than 5 s without a heartbeat at 12 s: lost; exactly 5 s: not yet.
            #expect(try broker.clearLostStats(now: 12_000, olderThan: 5_000) == 1)
            #expect(try published(other) == [alive.clusterID: alive, borderline.clusterID: borderline])
            try broker.removeStat(clusterID: borderline.clusterID)
            try broker.removeStat(clusterID: TaskID())
            #expect(try published(other) == [alive.clusterID: alive])
            #expect(try broker.clearLostStats(now: 12_000, olderThan: 5_000) == 0)
        }
    }

    // MARK: Wake-ups

    @Test("an enqueue through another broker wakes the cluster's listener; drain takes the wake-up", arguments: BrokerBackend.allCases)
    func enqueueWakes(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let listener = try #require(store.broker.wakeups.listen(cluster: "default"))
            defer { listener.close() }
            let elsewhere = try #require(store.broker.wakeups.listen(cluster: "long"))
            defer { elsewhere.close() }
            #expect(!isReadable(listener.fd, within: 0))
            let other = try store.open()
            try other.enqueue([message("wake")])
            #expect(isReadable(listener.fd, within: 10_000))
            listener.drain()
            #expect(!isReadable(listener.fd, within: 0))
            #expect(!isReadable(elsewhere.fd, within: 0))
            try other.enqueue([message("again")])
            #expect(isReadable(listener.fd, within: 10_000))
            listener.drain()
            #expect(!isReadable(listener.fd, within: 0))
        }
    }

    @Test("a closed listener's cluster can be listened to again", arguments: BrokerBackend.allCases)
    func closeReleases(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let first = try #require(store.broker.wakeups.listen(cluster: "default"))
            first.close()
            try store.open().enqueue([message("unheard")])
            let second = try #require(store.broker.wakeups.listen(cluster: "default"))
            defer { second.close() }
            try store.open().enqueue([message("heard")])
            #expect(isReadable(second.fd, within: 10_000))
        }
    }

    @Test("a resumed queue, released dependants, a rerun and fired or run schedules wake the cluster through another broker",
          arguments: BrokerBackend.allCases)
    func otherChangesWake(backend: BrokerBackend) throws {
        try backend.withStore { store in
            let broker = store.broker, other = try store.open()
            func expectWakes(_ cluster: String, by change: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
                let listener = try #require(broker.wakeups.listen(cluster: cluster), sourceLocation: sourceLocation)
                defer { listener.close() }
                listener.drain()
                try change()
                #expect(isReadable(listener.fd, within: 10_000), "\(cluster)", sourceLocation: sourceLocation)
            }
            #expect(try other.setQueuePaused(cluster: "paused", true))
            try other.enqueue([message("held", cluster: "paused")])
            try expectWakes("paused") { _ = try other.setQueuePaused(cluster: "paused", false) }

            let first = message("first")
            try other.enqueue([first])
            try other.enqueue([message("then", cluster: "after", after: [first.id])])
            try lease(other)
            try expectWakes("after") { try other.complete([result(first)], saveLimit: 0) }

            let failing = message("fails", cluster: "rerun")
            try other.enqueue([failing])
            try lease(other, "rerun")
            try other.complete([result(failing, success: false)], saveLimit: 0)
            try expectWakes("rerun") { _ = try other.rerun(.tasks([failing.id.hex]), now: 5_000) }

            try other.addSchedule(schedule("due", cluster: "fired", from: 1_000), replace: false)
            try expectWakes("fired") { _ = try fire(other, "fired", now: 1_000) }
            try other.addSchedule(schedule("manual", cluster: "run", from: 90_000), replace: false)
            try expectWakes("run") { _ = try other.runSchedule(named: "manual", now: 1_000) }
        }
    }
}

extension TaskStatus {
    /// The result of a finished task.
    var finished: TaskResult? {
        if case let .finished(result) = self { return result }
        return nil
    }

    /// A queued task, or one that waits for others.
    var queued: QueuedTask? {
        if case let .queued(task) = self { return task }
        return nil
    }
}
