import QCluster

/// What `/metrics` reports, read from the broker at one moment: plain values, so that the
/// text built from them can be checked without a broker.
struct MetricsSample: Sendable, Equatable {
    /// One queue's counts, from the broker's counters.
    struct Queue: Sendable, Equatable {
        var cluster: String
        var queued = 0, leased = 0, waiting = 0
        /// Totals since the broker was made: they only grow (a new broker starts again at 0).
        var succeeded = 0, failed = 0
        var paused = false
    }

    /// The running clusters of one queue (several sentinels, on several machines, may serve it).
    struct Workers: Sendable, Equatable {
        var cluster: String
        var clusters = 0, workers = 0, busy = 0, reincarnations = 0
    }

    /// How late one schedule is.
    struct ScheduleLag: Sendable, Equatable {
        var name: String
        var cluster: String
        var seconds: Double
    }

    var queues: [Queue] = []
    /// Every queue, with zeros where no cluster runs.
    var workers: [Workers] = []
    var schedules: [ScheduleLag] = []

    /// The broker's counts, its live clusters and its schedules' lag at `now`.
    static func read(from broker: any Broker, now: Int64) throws(BrokerError) -> MetricsSample {
        let overview = ClusterOverview(clusters: try broker.clusterStats(), statistics: try broker.statistics(), now: now)
        var sample = MetricsSample()
        sample.queues = overview.statistics.queues.map {
            Queue(cluster: $0.cluster, queued: $0.queued, leased: $0.leased, waiting: $0.waiting, succeeded: $0.succeeded,
                  failed: $0.failed, paused: overview.isPaused($0.cluster))
        }
        var workers: [String: Workers] = [:]
        for queue in sample.queues { workers[queue.cluster] = Workers(cluster: queue.cluster) }
        for stat in overview.live {
            var entry = workers[stat.cluster] ?? Workers(cluster: stat.cluster)
            entry.clusters += 1
            entry.workers += stat.workers.count
            entry.busy += stat.workers.filter(\.isBusy).count
            entry.reincarnations += stat.reincarnations
            workers[stat.cluster] = entry
        }
        sample.workers = workers.values.sorted { $0.cluster < $1.cluster }
        sample.schedules = try broker.schedules().map { schedule, _ in
            ScheduleLag(name: schedule.name, cluster: schedule.cluster, seconds: lag(of: schedule, now: now))
        }
        return sample
    }

    /// Seconds past its next run for a schedule that should have fired; 0 when it is not due
    /// (or paused, or done: it is not late, it is not meant to run).
    static func lag(of schedule: Schedule, now: Int64) -> Double {
        guard !schedule.paused, !schedule.isDone, schedule.nextRunMilliseconds < now else { return 0 }
        return Double(now - schedule.nextRunMilliseconds) / 1000
    }
}
