import FoundationEssentials
import Glibc

/// The pusher: leases tasks of its cluster in batches and puts them on the task socket, never
/// holding more than `queue_limit` unfinished tasks (unset: as deep as the pace of the work
/// asks, QueueDepth). The monitor's credits free room and tell the pace.
struct PusherProcess {
    let context: ChildEnvironment

    func run() -> Int32 {
        ProcessSignals.handleAsClusterChild()
        let log = context.log
        let settings = context.settings
        let processID = TaskID()
        let tasks = PacketSocket(fd: ChildDescriptors.Pusher.tasks)
        let unstarted = PacketReceiver(PacketSocket(fd: ChildDescriptors.Pusher.unstarted))
        let status = PacketSocket(fd: ChildDescriptors.Pusher.status)
        let credits = PacketReceiver(PacketSocket(fd: ChildDescriptors.Pusher.credits))
        guard let broker = context.openBroker(reportingAs: processID) else { return 1 }
        let wakeup = broker.wakeups.listen(cluster: settings.name)
        log.info("Process-\(processID.hex) pushing tasks at \(getpid())", event: "ready", fields: [("role", .string("pusher"))])
        status.send(StatusEvent.ready(role: .pusher, processID: processID, pid: getpid()).encoded())

        var inFlight = 0
        var reported = -1
        var depth = QueueDepth(settings: settings, now: Clock.monotonicNanoseconds())
        var backoff = BrokerBackoff()
        while !ProcessSignals.gracefulStopRequested {
            while case let .message(bytes) = credits.receiveNow() {
                switch CreditFrame(bytes) {
                case let .finished(count)?:
                    inFlight = max(0, inFlight - count)
                    depth.finished(count, now: Clock.monotonicNanoseconds())
                case let .replaced(count)?: depth.finished(count, now: Clock.monotonicNanoseconds())
                case let .reset(count)?: inFlight = count
                case nil: break
                }
            }
            depth.update(now: Clock.monotonicNanoseconds())
            let room = depth.limit - inFlight
            var leasedAll = false
            // Lease in batches: at once when idle, otherwise once a lease batch of room is free, so
            // that each write transaction carries several tasks instead of one per credit.
            if room > 0, inFlight == 0 || room >= depth.leaseBatchSize, backoff.allows() {
                do {
                    if try broker.hasQueuedTasks(cluster: settings.name) {
                        let batch = try broker.lease(cluster: settings.name, limit: room, leaseMilliseconds: settings.retryMilliseconds,
                                                     now: Clock.nowMilliseconds())
                        for task in batch.tasks { tasks.send(TaskFrame.encode(task)) }
                        inFlight += batch.tasks.count
                        for rejected in batch.rejected { Self.logRefusal(rejected, by: processID, log: log) }
                        leasedAll = batch.tasks.count + batch.rejected.count == room
                    }
                    backoff.succeeded()
                } catch {
                    // Tried again after a backoff, not at every credit or look.
                    backoff.failed()
                    log.error("Process-\(processID.hex) cannot lease tasks: \(error)", event: "error")
                }
            }
            if inFlight != reported {
                status.send(StatusEvent.inMemory(inFlight).encoded())
                reported = inFlight
            }
            if leasedAll, inFlight < depth.limit { continue }  // more may be waiting
            var fds = [credits.socket.fd]
            if let wakeup { fds.append(wakeup.fd) }
            // Without a wake-up, an idle pusher looks at the queue as often as the broker allows.
            let ready = Poller.wait(for: fds, timeoutMilliseconds: Int32(broker.idleLookMilliseconds))
            if let wakeup, ready.contains(1) { wakeup.drain() }
        }
        // Tasks still on the socket never started: back to the front of the queue at once.
        var returned: [TaskID] = []
        while case let .message(bytes) = unstarted.receiveNow() {
            if let task = TaskFrame.decode(bytes) { returned.append(task.message.id) }
        }
        do {
            try broker.returnUnstarted(returned)
        } catch {
            log.error("Process-\(processID.hex) cannot return \(returned.count) unstarted tasks (they return after retry): \(error)", event: "error")
        }
        wakeup?.close()
        log.info("Process-\(processID.hex) stopped pushing tasks", event: "stopped",
                 fields: [("role", .string("pusher")), ("returned", .int(returned.count))])
        return 0
    }

    /// Logs a task that a lease recorded as failed instead of handing it out.
    static func logRefusal(_ rejected: RejectedTask, by processID: TaskID, log: ClusterLog) {
        let event = rejected.reason.hasPrefix("bad signature") ? "bad_signature" : "refused"
        log.error("Process-\(processID.hex) refused task \(rejected.id.hex): \(rejected.reason)", event: event,
                  fields: [("task", .string(rejected.id.hex)), ("reason", .string(rejected.reason))])
    }
}
