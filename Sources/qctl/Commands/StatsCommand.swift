import ArgumentParser
import Foundation
import QCluster

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show every cluster running on the broker: status, counts and workers.",
        discussion: "A cluster whose sentinel stopped publishing (killed, hung) is shown as Lost."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only clusters with this name.", valueName: "name"), completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Flag(help: "Print JSON: an array with one object per cluster.")
    var json = false

    func run() throws {
        let (_, broker) = try global.openBroker()
        let stats = try broker.clusterStats().filter { cluster == nil || $0.cluster == cluster }
        let statistics = try broker.statistics()
        let now = Clock.nowMilliseconds()
        func queued(_ name: String) -> Int { statistics.queues.first { $0.cluster == name }?.queued ?? 0 }
        func status(_ stat: ClusterStat) -> String { stat.isLost(now: now) ? "Lost" : stat.status.word }
        if json {
            Terminal.print(JSONValue.array(stats.map { stat in
                .object([
                    ("id", .string(stat.clusterID.hex)), ("name", .string(stat.name)), ("cluster", .string(stat.cluster)),
                    ("host", .string(stat.host)), ("pid", .int(Int(stat.sentinelPID))), ("status", .string(status(stat))),
                    ("started_at", .string(TaskPresenter.isoTime(stat.startedAtMilliseconds))),
                    ("uptime", .double(Double(now - stat.startedAtMilliseconds) / 1000)),
                    ("heartbeat_at", .string(TaskPresenter.isoTime(stat.heartbeatMilliseconds))),
                    ("queued", .int(queued(stat.cluster))), ("in_memory", .int(stat.inMemory)),
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
            }).rendered())
            return
        }
        if stats.isEmpty {
            Terminal.print("no cluster is running" + (cluster.map { " as '\($0)'" } ?? ""))
            return
        }
        for (index, stat) in stats.enumerated() {
            if index > 0 { Terminal.print("") }
            Terminal.print("\(stat.name) (\(stat.cluster)) on \(stat.host), sentinel \(stat.sentinelPID): \(status(stat)), up \(DurationParser.format(milliseconds: (now - stat.startedAtMilliseconds) / 1000 * 1000))")
            Terminal.print("queued \(queued(stat.cluster)), in memory \(stat.inMemory), done \(stat.done), failed \(stat.failed), reincarnations \(stat.reincarnations)")
            var table = Table("PID", "STATE", "TASK", "RUNNING FOR", "DONE", "RSS")
            for worker in stat.workers {
                table.add(String(worker.pid), worker.isBusy ? "busy" : "idle", worker.isBusy ? worker.taskName : "-",
                          worker.isBusy ? DurationParser.format(milliseconds: (now - worker.taskStartedAtMilliseconds) / 1000 * 1000) : "-",
                          String(worker.tasksDone), ByteSizeParser.format(bytes: worker.rssKiB * 1024))
            }
            Terminal.print(table.rendered())
        }
    }
}
