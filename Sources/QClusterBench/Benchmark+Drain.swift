import Glibc
import QCluster

extension Benchmark {
    /// The table's rows for the rounds of one queue_limit: the median round's rate and its
    /// ratio to the spawn limit, the spread, and the monitor's writes and wake-ups per task.
    func drainFigures(_ rounds: [DrainRound], limitText: String, label: String) -> [Figure] {
        let ordered = rounds.sorted { $0.ratio < $1.ratio }
        let median = ordered[ordered.count / 2]
        let roundsText = rounds.count == 1 ? "" : ", median of \(rounds.count)"
        var figures: [Figure] = []
        figures.append(Figure(name: "drain \(options.tasks) x /bin/true, \(options.workers) workers, \(limitText) (\(label)) (each ran once\(roundsText))",
                              value: median.rate, unit: "tasks/s", target: ">= 0.8 x spawn limit", met: median.ratio >= 0.8))
        figures.append(Figure(name: "drain / spawn limit\(rounds.count == 1 ? "" : " (median round)"), \(limitText)", value: median.ratio, unit: "ratio",
                              target: ">= 0.8", met: median.ratio >= 0.8))
        if rounds.count > 1 {
            figures.append(Figure(name: "drain / spawn limit, lowest round, \(limitText)", value: ordered[0].ratio, unit: "ratio", target: "reference"))
            figures.append(Figure(name: "drain / spawn limit, highest round, \(limitText)", value: ordered[ordered.count - 1].ratio, unit: "ratio",
                                  target: "reference"))
        }
        if rounds.allSatisfy({ $0.monitorBytes != nil }) {
            let bytes = Double(rounds.compactMap(\.monitorBytes).reduce(0, +)) / Double(rounds.count * options.tasks)
            figures.append(Figure(name: "drain: bytes the monitor wrote per task (broker pages, log), \(limitText)", value: bytes, unit: "bytes",
                                  target: "reference"))
        }
        if rounds.allSatisfy({ $0.monitorWakeUps != nil }) {
            let wakeUps = Double(rounds.compactMap(\.monitorWakeUps).reduce(0, +)) / Double(rounds.count * options.tasks)
            figures.append(Figure(name: "drain: times the monitor waited (woke up) per task, \(limitText)", value: wakeUps, unit: "per task",
                                  target: "reference"))
        }
        return figures
    }

    /// Runs one ``DrainRound``; returns it and the cluster, still running (idle), for the caller to stop or use.
    func drainRound(configuration: Configuration, settings: ClusterSettings, broker: any Broker, folder: String) throws -> (DrainRound, Cluster) {
        let before = try broker.counts(cluster: "default")
        try broker.enqueue((0..<options.tasks).map { _ in TaskMessage(cluster: "default", command: ["/bin/true"], workingDirectory: folder) })
        let spawnRateBefore = try MachineLimits.spawnLimit(parallel: options.workers, count: max(1_000, options.tasks))
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
    func measureDrain(of cluster: Cluster, startedAt clusterStart: UInt64, broker: any Broker, before: QueueCounts,
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
            // (a coarser end would skew a short round's rate).
            let nearEnd = finished * 10 >= options.tasks * 9
            usleep(startup == nil || nearEnd ? 1_000 : 5_000)
        }
        guard let drainSeconds = drained else { throw BenchmarkError.timeout("drain") }
        let counts = try broker.counts(cluster: "default")
        guard counts.succeeded - before.succeeded == options.tasks, counts.failed == before.failed, counts.queued == 0 else {
            throw BenchmarkError.wrongCount("drain: \(counts.succeeded - before.succeeded) succeeded, \(counts.failed - before.failed) failed of \(options.tasks)")
        }
        let monitorBytes = monitorPID.flatMap(ProcFiles.bytesWritten(by:))
        let monitorWakeUps = monitorPID.flatMap(ProcFiles.voluntaryContextSwitches(of:))
        let spawnRateAfter = try MachineLimits.spawnLimit(parallel: options.workers, count: max(1_000, options.tasks))
        let round = DrainRound(rate: Double(options.tasks) / drainSeconds, spawnLimit: (spawnRateBefore + spawnRateAfter) / 2,
                               startup: startup ?? 0, monitorBytes: monitorBytes, monitorWakeUps: monitorWakeUps)
        return (round, cluster)
    }
}
