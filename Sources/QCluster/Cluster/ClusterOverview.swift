/// The running clusters and their queues, read at one moment: what `qctl stats`, `qctl monitor`
/// and any other view of the clusters show, so that each view shows the same states and counts.
public struct ClusterOverview: Sendable {
    /// The clusters' published stats, in the broker's order.
    public let clusters: [ClusterStat]
    public let statistics: BrokerStatistics
    /// When it was read (Unix milliseconds): a cluster whose heartbeat is older is Lost.
    public let now: Int64

    public init(clusters: [ClusterStat], statistics: BrokerStatistics, now: Int64) {
        self.clusters = clusters
        self.statistics = statistics
        self.now = now
    }

    /// Reads the clusters named `cluster` (all when nil) and the broker's counters.
    public static func read(from broker: any Broker, cluster: String? = nil) throws(BrokerError) -> ClusterOverview {
        let stats = try broker.clusterStats().filter { cluster == nil || $0.cluster == cluster }
        return ClusterOverview(clusters: stats, statistics: try broker.statistics(), now: Clock.nowMilliseconds())
    }

    /// The state word users see: the published status, or Lost once the heartbeat stopped.
    public func status(of stat: ClusterStat) -> String { stat.isLost(now: now) ? "Lost" : stat.status.word }

    /// Tasks waiting in `cluster`'s queue.
    public func queued(_ cluster: String) -> Int {
        statistics.queues.first { $0.cluster == cluster }?.queued ?? 0
    }

    /// Whether `qctl pause` holds `cluster`'s queue.
    public func isPaused(_ cluster: String) -> Bool { statistics.pausedQueues.contains(cluster) }

    /// Clusters that are not Lost.
    public var live: [ClusterStat] { clusters.filter { !$0.isLost(now: now) } }

    public var liveWorkers: Int { live.reduce(0) { $0 + $1.workers.count } }

    public var busyWorkers: Int { live.reduce(0) { $0 + $1.workers.filter(\.isBusy).count } }

    /// Seconds `stat`'s cluster has run, whole.
    public func uptimeMilliseconds(of stat: ClusterStat) -> Int64 { (now - stat.startedAtMilliseconds) / 1000 * 1000 }

    /// How long `worker` has run its task, in whole seconds (0 when idle).
    public func runningMilliseconds(of worker: ClusterStat.Worker) -> Int64 {
        worker.isBusy ? (now - worker.taskStartedAtMilliseconds) / 1000 * 1000 : 0
    }
}
