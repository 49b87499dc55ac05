import CSpawn
import FoundationEssentials
import Glibc
import Synchronization

/// `qctl bench`: the machine's own limits and qctl's figures, measured in the same run, in a
/// temporary broker. Targets are printed beside the figures; nothing here asserts them.
public struct Benchmark {
    public struct Options: Sendable {
        public var tasks = 2_000
        public var workers = 2
        public var big = false
        /// Drains, each with a fresh cluster; the table gives the median round.
        public var rounds = 5
        /// The drained cluster's queue_limit; nil: ``defaultQueueLimit(workers:)``.
        public var queueLimit: Int?
        public var executable: String

        public init(executable: String) {
            self.executable = executable
        }

        /// README's tuning for many short tasks: 32 tasks per worker in flight, so that the
        /// monitor's commits carry about 40 results and still leave the workers fed through
        /// disk flushes that take several milliseconds in a slow minute.
        public static func defaultQueueLimit(workers: Int) -> Int { 32 * workers }
    }

    /// One measured figure.
    public struct Figure: Sendable {
        public var name: String
        public var value: Double
        public var unit: String
        public var target: String
        public var met: Bool?
    }

    public let options: Options
    /// Progress notes (for a terminal).
    public var progress: (String) -> Void = { _ in }

    public init(options: Options) {
        self.options = options
    }

    /// Measures everything; throws ``BenchmarkError/interrupted`` soon after a stop signal
    /// (when the caller installed ``ProcessSignals/handleStopSignals()``), having stopped its
    /// cluster and removed its temporary broker.
    public func run() throws -> [Figure] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-bench-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/qcluster.yaml"
        // Settings for many short tasks, as README's tuning advice gives them: a queue_limit that
        // lets the monitor record results in batches while the workers are fed (with the default
        // workers², a result is recorded before its refill is leased, so every worker waits for
        // two disk flushes per task). save_limit 0 keeps every result, the monitor's heavier case
        // (-1, none kept, would leave it less to write).
        let queueLimit = options.queueLimit ?? Options.defaultQueueLimit(workers: options.workers)
        try "secret_key: bench-secret-0123456789abcdef\ncluster:\n  workers: \(options.workers)\n  queue_limit: \(queueLimit)\n  save_limit: 0\n  guard_cycle: 0.1\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        var figures: [Figure] = []

        // The spawn limit is measured just before and just after the drain it is compared with
        // (its figure still heads the table): the machine's speed drifts within a run (other
        // tenants), and the mean of two measurements that bracket the drain follows it best.
        progress("machine: LMDB commits")
        let (commits, batched) = try lmdbLimits(folder: folder)
        figures.append(Figure(name: "machine: durable 1-put LMDB commits", value: commits, unit: "commits/s", target: "reference"))
        figures.append(Figure(name: "machine: 1000-put LMDB transactions", value: batched, unit: "puts/s", target: "reference"))

        progress("qctl enqueue, one process per task")
        // Interleaved with what lies under it, so that all see the same minute: a process that
        // does nothing (/bin/true), a qctl process that exits at once, and the same start-up
        // from a copy of the binary that exec read back from disk, as after a reboot (its first
        // run reads it). Without room for the copy its row is left out.
        let coldCopy = Self.uncachedCopy(of: options.executable, in: folder)
        var enqueueTimes: [Double] = [], startupTimes: [Double] = [], trueTimes: [Double] = [], coldStartupTimes: [Double] = []
        var enqueueFaults: [Double] = []
        for _ in 0..<50 {
            try Self.checkInterrupted()
            trueTimes.append(try timedRun(["/bin/true"], in: folder).milliseconds)
            startupTimes.append(try timedRun([options.executable, Self.startupProbeArgument], in: folder).milliseconds)
            if let coldCopy { coldStartupTimes.append(try timedRun([coldCopy, Self.startupProbeArgument], in: folder).milliseconds) }
            let enqueue = try timedRun([options.executable, "enqueue", "--config", config, "--", "/bin/true"], in: folder)
            enqueueTimes.append(enqueue.milliseconds)
            enqueueFaults.append(Double(enqueue.pageFaults))
        }
        figures.append(Figure(name: "machine: spawn+wait /bin/true, one at a time, median", value: Self.percentile(trueTimes, 0.5), unit: "ms",
                              target: "reference"))
        figures.append(Figure(name: "qctl start-up: a qctl process that exits at once, median", value: Self.percentile(startupTimes, 0.5), unit: "ms",
                              target: "reference"))
        if let coldCopy {
            unlink(coldCopy)
            figures.append(Figure(name: "qctl start-up, the binary as exec read it from disk (after a reboot), median",
                                  value: Self.percentile(coldStartupTimes, 0.5), unit: "ms", target: "reference"))
        }
        // What no enqueue can go below: starting qctl and one durable LMDB commit (two flushes).
        let floor = Self.percentile(startupTimes, 0.5) + 1_000 / commits
        figures.append(Figure(name: "floor: qctl start-up + one durable commit", value: floor, unit: "ms", target: "reference"))
        let enqueueMedian = Self.percentile(enqueueTimes, 0.5)
        figures.append(Figure(name: "qctl enqueue (one process, durable), median", value: enqueueMedian, unit: "ms", target: "<= 2 ms",
                              met: enqueueMedian <= 2))
        // Most of a start-up's time is page faults; the release link's symbol order (link/qctl.order)
        // keeps them few, and this count shows when that order has gone stale.
        figures.append(Figure(name: "qctl enqueue: page faults (mapping its code and data), median", value: Self.percentile(enqueueFaults, 0.5),
                              unit: "faults", target: "reference"))

        progress("bulk enqueue --stdin")
        let bulkCount = max(20_000, options.tasks * 10)
        let lines = String(repeating: "{\"command\":[\"/bin/true\"],\"cluster\":\"bulk\"}\n", count: bulkCount)
        let bulkStart = Clock.monotonicNanoseconds()
        let bulkStatus = try runQctl(["enqueue", "--config", config, "--stdin"], in: folder, stdin: Array(lines.utf8))
        try Self.checkInterrupted()
        guard bulkStatus == 0 else { throw BenchmarkError.commandFailed("enqueue --stdin") }
        let bulkRate = Double(bulkCount) / (Double(Clock.monotonicNanoseconds() - bulkStart) / 1e9)
        figures.append(Figure(name: "bulk enqueue --stdin (\(bulkCount), durable)", value: bulkRate, unit: "tasks/s", target: ">= 100000", met: bulkRate >= 100_000))

        let configuration = try ConfigLoader(environment: [:], currentDirectory: folder).load(explicitPath: config)
        let broker = try LMDBBroker(configuration: configuration)
        _ = try broker.purge(cluster: "bulk")
        _ = try broker.purge(cluster: "default")
        var settings = try configuration.settings()
        settings.workers = options.workers
        // Several rounds, each a fresh cluster draining N queued tasks between two measurements
        // of the spawn limit: one round of a second or two swings by a tenth either way on this
        // shared machine (other tenants), so the table gives the median round and the spread.
        var rounds: [DrainRound] = []
        var running: Cluster?
        defer { running?.stop(killingAfter: 20_000) }
        for round in 1...options.rounds {
            progress("drain \(round)/\(options.rounds): \(options.tasks) tasks through \(options.workers) workers")
            running?.stop(killingAfter: 20_000)
            running = nil
            let (result, cluster) = try drainRound(configuration: configuration, settings: settings, broker: broker, folder: folder)
            rounds.append(result)
            running = cluster
        }
        let ordered = rounds.sorted { $0.ratio < $1.ratio }
        let median = ordered[ordered.count / 2]
        let spawnRate = rounds.map(\.spawnLimit).reduce(0, +) / Double(rounds.count)
        figures.insert(Figure(name: "machine: spawn+wait /bin/true (\(options.workers) parallel, around each drain)", value: spawnRate,
                              unit: "tasks/s", target: "reference"), at: 0)
        figures.append(Figure(name: "cluster start-up (until its stat is published), median", value: Self.percentile(rounds.map(\.startup), 0.5),
                              unit: "ms", target: "reference"))
        let roundsText = rounds.count == 1 ? "" : ", median of \(rounds.count)"
        figures.append(Figure(name: "drain \(options.tasks) x /bin/true, \(options.workers) workers, queue_limit \(queueLimit) (each ran once\(roundsText))",
                              value: median.rate, unit: "tasks/s", target: ">= 0.8 x spawn limit", met: median.ratio >= 0.8))
        figures.append(Figure(name: "drain / spawn limit\(rounds.count == 1 ? "" : " (median round)")", value: median.ratio, unit: "ratio",
                              target: ">= 0.8", met: median.ratio >= 0.8))
        if rounds.count > 1 {
            figures.append(Figure(name: "drain / spawn limit, lowest round", value: ordered[0].ratio, unit: "ratio", target: "reference"))
            figures.append(Figure(name: "drain / spawn limit, highest round", value: ordered[ordered.count - 1].ratio, unit: "ratio", target: "reference"))
        }
        if rounds.allSatisfy({ $0.monitorBytes != nil }) {
            let bytes = Double(rounds.compactMap(\.monitorBytes).reduce(0, +)) / Double(rounds.count * options.tasks)
            figures.append(Figure(name: "drain: bytes the monitor wrote per task (broker pages, log)", value: bytes, unit: "bytes", target: "reference"))
        }
        if rounds.allSatisfy({ $0.monitorWakeUps != nil }) {
            let wakeUps = Double(rounds.compactMap(\.monitorWakeUps).reduce(0, +)) / Double(rounds.count * options.tasks)
            figures.append(Figure(name: "drain: times the monitor waited (woke up) per task", value: wakeUps, unit: "per task", target: "reference"))
        }
        guard let cluster = running else { throw BenchmarkError.timeout("drain") }

        progress("idle latency: 200 tasks, 20 ms apart")
        // Each task's latency runs from its creation to its start, and is split where its
        // enqueue returned: the durable commit, the disk's part (two flushes, whose tail in a
        // slow minute is most of a slow task's), and the cluster's (wake-up, lease, spawn).
        var sent: [(id: TaskID, committedAt: Int64)] = []
        for _ in 0..<200 {
            try Self.checkInterrupted()
            let message = TaskMessage(cluster: "default", command: ["/bin/true"], workingDirectory: folder)
            try broker.enqueue([message])
            sent.append((message.id, Clock.nowMilliseconds()))
            usleep(20_000)  // the benchmark's own pacing: tasks arrive 20 ms apart
        }
        var parts: [(commit: Double, cluster: Double)] = []
        let latencyDeadline = Clock.monotonicNanoseconds() + 60_000_000_000
        while parts.count < sent.count, Clock.monotonicNanoseconds() < latencyDeadline {
            try Self.checkInterrupted()
            parts = try sent.compactMap { task -> (Double, Double)? in
                guard case let .finished(result)? = try broker.status(of: task.id.hex) else { return nil }
                return (Double(task.committedAt - result.message.enqueuedAtMilliseconds), Double(result.startedAtMilliseconds - task.committedAt))
            }
            if parts.count < sent.count { usleep(10_000) }  // poll until every result is in, within the deadline
        }
        // Right after, the same number of times and as far apart, the flushes an idle task waits
        // for are timed on their own, on a file of the bench's own: a durable 1-put commit (an
        // enqueue's two flushes), then a 1-put commit with one (a lease's). Their tail is the
        // disk's in the same minute, a floor under any durable queue's latency on this machine.
        let raw = try RawLMDB(folder: folder)
        var flushes: [Double] = []
        for index in 0..<sent.count {
            try Self.checkInterrupted()
            flushes.append(try raw.idlePathFlushes(key: UInt64(10_000_000 + index)))
            usleep(20_000)  // the idle tasks' pacing
        }
        let latencies = parts.map { $0.commit + $0.cluster }
        let p50 = Self.percentile(latencies, 0.5), p99 = Self.percentile(latencies, 0.99)
        figures.append(Figure(name: "idle enqueue->start latency p50 (1 ms resolution)", value: p50, unit: "ms", target: "<= 2 ms", met: p50 <= 2))
        figures.append(Figure(name: "idle enqueue->start latency p99 (1 ms resolution)", value: p99, unit: "ms", target: "<= 5 ms", met: p99 <= 5))
        figures.append(Figure(name: "idle latency p99, its enqueue's durable commit (the disk's part)", value: Self.percentile(parts.map(\.commit), 0.99),
                              unit: "ms", target: "reference"))
        figures.append(Figure(name: "idle latency p99, from that commit to the start (the cluster's part)", value: Self.percentile(parts.map(\.cluster), 0.99),
                              unit: "ms", target: "reference"))
        figures.append(Figure(name: "machine: an idle task's 3 flushes alone (enqueue + lease commit), p50", value: Self.percentile(flushes, 0.5),
                              unit: "ms", target: "reference"))
        figures.append(Figure(name: "machine: an idle task's 3 flushes alone (enqueue + lease commit), p99", value: Self.percentile(flushes, 0.99),
                              unit: "ms", target: "reference"))
        if let stat = try cluster.stat() {
            let rss = stat.workers.map(\.rssKiB).max() ?? 0
            figures.append(Figure(name: "worker RSS (largest)", value: Double(rss) / 1024, unit: "MiB", target: "<= 15 MiB", met: rss <= 15 * 1024))
            let pids = [stat.sentinelPID, stat.pusherPID, stat.monitorPID] + stat.workers.map(\.pid)
            // Every process of the cluster, from /proc. RSS counts the file pages a process maps:
            // the binary's code, and the broker's pages, which LMDB reads through its map (the
            // kernel maps 64 KiB around each page touched), shared with every process of the
            // machine that maps them; each process unmaps the broker's pages once its RSS grew by
            // a MiB (looking at most every 100 ms), and the monitor when it goes idle. The peak
            // (VmHWM) is the most a process had mapped at any moment, the drains included: the
            // monitor's commit of a batch reads a few pages of each of ~3 databases per result
            // and maps 64 KiB around each, until the next release. The anonymous part is each
            // process's own memory.
            func largest(_ field: String) -> Int {
                pids.compactMap { Self.procField(field, in: "/proc/\($0)/status", unit: " kB") }.max() ?? 0
            }
            let rssKiB = largest("VmRSS:"), peakKiB = largest("VmHWM:"), anonymousKiB = largest("RssAnon:")
            figures.append(Figure(name: "cluster process RSS (largest of sentinel, pusher, monitor, workers)", value: Double(rssKiB) / 1024,
                                  unit: "MiB", target: "<= 15 MiB", met: rssKiB <= 15 * 1024))
            figures.append(Figure(name: "cluster process peak RSS (largest VmHWM: a moment during a drain)", value: Double(peakKiB) / 1024,
                                  unit: "MiB", target: "reference"))
            figures.append(Figure(name: "cluster process anonymous memory (largest; RSS less shared file pages)", value: Double(anonymousKiB) / 1024,
                                  unit: "MiB", target: "reference"))
            progress("idle cluster: CPU over 5 s")
            let before = Self.cpuNanoseconds(of: pids), started = Clock.monotonicNanoseconds()
            usleep(5_000_000)  // the measurement window: an idle cluster, nothing to await (a signal ends it)
            try Self.checkInterrupted()
            let seconds = Double(Clock.monotonicNanoseconds() - started) / 1e9
            let percent = Double(Self.cpuNanoseconds(of: pids) - before) / 1e9 / seconds * 100
            figures.append(Figure(name: "idle cluster CPU over 5 s (all its processes)", value: percent, unit: "% core", target: "< 1 %", met: percent < 1))
        }

        if options.big {
            progress("big: 1,000,000 queued tasks")
            let before = try broker.statistics().usedBytes
            for _ in 0..<50 {
                try Self.checkInterrupted()
                try broker.enqueue((0..<20_000).map { _ in TaskMessage(cluster: "big", command: ["/bin/true"], workingDirectory: "/tmp") })
            }
            let after = try broker.statistics().usedBytes
            let perTask = Double(after - before) / 1_000_000
            figures.append(Figure(name: "broker bytes per queued task", value: perTask, unit: "bytes", target: "<= 512", met: perTask <= 512))
            for command in ["info", "stats"] {
                var times: [Double] = []
                for _ in 0..<5 {
                    try Self.checkInterrupted()
                    let start = Clock.monotonicNanoseconds()
                    _ = try runQctl([command, "--config", config], in: folder)
                    times.append(Double(Clock.monotonicNanoseconds() - start) / 1e6)
                }
                let median = Self.percentile(times, 0.5)
                figures.append(Figure(name: "qctl \(command) with 1,000,000 queued, median", value: median, unit: "ms", target: "<= 50 ms", met: median <= 50))
            }
        }
        return figures
    }

    /// One drain: N tasks queued, then a fresh cluster started to run them, timed from the end
    /// of its start-up to the last result, between two measurements of the spawn limit.
    struct DrainRound {
        var rate: Double
        var spawnLimit: Double
        var startup: Double
        /// What the monitor passed to write(2) and pwrite(2) over its life (/proc/PID/io).
        var monitorBytes: Int?
        /// How often the monitor gave up the CPU to wait, over its life (/proc/PID/status).
        var monitorWakeUps: Int?
        var ratio: Double { rate / spawnLimit }
    }

    /// Runs one ``DrainRound``; returns it and the cluster, still running (idle), for the caller to stop or use.
    private func drainRound(configuration: Configuration, settings: ClusterSettings, broker: LMDBBroker, folder: String) throws -> (DrainRound, Cluster) {
        let before = try broker.counts(cluster: "default")
        try broker.enqueue((0..<options.tasks).map { _ in TaskMessage(cluster: "default", command: ["/bin/true"], workingDirectory: folder) })
        let spawnRateBefore = try spawnLimit(parallel: options.workers, count: max(1_000, options.tasks))
        let cluster = Cluster(configuration: configuration, settings: settings, log: ClusterLog(minimumLevel: .error), executable: options.executable)
        let clusterStart = Clock.monotonicNanoseconds()
        try cluster.start()
        do {
            return try measureDrain(of: cluster, startedAt: clusterStart, broker: broker, before: before, spawnRateBefore: spawnRateBefore)
        } catch {
            // Interrupted, too slow or wrong: the cluster is not the caller's to stop.
            cluster.stop(killingAfter: 20_000)
            throw error
        }
    }

    /// The rest of a ``drainRound``: from the cluster's start to the spawn measurement after it.
    private func measureDrain(of cluster: Cluster, startedAt clusterStart: UInt64, broker: LMDBBroker, before: QueueCounts,
                              spawnRateBefore: Double) throws -> (DrainRound, Cluster) {
        var startup: Double?
        var drained: Double?
        var monitorPID: Int32?
        // The drain is timed from the end of start-up (reported on its own), when the pusher has
        // just begun to lease: the first tasks may have started a moment before.
        var drainStart = clusterStart
        let deadline = clusterStart + 600_000_000_000
        while drained == nil, Clock.monotonicNanoseconds() < deadline {
            try Self.checkInterrupted()
            if startup == nil, let stat = try? cluster.stat() {
                drainStart = Clock.monotonicNanoseconds()
                startup = Double(drainStart - clusterStart) / 1e6
                monitorPID = stat.monitorPID
            }
            let counts = try broker.counts(cluster: "default")
            let finished = counts.succeeded + counts.failed - before.succeeded - before.failed
            if finished >= options.tasks, counts.leased == 0 {
                drained = Double(Clock.monotonicNanoseconds() - drainStart) / 1e9
            }
            // Poll until drained, within the deadline above, with one read transaction: every
            // millisecond until the cluster is up, then every 5 ms, because the cluster and its
            // tasks need every core and a busier poll would slow what it measures, and every
            // millisecond again for the last tenth, so that the end is seen within a millisecond
            // (5 ms were up to 1 % of a 2,000-task round).
            let nearEnd = finished * 10 >= options.tasks * 9
            usleep(startup == nil || nearEnd ? 1_000 : 5_000)
        }
        guard let drainSeconds = drained else { throw BenchmarkError.timeout("drain") }
        let counts = try broker.counts(cluster: "default")
        guard counts.succeeded - before.succeeded == options.tasks, counts.failed == before.failed, counts.queued == 0 else {
            throw BenchmarkError.wrongCount("drain: \(counts.succeeded - before.succeeded) succeeded, \(counts.failed - before.failed) failed of \(options.tasks)")
        }
        let monitorBytes = monitorPID.flatMap(Self.bytesWritten(by:))
        let monitorWakeUps = monitorPID.flatMap(Self.voluntaryContextSwitches(of:))
        let spawnRateAfter = try spawnLimit(parallel: options.workers, count: max(1_000, options.tasks))
        let round = DrainRound(rate: Double(options.tasks) / drainSeconds, spawnLimit: (spawnRateBefore + spawnRateAfter) / 2,
                               startup: startup ?? 0, monitorBytes: monitorBytes, monitorWakeUps: monitorWakeUps)
        return (round, cluster)
    }

    /// Bytes a process has passed to write(2) and its kin so far (`wchar` of /proc/PID/io).
    static func bytesWritten(by pid: Int32) -> Int? {
        procField("wchar:", in: "/proc/\(pid)/io")
    }

    /// How many times a process waited (`voluntary_ctxt_switches` of /proc/PID/status).
    static func voluntaryContextSwitches(of pid: Int32) -> Int? {
        procField("voluntary_ctxt_switches:", in: "/proc/\(pid)/status")
    }

    /// The number after `name` on its line of a /proc file of `name: value` lines (`unit`, if
    /// given, ends the value).
    private static func procField(_ name: String, in path: String, unit: String = "") -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return nil }
        var value = line.dropFirst(name.count)
        if !unit.isEmpty, value.hasSuffix(unit) { value = value.dropLast(unit.count) }
        return Int(value.trimmingSpaces)
    }

    /// Runs `body` on `count` threads at once and waits for them all: Dispatch's
    /// concurrentPerform would link libdispatch, and its start-up, into every command.
    private static func onThreads(_ count: Int, _ body: @escaping @Sendable () -> Void) {
        final class Work: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var threads: [pthread_t] = []
        for _ in 0..<count {
            var thread = pthread_t()
            let work = Unmanaged.passRetained(Work(body)).toOpaque()
            let created = pthread_create(&thread, nil, { raw in
                Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, work)
            if created == 0 {
                threads.append(thread)
            } else {
                Unmanaged<Work>.fromOpaque(work).takeRetainedValue().body()  // no thread: run it here
            }
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    // MARK: Machine limits

    /// posix_spawn-class spawns of /bin/true with `parallel` spawners, per second.
    private func spawnLimit(parallel: Int, count: Int) throws -> Double {
        let perThread = count / parallel
        let start = Clock.monotonicNanoseconds()
        let failures = Mutex(0)
        Self.onThreads(parallel) {
            for _ in 0..<perThread where ProcessSignals.stopCount == 0 {
                var options = ProcessSpawner.Options(arguments: ["/bin/true"], environment: ["PATH=/usr/bin:/bin"])
                options.newProcessGroup = true
                guard let pid = try? ProcessSpawner.spawn(options) else {
                    failures.withLock { $0 += 1 }
                    continue
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            }
        }
        try Self.checkInterrupted()
        let seconds = Double(Clock.monotonicNanoseconds() - start) / 1e9
        return Double(perThread * parallel - failures.withLock { $0 }) / seconds
    }

    /// Durable single-put commits per second and puts per second in 1000-put transactions.
    private func lmdbLimits(folder: String) throws -> (Double, Double) {
        let raw = try RawLMDB(folder: folder)
        var start = Clock.monotonicNanoseconds()
        let commits = 1_000
        for index in 0..<commits {
            try raw.environment.write { txn throws(LMDBError) in try txn.put(raw.db, BrokerKeys.bigEndian(UInt64(index)), raw.value) }
        }
        let commitRate = Double(commits) / (Double(Clock.monotonicNanoseconds() - start) / 1e9)
        start = Clock.monotonicNanoseconds()
        for batch in 0..<100 {
            try raw.environment.write { txn throws(LMDBError) in
                for index in 0..<1_000 { try txn.put(raw.db, BrokerKeys.bigEndian(UInt64(1_000_000 + batch * 1_000 + index)), raw.value) }
            }
        }
        let putRate = 100_000 / (Double(Clock.monotonicNanoseconds() - start) / 1e9)
        return (commitRate, putRate)
    }

    /// A plain LMDB file of the bench's own, for the machine's limits: one database, 100-byte values.
    private struct RawLMDB {
        let environment: LMDBEnvironment
        let db: LMDBDatabase
        let value = [UInt8](repeating: 7, count: 100)

        init(folder: String) throws {
            environment = try LMDBEnvironment.shared(path: folder + "/raw.lmdb", mapSize: 1 << 30, maxDatabases: 2)
            db = try environment.openDatabases(["raw"])["raw"]!
        }

        /// Milliseconds of the flushes an idle task waits for: a durable commit (as its
        /// enqueue's), then a commit with one sync (as its lease's).
        func idlePathFlushes(key: UInt64) throws -> Double {
            let start = Clock.monotonicNanoseconds()
            try environment.write { txn throws(LMDBError) in try txn.put(db, BrokerKeys.bigEndian(key), value) }
            try environment.write(durability: .metaDeferred) { txn throws(LMDBError) in try txn.put(db, BrokerKeys.bigEndian(key + 1_000_000), value) }
            return Double(Clock.monotonicNanoseconds() - start) / 1e6
        }
    }

    // MARK: Helpers

    /// A copy of `executable` in `folder` whose pages are not in the page cache, so that its
    /// first exec reads it from disk through page faults, as the first run after a reboot does.
    /// Such a file is cached in single pages, which exec maps slower than the larger folios that
    /// read(2) or write(2) leave (docs/decisions.md); the copy is written, synced, then dropped.
    /// Nil when the copy cannot be made (no room for it, say).
    static func uncachedCopy(of executable: String, in folder: String) -> String? {
        let path = folder + "/qctl-read-back"
        let source = open(executable, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { return nil }
        defer { close(source) }
        let target = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard target >= 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var copied = true
        copying: while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 { copied = false }
            guard count > 0 else { break }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(target, $0.baseAddress! + offset, count - offset) }
                guard written > 0 else {
                    copied = false
                    break copying
                }
                offset += written
            }
        }
        // Dirty pages cannot be dropped: synced first.
        if copied, fsync(target) != 0 { copied = false }
        if copied { _ = posix_fadvise(target, 0, 0, POSIX_FADV_DONTNEED) }
        close(target)
        guard copied else {
            unlink(path)
            return nil
        }
        return path
    }

    /// The argument that makes qctl exit at once (the first thing its main looks at), so that the
    /// bench can time the start-up every command pays.
    public static let startupProbeArgument = "__bench-startup-probe"

    /// Milliseconds from spawn to exit of a run of `arguments`, and its page faults; throws when
    /// it exits with another status than 0.
    private func timedRun(_ arguments: [String], in folder: String) throws -> (milliseconds: Double, pageFaults: Int) {
        let start = Clock.monotonicNanoseconds()
        let (status, faults) = try run(arguments, in: folder)
        try Self.checkInterrupted()  // Ctrl-C reaches the command too: its status says nothing then
        guard status == 0 else { throw BenchmarkError.commandFailed(arguments.joined(separator: " ")) }
        return (Double(Clock.monotonicNanoseconds() - start) / 1e6, faults)
    }

    private func runQctl(_ arguments: [String], in folder: String, stdin: [UInt8]? = nil) throws -> Int32 {
        try run([options.executable] + arguments, in: folder, stdin: stdin).status
    }

    /// Runs `arguments` in `folder` with stdout on /dev/null; returns its exit status and its page
    /// faults (minor and major, from the kernel's accounting at exit).
    private func run(_ arguments: [String], in folder: String, stdin: [UInt8]? = nil) throws -> (status: Int32, pageFaults: Int) {
        var options = ProcessSpawner.Options(arguments: arguments,
                                             environment: ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" })
        options.workingDirectory = folder
        let null = open("/dev/null", O_RDWR)
        defer { close(null) }
        var fds: [Int32] = [0, 0]
        if stdin != nil { _ = qctl_pipe_cloexec(&fds) }
        options.fileDescriptors = [(stdin != nil ? fds[0] : null, 0), (null, 1), (2, 2)]
        let pid = try ProcessSpawner.spawn(options)
        if let stdin {
            close(fds[0])
            var offset = 0
            while offset < stdin.count {
                let written = stdin[offset...].withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
                if written <= 0 { break }
                offset += written
            }
            close(fds[1])
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}  // a stop signal interrupts the wait, not the command
        return ((status >> 8) & 0xFF, usage.ru_minflt + usage.ru_majflt)
    }

    /// Throws ``BenchmarkError/interrupted`` once a stop signal arrived.
    static func checkInterrupted() throws(BenchmarkError) {
        if ProcessSignals.stopCount > 0 { throw .interrupted }
    }

    /// CPU time of `pids` so far, in nanoseconds: the scheduler's own count (/proc/PID/schedstat),
    /// else utime + stime in clock ticks. Ticks are samples: a process that runs for a moment
    /// now and then, as an idle cluster does, may be charged none for seconds.
    static func cpuNanoseconds(of pids: [Int32]) -> Int {
        pids.reduce(0) { total, pid in
            if let text = try? String(contentsOfFile: "/proc/\(pid)/schedstat", encoding: .utf8),
               let first = text.split(separator: " ").first, let nanoseconds = Int(first) {
                return total + nanoseconds
            }
            return total + cpuTicks(of: [pid]) * (1_000_000_000 / max(1, sysconf(Int32(_SC_CLK_TCK))))
        }
    }

    /// utime + stime of `pids` so far, in clock ticks (from /proc/PID/stat).
    static func cpuTicks(of pids: [Int32]) -> Int {
        pids.reduce(0) { total, pid in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = text.lastIndex(of: ")") else { return total }
            // Fields after the command name: state is the 3rd field, utime and stime the 14th and 15th.
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return total }
            return total + user + system
        }
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))]
    }
}

/// A benchmark that could not complete.
public enum BenchmarkError: UserFacingError, Equatable {
    case commandFailed(String)
    case timeout(String)
    case wrongCount(String)
    case interrupted

    public var exitStatus: ExitStatus { self == .interrupted ? .interrupted : .ioError }
    public var description: String {
        switch self {
        case .interrupted: return "bench: interrupted; its cluster was stopped and its temporary broker removed"
        case let .commandFailed(command): return "bench: qctl \(command) failed"
        case let .timeout(what): return "bench: \(what) did not finish within its deadline"
        case let .wrongCount(what): return "bench: tasks did not run exactly once (\(what))"
        }
    }
}
