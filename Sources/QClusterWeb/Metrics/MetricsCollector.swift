import QCluster
import Synchronization

/// Reads the broker for `/metrics`: the sample at each scrape, and the new results at each
/// scrape and in between (``ResultWatchService``), into one ``MetricsExporter``.
final class MetricsCollector: Sendable {
    let broker: BrokerAccess
    let exporter = MetricsExporter()
    private let watcher: Mutex<ResultDurationWatcher>

    init(broker: BrokerAccess, since: Int64 = Clock.nowMilliseconds()) {
        self.broker = broker
        watcher = Mutex(ResultDurationWatcher(since: since))
    }

    /// The metrics now, in Prometheus' text format.
    func scrape() async throws -> String {
        let sample = try await broker.use { try MetricsSample.read(from: $0, now: Clock.nowMilliseconds()) }
        try await lookAtResults()
        exporter.update(with: sample)
        return exporter.text
    }

    /// Records the durations of the results that are new since the last look.
    func lookAtResults() async throws {
        let finished = try await broker.use { broker in
            try self.watcher.withLock { watcher in
                try watcher.look { try broker.results(ResultFilter(limit: $0)) }
            }
        }
        exporter.record(finished)
    }
}
