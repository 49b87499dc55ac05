import Prometheus
import Synchronization

/// The metrics of `/metrics` in a swift-prometheus registry, brought up to date from each
/// ``MetricsSample``: gauges set, counters moved on by what grew since the last sample, series
/// of queues, clusters and schedules that are gone dropped, durations recorded as they come.
final class MetricsExporter: Sendable {
    /// Each metric's name and help, in one place: the registry refuses one name with two helps.
    enum Metric: String, CaseIterable {
        case queued = "qctl_tasks_queued"
        case leased = "qctl_tasks_leased"
        case waiting = "qctl_tasks_waiting"
        case succeeded = "qctl_tasks_succeeded_total"
        case failed = "qctl_tasks_failed_total"
        case paused = "qctl_queue_paused"
        case clusters = "qctl_clusters_running"
        case workers = "qctl_workers"
        case busyWorkers = "qctl_workers_busy"
        case reincarnations = "qctl_cluster_reincarnations"
        case scheduleLag = "qctl_schedule_lag_seconds"
        case duration = "qctl_task_duration_seconds"

        /// The name whole in `metricName`: swift-prometheus joins its parts with `_`, and skips an empty unit.
        var descriptor: MetricNameDescriptor { MetricNameDescriptor(metricName: rawValue, unitName: "", helpText: help) }

        var help: String {
            switch self {
            case .queued: "Tasks in the cluster's queue, not yet leased."
            case .leased: "Tasks a cluster leased: running, or about to run."
            case .waiting: "Tasks waiting for the tasks they run after."
            case .succeeded: "Tasks that succeeded, from the broker's counters."
            case .failed: "Tasks that failed for good, from the broker's counters."
            case .paused: "1 while the queue is paused (qctl pause), else 0."
            case .clusters: "Running clusters (sentinels with a fresh heartbeat) that serve the queue."
            case .workers: "Worker processes of the queue's running clusters."
            case .busyWorkers: "Worker processes of the queue's running clusters that run a task."
            case .reincarnations: "Workers the queue's running clusters restarted since they started."
            case .scheduleLag: "Seconds a due schedule is late (0 when not due, paused or done)."
            case .duration:
                "Run time of tasks that finished while qctl web runs, from the results it sees (it looks every 2 seconds and at each scrape; results pruned past save_limit or not saved before a look are not counted)."
            }
        }
    }

    /// The buckets of the duration histogram: from sub-second tasks to hour-long ones.
    static let durationBuckets: [Duration] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600].map { .milliseconds(Int64($0 * 1000)) }

    private struct State {
        /// The gauges set by the last sample, by metric and labels.
        var gauges: [String: Gauge] = [:]
        var counters: [String: Counter] = [:]
        /// Each counter's broker total at the last sample.
        var lastTotals: [String: Int] = [:]
        var histograms: [String: DurationHistogram] = [:]
    }

    let registry = PrometheusCollectorRegistry()
    private let state = Mutex(State())

    /// Brings the metrics up to date with `sample`.
    func update(with sample: MetricsSample) {
        state.withLock { state in
            var current: [String: Gauge] = [:]
            func set(_ metric: Metric, _ labels: [(String, String)], _ value: Double) {
                let key = Self.key(metric, labels)
                let gauge = state.gauges[key] ?? registry.makeGauge(descriptor: metric.descriptor, labels: labels)
                gauge.set(to: value)
                current[key] = gauge
            }
            for queue in sample.queues {
                let labels = [("cluster", queue.cluster)]
                set(.queued, labels, Double(queue.queued))
                set(.leased, labels, Double(queue.leased))
                set(.waiting, labels, Double(queue.waiting))
                set(.paused, labels, queue.paused ? 1 : 0)
                advance(.succeeded, labels, to: queue.succeeded, in: &state)
                advance(.failed, labels, to: queue.failed, in: &state)
                _ = histogram(cluster: queue.cluster, in: &state)
            }
            for workers in sample.workers {
                let labels = [("cluster", workers.cluster)]
                set(.clusters, labels, Double(workers.clusters))
                set(.workers, labels, Double(workers.workers))
                set(.busyWorkers, labels, Double(workers.busy))
                set(.reincarnations, labels, Double(workers.reincarnations))
            }
            for schedule in sample.schedules {
                set(.scheduleLag, [("schedule", schedule.name), ("cluster", schedule.cluster)], schedule.seconds)
            }
            for (key, gauge) in state.gauges where current[key] == nil { registry.unregisterGauge(gauge) }
            state.gauges = current
        }
    }

    /// Records finished runs into their cluster's duration histogram.
    func record(_ finished: [ResultDurationWatcher.Finished]) {
        guard !finished.isEmpty else { return }
        state.withLock { state in
            for run in finished { histogram(cluster: run.cluster, in: &state).record(.milliseconds(run.milliseconds)) }
        }
    }

    /// The metrics in Prometheus' text format.
    var text: String { registry.emitToString() }

    /// Moves a counter on by what its broker total grew since the last sample. A total that
    /// shrank (a new broker file) is followed down without moving the counter, which may
    /// never go back; the first sample starts the counter at the total.
    private func advance(_ metric: Metric, _ labels: [(String, String)], to total: Int, in state: inout State) {
        let key = Self.key(metric, labels)
        let counter = state.counters[key] ?? registry.makeCounter(descriptor: metric.descriptor, labels: labels)
        state.counters[key] = counter
        let growth = total - (state.lastTotals[key] ?? 0)
        if growth > 0 { counter.increment(by: Int64(growth)) }
        state.lastTotals[key] = total
    }

    private func histogram(cluster: String, in state: inout State) -> DurationHistogram {
        if let histogram = state.histograms[cluster] { return histogram }
        let histogram = registry.makeDurationHistogram(descriptor: Metric.duration.descriptor, labels: [("cluster", cluster)],
                                                       buckets: Self.durationBuckets)
        state.histograms[cluster] = histogram
        return histogram
    }

    private static func key(_ metric: Metric, _ labels: [(String, String)]) -> String {
        ([metric.rawValue] + labels.map { "\($0.0)=\($0.1)" }).joined(separator: "\u{0}")
    }
}
