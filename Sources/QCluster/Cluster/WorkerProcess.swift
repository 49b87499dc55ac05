import FoundationEssentials
import Glibc

/// A worker: takes leased tasks from the shared task socket, runs them one at a time and sends
/// each result to the monitor. Replaced by the sentinel after `recycle` tasks or above `max_rss`.
struct WorkerProcess {
    /// Exit statuses that tell the sentinel why a worker left.
    enum Exit: Int32 {
        case stopped = 0
        case recycled = 3
        case memoryLimit = 4
        case setupFailed = 5
    }

    let context: ChildEnvironment

    func run() -> Int32 {
        ProcessSignals.handleAsWorker()
        let log = context.log
        let settings = context.settings
        let processID = TaskID()
        let pid = getpid()
        let tasks = PacketReceiver(PacketSocket(fd: ChildDescriptors.Worker.tasks))
        let results = PacketSocket(fd: ChildDescriptors.Worker.results)
        let status = PacketSocket(fd: ChildDescriptors.Worker.status)
        let memory = ResidentMemory()
        if settings.cpuAffinity > 0 { CPUAffinity.pin(index: context.index, count: settings.cpuAffinity, log: log, processID: processID) }
        var runner = TaskRunner(environment: ProcessInfo.processInfo.environment)
        let spool = OutputSpool(brokerPath: context.brokerPath)
        if spool.prepare() { runner.spool = spool }
        let retryPolicy = RetryPolicy(settings)
        log.info("Process-\(processID.hex) ready for work at \(pid)", event: "ready", fields: [("role", .string("worker"))])
        status.send(StatusEvent.ready(role: .worker, processID: processID, pid: pid).encoded())

        var done = 0
        var rss = 0
        var rssReadAt: UInt64 = 0
        // Ends of tasks not yet reported, sent with the next task's start when the worker goes
        // straight on (one wake-up of the sentinel per task), or before the worker waits or leaves.
        var finished: [UInt8] = []
        while !ProcessSignals.gracefulStopRequested {
            var received = tasks.receiveNow()
            if case .timedOut = received {
                if !finished.isEmpty { status.send(finished) }
                finished = []
                received = tasks.receive(timeoutMilliseconds: 1_000)
            }
            let frame: [UInt8]
            switch received {
            case let .message(bytes): frame = bytes
            case .truncated: frame = []
            case .timedOut, .closed: continue
            }
            guard let task = TaskFrame.decode(frame) else {
                // Its lease runs out and it is delivered again; its place in queue_limit is free now.
                log.error("Process-\(processID.hex) dropped an unreadable task packet (\(frame.count) bytes)", event: "error")
                status.send(finished + StatusEvent.taskDropped(pid: pid).encoded())
                finished = []
                continue
            }
            let message = task.message
            let name = message.name
            if task.deadlineMilliseconds <= Clock.nowMilliseconds() {
                // Its lease ran out while it waited for a worker (tasks waited longer than
                // `retry`): the sentinel requeues it, so running this copy could run it twice.
                log.warning("Process-\(processID.hex) did not run '\(name)': its lease ran out while it waited for a worker; it runs again from the queue",
                            event: "lease_expired", fields: [("task", .string(message.id.hex))])
                status.send(finished + StatusEvent.taskSkipped(pid: pid, task: message.id).encoded())
                finished = []
                continue
            }
            log.info("Process-\(processID.hex) processing '\(name)' [\(message.displayCommand)]", event: "processing",
                     fields: [("task", .string(message.id.hex)), ("name", .string(name))])
            // Reported before the command starts: one that kills its worker at once must still
            // count as this worker's task, or its room in queue_limit would never come back.
            status.send(finished + StatusEvent.taskStarted(
                pid: pid, task: message.id, name: name, processGroup: 0, startedAt: Clock.nowMilliseconds(),
                timeoutMilliseconds: message.timeoutMilliseconds > 0 ? message.timeoutMilliseconds : settings.timeoutMilliseconds,
                leaseDeadline: task.deadlineMilliseconds).encoded())
            finished = []
            var result = runner.run(task, name: name, cluster: settings) { group in
                status.send(StatusEvent.taskGroup(pid: pid, processGroup: group).encoded())
            }
            result.isFinal = result.success || retryPolicy.isFinalFailure(attempt: task.attempt, of: message)
            if !result.isFinal {
                // The next attempt after a backoff, not after the lease: the monitor moves the
                // lease's end to this time when it records the failure.
                result.retryAtMilliseconds = Clock.nowMilliseconds() + retryPolicy.backoff(afterAttempt: task.attempt, random: RandomPool.word())
            }
            results.send(result.encoded())
            done += 1
            // Read after every task when max_rss needs it, else at most every quarter second (it
            // is only shown by qctl stats): a system call per task saved on the drain's hot path.
            let now = Clock.monotonicNanoseconds()
            if settings.maxRSSKiB > 0 || now >= rssReadAt + 250_000_000 {
                rss = memory.kibibytes()
                rssReadAt = now
            }
            finished += StatusEvent.taskFinished(pid: pid, tasksDone: done, success: result.success, rssKiB: rss).encoded()
            let exit: Exit? = done >= settings.recycle ? .recycled : settings.maxRSSKiB > 0 && rss > settings.maxRSSKiB ? .memoryLimit : nil
            if let exit {
                status.send(finished)
                return exit.rawValue
            }
        }
        if !finished.isEmpty { status.send(finished) }
        log.info("Process-\(processID.hex) stopped doing work", event: "stopped", fields: [("role", .string("worker"))])
        return Exit.stopped.rawValue
    }
}
