import QCluster
import Testing
@testable import QClusterWeb

/// The text of `/metrics`, built from samples made up here.
struct MetricsExporterTests {
    static func sample(succeeded: Int = 10, failed: Int = 2, lag: Double? = 12.5) -> MetricsSample {
        MetricsSample(
            queues: [.init(cluster: "default", queued: 3, leased: 1, waiting: 2, succeeded: succeeded, failed: failed, paused: false),
                     .init(cluster: "long", paused: true)],
            workers: [.init(cluster: "default", clusters: 1, workers: 4, busy: 1, reincarnations: 2), .init(cluster: "long")],
            schedules: lag.map { [.init(name: "nightly", cluster: "default", seconds: $0)] } ?? [])
    }

    /// The value of the series `series` (name and labels as written), nil when absent.
    static func value(_ series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func gaugesAndCountersAreNamedAndLabelledByCluster() {
        let exporter = MetricsExporter()
        exporter.update(with: Self.sample())
        let text = exporter.text
        #expect(Self.value("qctl_tasks_queued{cluster=\"default\"}", in: text) == 3)
        #expect(Self.value("qctl_tasks_leased{cluster=\"default\"}", in: text) == 1)
        #expect(Self.value("qctl_tasks_waiting{cluster=\"default\"}", in: text) == 2)
        #expect(Self.value("qctl_tasks_succeeded_total{cluster=\"default\"}", in: text) == 10)
        #expect(Self.value("qctl_tasks_failed_total{cluster=\"default\"}", in: text) == 2)
        #expect(Self.value("qctl_queue_paused{cluster=\"long\"}", in: text) == 1)
        #expect(Self.value("qctl_workers{cluster=\"default\"}", in: text) == 4)
        #expect(Self.value("qctl_workers_busy{cluster=\"default\"}", in: text) == 1)
        #expect(Self.value("qctl_workers{cluster=\"long\"}", in: text) == 0)
        #expect(Self.value("qctl_clusters_running{cluster=\"default\"}", in: text) == 1)
        #expect(Self.value("qctl_cluster_reincarnations{cluster=\"default\"}", in: text) == 2)
        #expect(Self.value("qctl_schedule_lag_seconds{schedule=\"nightly\",cluster=\"default\"}", in: text) == 12.5)
        #expect(text.contains("# TYPE qctl_tasks_succeeded_total counter"))
        #expect(text.contains("# TYPE qctl_tasks_queued gauge"))
        #expect(text.contains("# TYPE qctl_task_duration_seconds histogram"))
        for metric in MetricsExporter.Metric.allCases {
            #expect(text.contains("# HELP \(metric.rawValue) "), "no help for \(metric.rawValue)")
        }
    }

    @Test func countersNeverGoBackwards() {
        let exporter = MetricsExporter()
        var seen: [Double] = []
        for total in [10, 15, 4, 6, 6] {
            exporter.update(with: Self.sample(succeeded: total))
            seen.append(Self.value("qctl_tasks_succeeded_total{cluster=\"default\"}", in: exporter.text) ?? -1)
        }
        // 10, +5, a new broker (followed down, not counted back), +2, nothing.
        #expect(seen == [10, 15, 15, 17, 17])
    }

    @Test func durationsFillTheHistogramsBuckets() {
        let exporter = MetricsExporter()
        exporter.update(with: Self.sample())
        exporter.record([.init(cluster: "default", milliseconds: 1500), .init(cluster: "default", milliseconds: 40_000),
                         .init(cluster: "other", milliseconds: 20)])
        let text = exporter.text
        #expect(Self.value("qctl_task_duration_seconds_bucket{cluster=\"default\",le=\"1.0\"}", in: text) == 0)
        #expect(Self.value("qctl_task_duration_seconds_bucket{cluster=\"default\",le=\"2.5\"}", in: text) == 1)
        #expect(Self.value("qctl_task_duration_seconds_bucket{cluster=\"default\",le=\"60.0\"}", in: text) == 2)
        #expect(Self.value("qctl_task_duration_seconds_bucket{cluster=\"default\",le=\"+Inf\"}", in: text) == 2)
        #expect(Self.value("qctl_task_duration_seconds_count{cluster=\"default\"}", in: text) == 2)
        #expect(Self.value("qctl_task_duration_seconds_sum{cluster=\"default\"}", in: text) == 41.5)
        #expect(Self.value("qctl_task_duration_seconds_count{cluster=\"other\"}", in: text) == 1)
        // Every queue has its histogram, empty until a task of it finishes.
        #expect(Self.value("qctl_task_duration_seconds_count{cluster=\"long\"}", in: text) == 0)
    }

    @Test func seriesOfWhatIsGoneAreDropped() {
        let exporter = MetricsExporter()
        exporter.update(with: Self.sample(lag: 3))
        #expect(exporter.text.contains("qctl_schedule_lag_seconds{"))
        exporter.update(with: Self.sample(lag: nil))
        #expect(!exporter.text.contains("qctl_schedule_lag_seconds{"))
        // And it may come back.
        exporter.update(with: Self.sample(lag: 0))
        #expect(Self.value("qctl_schedule_lag_seconds{schedule=\"nightly\",cluster=\"default\"}", in: exporter.text) == 0)
    }

    @Test func lagCountsOnlyDueSchedulesThatMayRun() {
        var schedule = Schedule(name: "s", kind: .daily, template: TaskMessage(cluster: "default", command: ["true"]), nextRunMilliseconds: 10_000)
        #expect(MetricsSample.lag(of: schedule, now: 5_000) == 0)
        #expect(MetricsSample.lag(of: schedule, now: 12_500) == 2.5)
        schedule.paused = true
        #expect(MetricsSample.lag(of: schedule, now: 12_500) == 0)
        schedule.paused = false
        schedule.repeats = 0
        #expect(MetricsSample.lag(of: schedule, now: 12_500) == 0)
    }
}
