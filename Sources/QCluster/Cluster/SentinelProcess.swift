import CSpawn
import FoundationEssentials
import Glibc

/// The sentinel: starts the pusher, the monitor and the workers, keeps them alive, publishes
/// the cluster's Stat and runs the stop procedure (see docs/architecture.md).
final class SentinelProcess {
    /// What the sentinel knows of one child.
    private struct Child {
        var role: ClusterRole
        var index: Int
        var processID: TaskID?
        var ready = false
        var task: TaskID?
        var taskName = ""
        var taskGroup: Int32 = 0
        var taskStartedAt: Int64 = 0
        var taskTimeout: Int64 = 0
        var leaseDeadline: Int64 = 0
        /// The deadline the task was leased with, restored if its worker dies (it then runs
        /// again after `retry`, as before the extension).
        var leasedDeadline: Int64 = 0
        var tasksDone = 0
        var rssKiB = 0
        /// A pidfd that becomes readable when the child exits (-1 without pidfd_open), so a
        /// recycled or dead child is replaced at once rather than at the next guard cycle.
        var exitFD: Int32 = -1

        // Each event changes a child in one access to `children`: a chain of
        // `children[pid]?.field = value` looks the child up once per field.
        mutating func started(task: TaskID, name: String, group: Int32, at startedAt: Int64, timeout: Int64, leaseDeadline: Int64) {
            self.leaseDeadline = leaseDeadline
            leasedDeadline = leaseDeadline
            self.task = task
            taskName = name
            taskGroup = group
            taskStartedAt = startedAt
            taskTimeout = timeout
        }

        mutating func finished(tasksDone: Int, rssKiB: Int) {
            task = nil
            taskGroup = 0
            self.tasksDone = tasksDone
            self.rssKiB = rssKiB
        }

        mutating func becameReady(processID: TaskID) {
            self.processID = processID
            ready = true
        }
    }

    private let context: ChildEnvironment
    /// The schedules' zone, read once (a TZif file) rather than at every guard cycle.
    private lazy var scheduleZone = context.scheduleTimeZone
    private let log: ClusterLog
    private let settings: ClusterSettings
    private let retryPolicy: RetryPolicy
    private let processID = TaskID()
    private let executable: String
    private var children: [Int32: Child] = [:]
    private var stat: ClusterStat
    private var broker: (any Broker)?
    /// Holds the guard cycle's calls to the broker back after one failed.
    private var brokerBackoff = BrokerBackoff()
    // Socket pairs: (write end, read end).
    private let tasks: (PacketSocket, PacketSocket)
    private let results: (PacketSocket, PacketSocket)
    private let credits: (PacketSocket, PacketSocket)
    private let statuses: (PacketSocket, PacketSocket)
    private let statusReceiver: PacketReceiver
    private var stopping = false
    /// The process that started the sentinel (`qctl start`, or a program using the library):
    /// when it dies the sentinel is re-parented and gets SIGTERM (its parent-death signal).
    private let startedBy = getppid()
    private var cycles = 0
    /// While busy, the sentinel reads status events at most once per `statusBatch` (they queue
    /// on the socket meanwhile), so that it does not wake up once per task: its wake-ups cost
    /// CPU that the tasks need. Nothing waits on them; exits and guard cycles read them first.
    private let statusBatchNanoseconds: UInt64 = 10_000_000
    private var statusQuietUntil: UInt64 = 0
    /// How long the Stat of a cluster that died without cleaning up is kept (shown as Lost).
    static let lostStatLifetime: Int64 = 300_000
    /// An unchanged Stat is written again only to refresh its heartbeat, this often: readers
    /// call a cluster lost after at least 3 s without one, and a write every guard cycle of an
    /// idle cluster was most of its CPU (and a disk flush every cycle).
    static let heartbeatRefreshMilliseconds: Int64 = 1_000
    /// The Stat as last written, without its heartbeat, and when it was written.
    private var publishedContent: [UInt8] = []
    private var publishedAt: Int64 = 0

    /// How long a worker may overrun its task's timeout (kill grace included) before it is replaced.
    private let stuckMargin: Int64 = 10_000

    init(context: ChildEnvironment, executable: String) throws {
        self.context = context
        self.log = context.log
        self.settings = context.settings
        retryPolicy = RetryPolicy(context.settings)
        self.executable = executable
        tasks = try PacketSocket.pair()
        results = try PacketSocket.pair()
        credits = try PacketSocket.pair()
        statuses = try PacketSocket.pair()
        statusReceiver = PacketReceiver(statuses.1)
        stat = ClusterStat(clusterID: context.clusterID, cluster: context.settings.name, host: ProcessInfo.processInfo.hostName,
                           sentinelPID: getpid(), guardCycleMilliseconds: context.settings.guardCycleMilliseconds)
    }

    func run() -> Int32 {
        ProcessSignals.handleStopSignals()
        do {
            broker = try context.openBroker()
        } catch {
            log.error("Q Cluster \(context.clusterID.humanName) cannot open the broker: \(error)", event: "error")
            return ExitStatus.unavailable.rawValue
        }
        // Django Q's order: workers and monitor ready, the sentinel guarding, the pusher pushing, running.
        for index in 0..<settings.workers { spawn(.worker, index: index) }
        spawn(.monitor, index: 0)
        let startDeadline = Clock.monotonicNanoseconds() + 10_000_000_000
        awaitReady(until: startDeadline)
        log.info("Process-\(processID.hex) guarding cluster at \(getpid())", event: "ready", fields: [("role", .string("sentinel"))])
        spawn(.pusher, index: 0)
        awaitReady(until: startDeadline)
        publish()
        if ProcessSignals.stopCount == 0 {
            stat.status = .idle
            log.info("Q Cluster \(context.clusterID.humanName) running.", event: "running", fields: [("cluster", .string(settings.name))])
        }
        var nextGuard = Clock.monotonicNanoseconds()
        while ProcessSignals.stopCount == 0 {
            let now = Clock.monotonicNanoseconds()
            if now >= nextGuard {
                guardCycle()
                nextGuard = now + UInt64(settings.guardCycleMilliseconds) * 1_000_000
            }
            let wait = max(1, Clock.milliseconds(from: Clock.monotonicNanoseconds(), until: nextGuard))
            receiveStatus(timeoutMilliseconds: wait, batching: true)
        }
        return stop()
    }

    // MARK: Children

    /// Waits until every child reported ready, a stop signal came or the deadline passed
    /// (then the cluster runs with what it has and the guard keeps trying).
    private func awaitReady(until deadline: UInt64) {
        while ProcessSignals.stopCount == 0, children.values.contains(where: { !$0.ready }), Clock.monotonicNanoseconds() < deadline {
            receiveStatus(timeoutMilliseconds: 100)
            reap()
        }
    }

    private func spawn(_ role: ClusterRole, index: Int) {
        guard role != .sentinel else { return }
        let descriptors = ChildDescriptors.placement(for: role, tasks: tasks, results: results, credits: credits, statuses: statuses)
        var options = ProcessSpawner.Options(arguments: [executable, ClusterProcessRunner.subcommand, role.name],
                                             environment: context.childEnvironment(index: index))
        options.fileDescriptors = [(0, 0), (1, 1), (2, 2)] + descriptors
        // Workers get SIGTERM (they kill their task's group first); the others need no goodbye.
        options.parentDeathSignal = role == .worker ? SIGTERM : SIGKILL
        do {
            let pid = try ProcessSpawner.spawn(options)
            children[pid] = Child(role: role, index: index, exitFD: qctl_pidfd_open(pid))
            switch role {
            case .pusher: stat.pusherPID = pid
            case .monitor: stat.monitorPID = pid
            default: break
            }
        } catch {
            log.error("cannot start a \(role.name): \(error)", event: "error")
        }
    }

    /// Waits for status events or a child's exit, handles every event waiting, and reaps (and
    /// replaces) children that exited. `batching` leaves status events queued until
    /// `statusQuietUntil`; a child's exit still wakes the sentinel at once.
    private func receiveStatus(timeoutMilliseconds: Int32, batching: Bool = false) {
        var fds = children.values.map(\.exitFD).filter { $0 >= 0 }
        var timeout = timeoutMilliseconds
        let now = Clock.monotonicNanoseconds()
        let listening = !batching || now >= statusQuietUntil
        if listening {
            fds.append(statusReceiver.socket.fd)
        } else {
            timeout = Clock.milliseconds(from: now, until: statusQuietUntil, limit: timeout)
        }
        let ready = Poller.wait(for: fds, timeoutMilliseconds: timeout)
        if handleWaitingStatus(), batching { statusQuietUntil = Clock.monotonicNanoseconds() + statusBatchNanoseconds }
        if ready.contains(where: { !listening || $0 < fds.count - 1 }) { reap() }
    }

    /// Handles every status event on the socket; true when there was one.
    @discardableResult
    private func handleWaitingStatus() -> Bool {
        var received = false
        while case let .message(bytes) = statusReceiver.receiveNow() {
            for event in StatusEvent.all(in: bytes) { handle(event) }
            received = true
        }
        return received
    }

    private func handle(_ event: StatusEvent) {
        switch event {
        case let .ready(_, processID, pid):
            children[pid]?.becameReady(processID: processID)
        case let .taskStarted(pid, task, name, group, startedAt, timeout, leaseDeadline):
            children[pid]?.started(task: task, name: name, group: group, at: startedAt, timeout: timeout, leaseDeadline: leaseDeadline)
        case let .taskFinished(pid, done, success, rss):
            children[pid]?.finished(tasksDone: done, rssKiB: rss)
            stat.done += 1
            if !success { stat.failed += 1 }
        case let .inMemory(count):
            stat.inMemory = count
        case let .taskGroup(pid, group):
            children[pid]?.taskGroup = group
        case .taskSkipped, .taskDropped:
            credits.0.send(CreditFrame.finished(1).encoded())  // the pusher's room for the copy not run
        }
    }

    /// One health check: reap and replace dead children, replace stuck workers, requeue expired
    /// leases, publish the Stat.
    private func guardCycle() {
        reap()
        let now = Clock.nowMilliseconds()
        for (pid, child) in children where child.role == .worker && child.task != nil {
            if now > child.taskStartedAt + child.taskTimeout + stuckMargin {
                log.error("Process-\(child.processID?.hex ?? "?") is stuck in '\(child.taskName)' past its timeout; killing it",
                          event: "stuck", fields: [("pid", .int(Int(pid)))])
                if child.taskGroup > 0 { kill(-child.taskGroup, SIGKILL) }
                kill(pid, SIGKILL)
            }
        }
        killRequestedTasks()
        extendLeasesOfRunningTasks(now: now)
        cycles += 1
        if cycles % 120 == 0 {
            // Lost clusters are shown as Lost for a while, then forgotten.
            if brokerBackoff.allows() { _ = try? broker?.clearLostStats(now: now, olderThan: Self.lostStatLifetime) }
        }
        // Expired leases and due schedules are looked for as often as the broker allows.
        if let broker, now - lastBrokerLook >= broker.idleLookMilliseconds {
            lastBrokerLook = now
            requeueExpiredLeases(now: now)
            if settings.scheduler { fireSchedules(now: now) }
        }
        publish()
    }

    /// When the guard cycle last looked for expired leases and due schedules (ms since 1970).
    private var lastBrokerLook: Int64 = 0

    /// Delivers again the tasks of this cluster whose lease ran out, or gives them up.
    private func requeueExpiredLeases(now: Int64) {
        let requeued = withBroker("cannot requeue expired leases") { broker -> RequeueReport? in
            guard try broker.hasExpiredLeases(cluster: settings.name, now: now) else { return nil }
            return try broker.requeueExpired(cluster: settings.name, policy: retryPolicy, now: now)
        }
        guard let found = requeued, let report = found else { return }
        if report.requeued > 0 { log.info("requeued \(report.requeued) task(s) whose lease ran out or whose retry is due", event: "requeued") }
        if report.gaveUp > 0 {
            log.error("gave up \(report.gaveUp) task(s) whose deliveries kept getting lost (max_attempts \(settings.maxAttempts))", event: "gave_up")
        }
    }

    /// Tasks that `qctl kill` asked to stop, and when their group got SIGTERM (monotonic ns).
    private var killing: [TaskID: UInt64] = [:]
    /// How long a killed task's group has after SIGTERM before SIGKILL, as after a timeout.
    private let killGraceNanoseconds: UInt64 = 2_000_000_000

    /// Kills the process group of every task of this cluster's workers that `qctl kill` asked
    /// to stop: SIGTERM, then SIGKILL after the grace. Its worker reports it, and the broker
    /// records it as killed when the result comes.
    private func killRequestedTasks() {
        guard broker != nil, children.values.contains(where: { $0.task != nil }) else {
            killing = [:]
            return
        }
        guard let requested = withBroker("cannot read kill requests", { try $0.killRequests() }) else { return }
        let now = Clock.monotonicNanoseconds()
        for child in children.values where child.role == .worker {
            guard let task = child.task, requested.contains(task), child.taskGroup > 0 else { continue }
            if let since = killing[task] {
                if now - since >= killGraceNanoseconds { Glibc.kill(-child.taskGroup, SIGKILL) }
            } else {
                log.warning("killing '\(child.taskName)' (qctl kill)", event: "killing", fields: [("task", .string(task.hex))])
                Glibc.kill(-child.taskGroup, SIGTERM)
                killing[task] = now
            }
        }
        killing = killing.filter { requested.contains($0.key) }
    }

    /// A lease starts when the pusher takes a task, but the task may wait for a worker before
    /// it runs: a running task's lease is extended to outlive its timeout and the stuck-worker
    /// margin, so that it is never delivered again while it runs. Rarely needed (the default
    /// `retry` leaves 30 s for waiting), and then one small transaction per guard cycle.
    private func extendLeasesOfRunningTasks(now: Int64) {
        var extensions: [Int32: LeaseMove] = [:]
        for (pid, child) in children where child.role == .worker {
            guard let task = child.task else { continue }
            let needed = child.taskStartedAt + child.taskTimeout + stuckMargin + 5_000
            if child.leaseDeadline < needed { extensions[pid] = .init(task: task, from: child.leaseDeadline, to: needed) }
        }
        guard !extensions.isEmpty,
              let moved = withBroker("cannot extend the leases of running tasks", { try $0.moveLeaseDeadlines(Array(extensions.values)) })
        else { return }
        let movedTasks = Set(moved)
        for (pid, move) in extensions where movedTasks.contains(move.task) { children[pid]?.leaseDeadline = move.to }
    }

    /// Enqueues the tasks of due schedules of this cluster (one transaction for all of them).
    private func fireSchedules(now: Int64) {
        let zone = scheduleZone
        guard let outcome = withBroker("cannot fire schedules", {
            try $0.fireDueSchedules(cluster: settings.name, now: now, catchUp: settings.catchUp, timeZone: zone)
        }) else { return }
        for fired in outcome.fired {
            log.info("Process-\(processID.hex) created task '\(fired.taskName)' from schedule [\(fired.name)]", event: "scheduled",
                     fields: [("schedule", .string(fired.name)), ("task", .string(fired.taskID.hex))])
        }
        for skip in outcome.skipped {
            let from = TimestampText.iso(skip.keptFromMilliseconds)
            log.warning("schedule [\(skip.name)] missed more than \(Schedule.catchUpLimit) runs: skipped those before \(from), making up the rest (catch_up)",
                        event: "schedule_skipped", fields: [("schedule", .string(skip.name))])
        }
        for name in outcome.rejected {
            log.error("schedule [\(name)] has a bad signature: not run, paused", event: "bad_signature", fields: [("schedule", .string(name))])
        }
    }

    /// Collects exited children; replaces them unless the cluster is stopping. Status events
    /// are read first: a worker's last one says which task it had.
    private func reap() {
        handleWaitingStatus()
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            // A child that exited after the look above had sent its last reports before it
            // exited: read them now, or its last task would count as unfinished (a wrong
            // "recycled after" count, and a credit the pusher must not get).
            handleWaitingStatus()
            guard let child = children.removeValue(forKey: pid) else { continue }
            if child.exitFD >= 0 { close(child.exitFD) }
            if child.taskGroup > 0 { kill(-child.taskGroup, SIGKILL) }  // a task never outlives its worker
            if let task = child.task { OutputSpool(brokerPath: context.brokerPath).remove(task) }  // its worker cannot
            if let task = child.task, child.leaseDeadline != child.leasedDeadline {
                _ = try? broker?.moveLeaseDeadlines([.init(task: task, from: child.leaseDeadline, to: child.leasedDeadline)])
            }
            if child.task != nil {
                credits.0.send(CreditFrame.finished(1).encoded())  // its task will not report: free the pusher's room
            }
            if child.role == .monitor {
                // Results it held are lost (their tasks return after retry), and so are their credits.
                let busy = children.values.filter { $0.role == .worker && $0.task != nil }.count
                credits.0.send(CreditFrame.reset(inFlight: busy).encoded())
            }
            guard !stopping else { continue }
            let exitCode = WaitStatus(status).exitCode ?? -1
            let name = "Process-\(child.processID?.hex ?? "?")"
            switch (child.role, exitCode) {
            case (.worker, WorkerProcess.Exit.recycled.rawValue):
                log.info("\(name) recycled after \(child.tasksDone) tasks", event: "recycled")
            case (.worker, WorkerProcess.Exit.memoryLimit.rawValue):
                log.info("\(name) recycled above max_rss (\(child.rssKiB) KiB)", event: "recycled")
            case (.worker, _) where child.task != nil && Clock.nowMilliseconds() > child.taskStartedAt + child.taskTimeout:
                log.error("reincarnated worker \(name) after timeout", event: "reincarnated")
                stat.reincarnations += 1
            default:
                log.error("reincarnated \(child.role.name) \(name) after sudden death", event: "reincarnated")
                stat.reincarnations += 1
            }
            spawn(child.role, index: child.index)
        }
    }

    private func publish() {
        let now = Clock.nowMilliseconds()
        stat.workers = children.filter { $0.value.role == .worker }.sorted { $0.value.index < $1.value.index }.map { pid, child in
            ClusterStat.Worker(pid: pid, processID: child.processID ?? TaskID(), taskID: child.task, taskName: child.taskName,
                               taskStartedAtMilliseconds: child.taskStartedAt, tasksDone: child.tasksDone, rssKiB: child.rssKiB)
        }
        if stat.status != .starting, stat.status != .stopping {
            stat.status = stat.workers.contains(where: \.isBusy) ? .working : .idle
        }
        var content = stat
        content.heartbeatMilliseconds = 0
        let contentBytes = content.encoded()
        guard contentBytes != publishedContent || now - publishedAt >= Self.heartbeatRefreshMilliseconds else { return }
        stat.heartbeatMilliseconds = now
        let published = stat
        guard withBroker("cannot publish the cluster's stat", { try $0.saveStat(published) }) != nil else { return }
        publishedContent = contentBytes
        publishedAt = now
    }

    /// Runs one of the guard cycle's calls to the broker, unless one failed a moment ago
    /// (``BrokerBackoff``): nil then, or after logging its failure as `failure`, which holds
    /// back the calls after it. An outage costs a line at each try, not one per call and cycle.
    private func withBroker<T>(_ failure: String, _ call: (any Broker) throws -> T) -> T? {
        guard let broker, brokerBackoff.allows() else { return nil }
        do {
            let value = try call(broker)
            brokerBackoff.succeeded()
            return value
        } catch {
            brokerBackoff.failed()
            log.error("\(failure): \(error)", event: "error")
            return nil
        }
    }

    // MARK: Stopping

    private func stop() -> Int32 {
        stopping = true
        let name = context.clusterID.humanName
        if getppid() != startedBy {
            // As Django Q does on SIGKILL: the stop procedure still runs. Say so, because a
            // supervisor may start a new cluster meanwhile, which runs beside this one.
            log.warning("Q Cluster \(name) stopping: qctl start was killed; stopping in order (running tasks finish, up to their timeout)",
                        event: "stopping", fields: [("reason", .string("qctl start was killed"))])
        } else {
            log.info("Q Cluster \(name) stopping.", event: "stopping")
        }
        stat.status = .stopping
        publish()
        log.info("Process-\(processID.hex) stopping cluster processes", event: "stopping_processes")
        let pusher = children.filter { $0.value.role == .pusher }.map(\.key)
        let workers = children.filter { $0.value.role == .worker }.map(\.key)
        let monitor = children.filter { $0.value.role == .monitor }.map(\.key)
        // 1. The pusher stops leasing and returns what no worker started.
        guard signalAndWait(pusher, deadlineMilliseconds: 30_000) else { return hardStop() }
        // 2. Workers finish their current task (up to its timeout) and stop.
        let longest = children.values.filter { $0.role == .worker }.map { $0.task == nil ? 0 : $0.taskTimeout }.max() ?? 0
        guard signalAndWait(workers, deadlineMilliseconds: longest + stuckMargin + 5_000) else { return hardStop() }
        // 3. The monitor records every result it has.
        guard signalAndWait(monitor, deadlineMilliseconds: 60_000) else { return hardStop() }
        returnUnstartedRefills()
        do {
            try broker?.removeStat(clusterID: context.clusterID)
        } catch {
            log.error("cannot remove the cluster's stat: \(error)", event: "error")
        }
        log.info("Q Cluster \(name) has stopped.", event: "stopped")
        return 0
    }

    /// Tasks the monitor leased as refills after the pusher had returned what was left on the
    /// task socket: every child has exited, so they go back to the front of the queue now.
    private func returnUnstartedRefills() {
        let leftover = PacketReceiver(tasks.1)
        var ids: [TaskID] = []
        while case let .message(bytes) = leftover.receiveNow() {
            if let task = TaskFrame.decode(bytes) { ids.append(task.message.id) }
        }
        guard !ids.isEmpty else { return }
        do {
            try broker?.returnUnstarted(ids)
        } catch {
            log.error("cannot return \(ids.count) unstarted tasks (they return after retry): \(error)", event: "error")
        }
    }

    /// Sends SIGUSR1 to `pids` and waits for them to exit; false when a second stop signal came
    /// or the deadline passed.
    private func signalAndWait(_ pids: [Int32], deadlineMilliseconds: Int64) -> Bool {
        for pid in pids { kill(pid, SIGUSR1) }
        let deadline = Clock.monotonicNanoseconds() + UInt64(max(deadlineMilliseconds, 1_000)) * 1_000_000
        var nextGuard: UInt64 = 0
        while pids.contains(where: { children[$0] != nil }) {
            let now = Clock.monotonicNanoseconds()
            if ProcessSignals.stopCount > 1 || now > deadline { return false }
            if now >= nextGuard {
                // While running tasks finish, the cluster still shows as Stopping (not Lost) and
                // their leases still cover them, so that another cluster does not run them again.
                extendLeasesOfRunningTasks(now: Clock.nowMilliseconds())
                publish()
                nextGuard = now + UInt64(settings.guardCycleMilliseconds) * 1_000_000
            }
            receiveStatus(timeoutMilliseconds: 50)
            reap()
            // A child may have missed the signal while starting: remind it.
            for pid in pids where children[pid] != nil { kill(pid, SIGUSR1) }
        }
        return true
    }

    /// A second signal (or a stop that outlasts its grace): workers kill their tasks' groups and
    /// exit, the rest are killed. What was leased is delivered again after `retry`.
    private func hardStop() -> Int32 {
        log.warning("Q Cluster \(context.clusterID.humanName) killed; leased tasks return after retry", event: "killed")
        for (pid, child) in children {
            if child.taskGroup > 0 { kill(-child.taskGroup, SIGKILL) }
            kill(pid, child.role == .worker ? SIGTERM : SIGKILL)
        }
        let deadline = Clock.monotonicNanoseconds() + 2_000_000_000
        while !children.isEmpty, Clock.monotonicNanoseconds() < deadline {
            reap()
            usleep(5_000)  // children die within milliseconds of SIGKILL; bounded by the deadline above
        }
        for pid in children.keys { kill(pid, SIGKILL) }
        try? broker?.removeStat(clusterID: context.clusterID)
        return 1
    }
}
