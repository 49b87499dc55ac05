import FoundationEssentials
import Glibc
import QCluster

/// Cluster stats as text blocks (stats, monitor) and as the documented JSON.
enum StatsPresenter {
    static func status(_ stat: ClusterStat, now: Int64) -> String { stat.isLost(now: now) ? "Lost" : stat.status.word }

    static func queued(_ cluster: String, _ statistics: BrokerStatistics) -> Int {
        statistics.queues.first { $0.cluster == cluster }?.queued ?? 0
    }

    static func json(_ stats: [ClusterStat], statistics: BrokerStatistics, now: Int64) -> JSONValue {
        .array(stats.map { stat in
            .object([
                ("id", .string(stat.clusterID.hex)), ("name", .string(stat.name)), ("cluster", .string(stat.cluster)),
                ("host", .string(stat.host)), ("pid", .int(Int(stat.sentinelPID))), ("status", .string(status(stat, now: now))),
                ("started_at", .string(TimestampText.iso(stat.startedAtMilliseconds))),
                ("uptime", .double(Double(now - stat.startedAtMilliseconds) / 1000)),
                ("heartbeat_at", .string(TimestampText.iso(stat.heartbeatMilliseconds))),
                ("queued", .int(queued(stat.cluster, statistics))), ("in_memory", .int(stat.inMemory)),
                ("queue_paused", .bool(statistics.pausedQueues.contains(stat.cluster))),
                ("done", .int(stat.done)), ("failed", .int(stat.failed)), ("reincarnations", .int(stat.reincarnations)),
                ("pusher_pid", .int(Int(stat.pusherPID))), ("monitor_pid", .int(Int(stat.monitorPID))),
                ("workers", .array(stat.workers.map { worker in
                    .object([
                        ("pid", .int(Int(worker.pid))), ("state", .string(worker.isBusy ? "busy" : "idle")),
                        ("task", worker.taskID.map { .string($0.hex) } ?? .null),
                        ("task_name", worker.isBusy ? .string(worker.taskName) : .null),
                        ("task_running_for", worker.isBusy ? .double(Double(now - worker.taskStartedAtMilliseconds) / 1000) : .null),
                        ("tasks_done", .int(worker.tasksDone)), ("rss_kib", .int(worker.rssKiB)),
                    ])
                })),
            ])
        })
    }

    static func text(_ stats: [ClusterStat], statistics: BrokerStatistics, now: Int64, cluster: String?) -> String {
        if stats.isEmpty { return "no cluster is running" + (cluster.map { " as '\($0)'" } ?? "") }
        var blocks: [String] = []
        for stat in stats {
            var lines: [String] = []
            let uptime = DurationParser.format(milliseconds: (now - stat.startedAtMilliseconds) / 1000 * 1000)
            lines.append("\(stat.name) (\(stat.cluster)) on \(stat.host), sentinel \(stat.sentinelPID): \(status(stat, now: now)), up \(uptime)")
            let paused = statistics.pausedQueues.contains(stat.cluster) ? " (paused: qctl resume)" : ""
            lines.append("queued \(queued(stat.cluster, statistics))\(paused), in memory \(stat.inMemory), done \(stat.done), failed \(stat.failed), reincarnations \(stat.reincarnations)")
            var table = Table("PID", "STATE", "TASK", "RUNNING FOR", "DONE", "RSS")
            for worker in stat.workers {
                table.add(String(worker.pid), worker.isBusy ? "busy" : "idle", worker.isBusy ? worker.taskName : "-",
                          worker.isBusy ? DurationParser.format(milliseconds: (now - worker.taskStartedAtMilliseconds) / 1000 * 1000) : "-",
                          String(worker.tasksDone), ByteSizeParser.format(bytes: worker.rssKiB * 1024))
            }
            lines.append(table.rendered())
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// The footer of `qctl monitor`: totals over the whole broker.
    static func footer(_ stats: [ClusterStat], statistics: BrokerStatistics, now: Int64) -> String {
        let live = stats.filter { !$0.isLost(now: now) }
        let workers = live.reduce(0) { $0 + $1.workers.count }
        let busy = live.reduce(0) { $0 + $1.workers.filter(\.isBusy).count }
        return "clusters \(live.count)  workers \(workers) (\(busy) busy)  queued \(statistics.queued)  leased \(statistics.leased)"
            + "  results \(statistics.savedSuccesses) ok / \(statistics.savedFailures) failed  schedules \(statistics.schedules)"
    }
}
