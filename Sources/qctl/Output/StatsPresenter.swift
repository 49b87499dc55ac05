import FoundationEssentials
import Glibc
import QCluster

/// Cluster stats as text blocks (stats, monitor) and as the documented JSON.
enum StatsPresenter {
    static func json(_ overview: ClusterOverview) -> JSONValue {
        let now = overview.now
        return .array(overview.clusters.map { stat in
            .object([
                ("id", .string(stat.clusterID.hex)), ("name", .string(stat.name)), ("cluster", .string(stat.cluster)),
                ("host", .string(stat.host)), ("pid", .int(Int(stat.sentinelPID))), ("status", .string(overview.status(of: stat))),
                ("started_at", .string(TimestampText.iso(stat.startedAtMilliseconds))),
                ("uptime", .double(Double(now - stat.startedAtMilliseconds) / 1000)),
                ("heartbeat_at", .string(TimestampText.iso(stat.heartbeatMilliseconds))),
                ("queued", .int(overview.queued(stat.cluster))), ("in_memory", .int(stat.inMemory)),
                ("queue_paused", .bool(overview.isPaused(stat.cluster))),
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

    static func text(_ overview: ClusterOverview, cluster: String?) -> String {
        if overview.clusters.isEmpty { return "no cluster is running" + (cluster.map { " as '\($0)'" } ?? "") }
        var blocks: [String] = []
        for stat in overview.clusters {
            var lines: [String] = []
            let uptime = DurationParser.format(milliseconds: overview.uptimeMilliseconds(of: stat))
            lines.append("\(stat.name) (\(stat.cluster)) on \(stat.host), sentinel \(stat.sentinelPID): \(overview.status(of: stat)), up \(uptime)")
            let paused = overview.isPaused(stat.cluster) ? " (paused: qctl resume)" : ""
            lines.append("queued \(overview.queued(stat.cluster))\(paused), in memory \(stat.inMemory), done \(stat.done), failed \(stat.failed), reincarnations \(stat.reincarnations)")
            var table = Table("PID", "STATE", "TASK", "RUNNING FOR", "DONE", "RSS")
            for worker in stat.workers {
                table.add(String(worker.pid), worker.isBusy ? "busy" : "idle", worker.isBusy ? worker.taskName : "-",
                          worker.isBusy ? DurationParser.format(milliseconds: overview.runningMilliseconds(of: worker)) : "-",
                          String(worker.tasksDone), ByteSizeParser.format(bytes: worker.rssKiB * 1024))
            }
            lines.append(table.rendered())
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// The footer of `qctl monitor`: totals over the whole broker.
    static func footer(_ overview: ClusterOverview) -> String {
        let statistics = overview.statistics
        return "clusters \(overview.live.count)  workers \(overview.liveWorkers) (\(overview.busyWorkers) busy)  queued \(statistics.queued)  leased \(statistics.leased)"
            + "  results \(statistics.savedSuccesses) ok / \(statistics.savedFailures) failed  schedules \(statistics.schedules)"
    }
}
