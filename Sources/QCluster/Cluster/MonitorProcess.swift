import FoundationEssentials
import Glibc

/// The monitor: records the workers' results in batches (one transaction per batch), logs
/// them and runs hooks. In the same transaction it leases as many queued tasks as the batch
/// finished and puts them on the task socket, so under load a finished task is replaced
/// without waiting for the pusher's own commit; room it cannot fill goes back to the pusher
/// as credit. The sentinel returns refills that no worker took when the cluster stops.
struct MonitorProcess {
    let context: ChildEnvironment
    var batchLimit = 1_000
    /// The longest a result waits for others to share its commit.
    var groupCommitMilliseconds: Int64 = 10
    /// How long the monitor naps between looks for more results while it holds a batch.
    var collectNanoseconds: UInt64 = 1_000_000

    func run() -> Int32 {
        ProcessSignals.handleAsClusterChild()
        let log = context.log
        let settings = context.settings
        let processID = TaskID()
        let results = PacketReceiver(PacketSocket(fd: ChildDescriptors.Monitor.results))
        let credits = PacketSocket(fd: ChildDescriptors.Monitor.credits)
        let tasks = PacketSocket(fd: ChildDescriptors.Monitor.tasks)
        let status = PacketSocket(fd: ChildDescriptors.Monitor.status)
        guard let broker = context.openBroker(reportingAs: processID) else { return 1 }
        let hooks = HookRunner(environment: ProcessInfo.processInfo.environment, log: log)
        log.info("Process-\(processID.hex) monitoring at \(getpid())", event: "ready", fields: [("role", .string("monitor"))])
        status.send(StatusEvent.ready(role: .monitor, processID: processID, pid: getpid()).encoded())

        // When the last result arrived: while results come faster than ``collectNanoseconds``
        // apart, the monitor naps between looks instead of waking for each.
        var lastResultAt: UInt64 = 0
        // When the last commit ended: results since then show the pace of the next batch.
        var windowStart = Clock.monotonicNanoseconds()
        // The pusher's depth, followed from the same finishes, bounds how many results to hold.
        var depth = QueueDepth(settings: settings, now: windowStart)
        while true {
            let stopping = ProcessSignals.gracefulStopRequested
            var batch: [TaskResult] = []
            // Results that cannot be read: their tasks return when their leases run out, and
            // their room in queue_limit goes back to the pusher with this batch's credit.
            var unreadable = 0
            func take(_ received: PacketSocket.ReceiveResult) -> Bool {
                let bytes: [UInt8]
                switch received {
                case let .message(frame): bytes = frame
                case .truncated: bytes = []
                case .timedOut, .closed: return false
                }
                lastResultAt = Clock.monotonicNanoseconds()
                if let result = TaskResult(encoded: bytes) {
                    batch.append(result)
                } else {
                    unreadable += 1
                    log.error("Process-\(processID.hex) dropped an unreadable result packet (\(bytes.count) bytes); its task runs again after retry",
                              event: "error")
                }
                return true
            }
            // When stopping, every worker has exited: take what is left without waiting.
            _ = take(stopping ? results.receiveNow() : results.receive(timeoutMilliseconds: 1_000))
            // Group commit: what arrived while the last batch was being committed joins this one.
            // Every commit costs two disk flushes, so the monitor waits for more results while
            // the workers are fed (tasks still wait on the task socket), up to two thirds of the
            // tasks that queue_limit leaves beyond the running ones: the last third feeds the
            // workers through the commit, whose flushes a slow disk stretches.
            // Otherwise it commits at once: its refill is what feeds them. docs/decisions.md has
            // the measurements behind the fraction.
            let commitBy = Clock.monotonicNanoseconds() + UInt64(groupCommitMilliseconds) * 1_000_000
            depth.update(now: Clock.monotonicNanoseconds())
            let holdLimit = max(1, (depth.limit - settings.workers) * 2 / 3)
            func tasksWait() -> Bool { !stopping && Poller.wait(for: ChildDescriptors.Monitor.waitingTasks, timeoutMilliseconds: 0) }
            while batch.count < batchLimit, !batch.isEmpty {
                // At the hold limit with tasks still waiting, commit now: results taken beyond it
                // would eat into the tasks that feed the workers through the commit.
                if batch.count >= holdLimit, tasksWait() { break }
                let next = results.receiveNow()
                if case .timedOut = next, batch.count < holdLimit, tasksWait() {
                    let now = Clock.monotonicNanoseconds()
                    guard now < commitBy else { break }
                    if now - lastResultAt < collectNanoseconds {
                        // Results come faster than a nap: nap, and take what gathered. A wait on
                        // the socket wakes the monitor at every result (about once per task in a
                        // drain, each wake-up a context switch that the tasks' cores pay for).
                        // Near the hold limit the nap lasts about as long as the results take
                        // to fill it, at the pace they came since the last commit ended, so that
                        // the commit starts close to the limit instead of up to a nap past it.
                        let perResult = (now - windowStart) / UInt64(batch.count)
                        let untilFull = perResult * UInt64(holdLimit - batch.count)
                        Self.nap(nanoseconds: min(collectNanoseconds, commitBy - now, max(untilFull, collectNanoseconds / 8)))
                        continue
                    }
                    // Slower results (longer tasks): wait for the next one, as napping would only
                    // wake the monitor more often.
                    guard take(results.receive(timeoutMilliseconds: Clock.milliseconds(from: now, until: commitBy))) else { break }
                    continue
                }
                guard take(next) else { break }
            }
            if unreadable > 0 { credits.send(CreditFrame.finished(unreadable).encoded()) }
            if batch.isEmpty {
                if stopping, unreadable == 0 { break }
                broker.releaseIdleMemory()  // a second without results: idle
                hooks.reap()
                continue
            }
            // No refills once stopping: the pusher has returned what no worker took.
            let refill = stopping ? nil : LeaseRefill(cluster: settings.name, limit: batch.count,
                                                            leaseMilliseconds: settings.retryMilliseconds, now: Clock.nowMilliseconds())
            let leased = record(batch, refill: refill, broker: broker, log: log, saveLimit: settings.saveLimit)
            for task in leased.tasks { tasks.send(TaskFrame.encode(task)) }
            if !leased.tasks.isEmpty {
                log.debug("Process-\(processID.hex) leased \(leased.tasks.count) task(s) with \(batch.count) result(s)", event: "refilled",
                          fields: [("results", .int(batch.count)), ("leased", .int(leased.tasks.count))])
            }
            for rejected in leased.rejected { PusherProcess.logRefusal(rejected, by: processID, log: log) }
            var lines = ClusterLog.Batch()
            for result in batch {
                if result.success {
                    log.append(.info, "Processed '\(result.message.name)'", event: "processed", fields: [("task", .string(result.id.hex))], to: &lines)
                } else {
                    let retry = result.isFinal ? "" : " (attempt \(result.attempts), will retry)"
                    log.append(.error, "Failed '\(result.message.name)' (\(result.id.hex)) - \(result.reason)\(retry)", event: "failed",
                               fields: [("task", .string(result.id.hex)), ("reason", .string(result.reason))], to: &lines)
                }
            }
            log.write(lines)
            for result in batch where !result.message.hook.isEmpty { hooks.run(result) }
            let freed = batch.count - leased.tasks.count
            if freed > 0 { credits.send(CreditFrame.finished(freed).encoded()) }
            if !leased.tasks.isEmpty { credits.send(CreditFrame.replaced(leased.tasks.count).encoded()) }
            depth.finished(batch.count, now: Clock.monotonicNanoseconds())
            hooks.reap()
            windowStart = Clock.monotonicNanoseconds()
        }
        log.info("Process-\(processID.hex) stopped monitoring results", event: "stopped", fields: [("role", .string("monitor"))])
        return 0
    }

    /// Sleeps for `nanoseconds`, or less when a signal (the sentinel's stop) arrives.
    private static func nap(nanoseconds: UInt64) {
        var duration = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        _ = nanosleep(&duration, nil)
    }

    /// Records a batch (and leases its refill), retrying until the broker takes it, after a
    /// ``BrokerBackoff``: a result is never dropped. After a failure the retry records only, so
    /// the lease's clock is not stale.
    private func record(_ batch: [TaskResult], refill: LeaseRefill?, broker: any Broker, log: ClusterLog,
                        saveLimit: Int) -> LeaseBatch {
        var backoff = BrokerBackoff()
        var refill = refill
        while true {
            do {
                if let refill { return try broker.complete(batch, saveLimit: saveLimit, refill: refill) }
                try broker.complete(batch, saveLimit: saveLimit)
                return LeaseBatch(tasks: [], rejected: [])
            } catch {
                refill = nil
                backoff.failed()
                log.error("cannot record \(batch.count) results, retrying: \(error)", event: "error")
                // A stop signal ends a wait early: wait out the rest, as the results must be recorded.
                while !backoff.allows() { backoff.wait() }
            }
        }
    }
}
