import FoundationEssentials
import Glibc
import QCluster

/// `qctl bench`: the machine's own limits and qctl's figures, measured in the same run, in a
/// temporary broker. Targets are printed beside the figures; nothing here asserts them.
public struct Benchmark {
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
        // The shipped default queue_limit (none set here), which the drains use first, as users
        // run it. save_limit 0 keeps every result, the monitor's heavier case (-1, none kept,
        // would leave it less to write).
        // With --broker, the PostgreSQL database at that URL (which must hold no broker yet).
        let brokerSection = options.brokerURL.map { "broker:\n  url: \"\($0)\"\n" } ?? ""
        try "secret_key: bench-secret-0123456789abcdef\n\(brokerSection)cluster:\n  workers: \(options.workers)\n  save_limit: 0\n  guard_cycle: 0.1\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let configuration = try ConfigLoader(environment: [:], currentDirectory: folder).load(explicitPath: config)
        let targets = Targets(postgreSQL: configuration.brokerURL != nil)
        guard try BrokerConnector.setUp(configuration: configuration, upgrading: false).created else {
            throw BenchmarkError.brokerNotEmpty(configuration.brokerLocation)
        }
        defer { try? BrokerConnector.removeBenchBroker(configuration: configuration) }
        var figures: [Figure] = []

        // The spawn limit is measured just before and just after the drain it is compared with
        // (its figure still heads the table): the machine's speed drifts within a run (other
        // tenants), and the mean of two measurements that bracket the drain follows it best.
        let baseline = try BrokerConnector.openBaseline(configuration: configuration, scratchFolder: folder)
        defer { try? baseline.discard() }
        progress("machine: \(baseline.name) commits")
        let (commits, batched) = try MachineLimits.storageLimits(baseline)
        figures.append(Figure(name: "machine: durable 1-record \(baseline.name) commits", value: commits, unit: "commits/s", target: "reference"))
        figures.append(Figure(name: "machine: 1000-record \(baseline.name) transactions", value: batched, unit: "records/s", target: "reference"))

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
        figures.append(Figure(name: "qctl enqueue (one process, durable), median", value: enqueueMedian, unit: "ms",
                              target: "<= \(targets.enqueueMilliseconds) ms", met: enqueueMedian <= Double(targets.enqueueMilliseconds)))
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
        figures.append(Figure(name: "bulk enqueue --stdin (\(bulkCount), durable)", value: bulkRate, unit: "tasks/s",
                              target: ">= \(targets.bulkTasksPerSecond)", met: bulkRate >= Double(targets.bulkTasksPerSecond)))

        let broker = try BrokerConnector.open(configuration: configuration)
        _ = try broker.purge(cluster: "bulk")
        _ = try broker.purge(cluster: "default")

        progress("broker alone: lease and complete in batches of 64")
        let alone = try brokerAlone(broker, tasks: max(10_000, options.tasks * 5), folder: folder)
        figures.append(Figure(name: "broker alone: lease + complete in batches of 64, no process (\(max(10_000, options.tasks * 5)) tasks)",
                              value: alone, unit: "tasks/s", target: targets.brokerAloneTasksPerSecond.map { ">= \($0)" } ?? "reference",
                              met: targets.brokerAloneTasksPerSecond.map { alone >= Double($0) }))
        var settings = try configuration.settings()
        settings.workers = options.workers
        // Two queue_limits: the shipped default first (unset: it follows the pace of the work),
        // as users run it, then a fixed deep queue, which lets the monitor record results in
        // batches while the workers are fed from the start.
        let deepLimit = options.queueLimit ?? Options.deepQueueLimit(workers: options.workers)
        let limits: [(limit: Int?, text: String, label: String)] = [
            (nil, "queue_limit unset", "the default: \(settings.queueLimit) to \(settings.adaptiveQueueLimitCeiling) by the pace"),
            (deepLimit, "queue_limit \(deepLimit)", options.queueLimit == nil ? "32 per worker, fixed" : "--queue-limit"),
        ]
        // Several rounds, each a fresh cluster draining N queued tasks between two measurements
        // of the spawn limit: one round swings either way on a shared machine (other tenants),
        // so the table gives the median round and the spread. The queue_limits take turns
        // within a round, so that both see the same minutes; the deeper one drains last and its
        // cluster stays up for the idle figures below.
        var rounds: [[DrainRound]] = Array(repeating: [], count: limits.count)
        var running: Cluster?
        defer { running?.stop(killingAfter: 20_000) }
        for round in 1...options.rounds {
            for (index, limit) in limits.enumerated() {
                progress("drain \(round)/\(options.rounds), \(limit.text): \(options.tasks) tasks through \(options.workers) workers")
                running?.stop(killingAfter: 20_000)
                running = nil
                var drained = settings
                if let fixed = limit.limit { drained.queueLimit = fixed }
                let (result, cluster) = try drainRound(configuration: configuration, settings: drained, broker: broker, folder: folder)
                rounds[index].append(result)
                running = cluster
            }
        }
        let allRounds = rounds.flatMap { $0 }
        let spawnRate = allRounds.map(\.spawnLimit).reduce(0, +) / Double(allRounds.count)
        figures.insert(Figure(name: "machine: spawn+wait /bin/true (\(options.workers) parallel, around each drain)", value: spawnRate,
                              unit: "tasks/s", target: "reference"), at: 0)
        figures.append(Figure(name: "cluster start-up (until its stat is published), median", value: Self.percentile(allRounds.map(\.startup), 0.5),
                              unit: "ms", target: "reference"))
        for (index, limit) in limits.enumerated() {
            figures += drainFigures(rounds[index], limitText: limit.text, label: limit.label)
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
        var flushes: [Double] = []
        for index in 0..<sent.count {
            try Self.checkInterrupted()
            flushes.append(try baseline.idlePathCommits(key: UInt64(10_000_000 + index)))
            usleep(20_000)  // the idle tasks' pacing
        }
        let latencies = parts.map { $0.commit + $0.cluster }
        let p50 = Self.percentile(latencies, 0.5), p99 = Self.percentile(latencies, 0.99)
        figures.append(Figure(name: "idle enqueue->start latency p50 (1 ms resolution)", value: p50, unit: "ms",
                              target: "<= \(targets.idleP50Milliseconds) ms", met: p50 <= Double(targets.idleP50Milliseconds)))
        figures.append(Figure(name: "idle enqueue->start latency p99 (1 ms resolution)", value: p99, unit: "ms",
                              target: targets.idleP99Milliseconds.map { "<= \($0) ms" } ?? "reference", met: targets.idleP99Milliseconds.map { p99 <= Double($0) }))
        figures.append(Figure(name: "idle latency p99, its enqueue's durable commit (the disk's part)", value: Self.percentile(parts.map(\.commit), 0.99),
                              unit: "ms", target: "reference"))
        figures.append(Figure(name: "idle latency p99, from that commit to the start (the cluster's part)", value: Self.percentile(parts.map(\.cluster), 0.99),
                              unit: "ms", target: "reference"))
        figures.append(Figure(name: "machine: an idle task's commits alone (enqueue + lease, \(baseline.name)), p50", value: Self.percentile(flushes, 0.5),
                              unit: "ms", target: "reference"))
        figures.append(Figure(name: "machine: an idle task's commits alone (enqueue + lease, \(baseline.name)), p99", value: Self.percentile(flushes, 0.99),
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
            // monitor's commit of a batch reads a few pages of each database a result touches
            // and maps 64 KiB around each, until the next release. The anonymous part is each
            // process's own memory.
            func largest(_ field: String) -> Int {
                pids.compactMap { ProcFiles.field(field, in: "/proc/\($0)/status", unit: " kB") }.max() ?? 0
            }
            let rssKiB = largest("VmRSS:"), peakKiB = largest("VmHWM:"), anonymousKiB = largest("RssAnon:")
            figures.append(Figure(name: "cluster process RSS (largest of sentinel, pusher, monitor, workers)", value: Double(rssKiB) / 1024,
                                  unit: "MiB", target: "<= 15 MiB", met: rssKiB <= 15 * 1024))
            figures.append(Figure(name: "cluster process peak RSS (largest VmHWM: a moment during a drain)", value: Double(peakKiB) / 1024,
                                  unit: "MiB", target: "reference"))
            figures.append(Figure(name: "cluster process anonymous memory (largest; RSS less shared file pages)", value: Double(anonymousKiB) / 1024,
                                  unit: "MiB", target: "reference"))
            progress("idle cluster: CPU over 5 s")
            let before = ProcFiles.cpuNanoseconds(of: pids), started = Clock.monotonicNanoseconds()
            usleep(5_000_000)  // the measurement window: an idle cluster, nothing to await (a signal ends it)
            try Self.checkInterrupted()
            let seconds = Double(Clock.monotonicNanoseconds() - started) / 1e9
            let percent = Double(ProcFiles.cpuNanoseconds(of: pids) - before) / 1e9 / seconds * 100
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

    /// Throws ``BenchmarkError/interrupted`` once a stop signal arrived.
    static func checkInterrupted() throws(BenchmarkError) {
        if ProcessSignals.stopCount > 0 { throw .interrupted }
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))]
    }
}
