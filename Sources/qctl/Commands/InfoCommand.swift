import ArgumentParser
import FoundationEssentials
import Glibc
import QCluster

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the broker as a whole: queues, results, schedules and file size.",
        discussion: "Every figure comes from counters kept in the broker, so this is fast even with millions of tasks."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let (configuration, broker) = try global.openExistingBroker()
        let overview = try ClusterOverview.read(from: broker)
        let stats = overview.statistics
        let live = overview.live
        let schedules = try broker.schedules().map(\.schedule)
        if json {
            let queues = JSONValue.array(stats.queues.map { queue in
                .object([("cluster", .string(queue.cluster)), ("queued", .int(queue.queued)), ("waiting", .int(queue.waiting)),
                         ("leased", .int(queue.leased)),
                         ("succeeded", .int(queue.succeeded)), ("failed", .int(queue.failed)),
                         ("paused", .bool(stats.pausedQueues.contains(queue.cluster)))])
            })
            Terminal.print(JSONValue.object([
                ("broker", .string(configuration.brokerLocation)),
                ("queues", queues),
                ("queued", .int(stats.queued)),
                ("leased", .int(stats.leased)),
                ("saved_successes", .int(stats.savedSuccesses)),
                ("saved_failures", .int(stats.savedFailures)),
                ("enqueued_total", .int(stats.enqueuedTotal)),
                ("write_transactions", stats.writeTransactions.map(JSONValue.int) ?? .null),
                ("schedules", .int(stats.schedules)),
                ("schedules_active", .int(schedules.filter { !$0.isDone && !$0.paused }.count)),
                ("clusters", .array(overview.clusters.map { stat in
                    .object([("name", .string(stat.name)), ("cluster", .string(stat.cluster)), ("pid", .int(Int(stat.sentinelPID))),
                             ("host", .string(stat.host)), ("status", .string(overview.status(of: stat))),
                             ("workers", .int(stat.workers.count))])
                })),
                ("file_bytes", .int(stats.fileBytes)),
                ("map_bytes", .int(stats.mapBytes)),
                ("used_bytes", .int(stats.usedBytes)),
            ]).rendered())
            return
        }
        var table = Table("CLUSTER", "QUEUED", "WAITING", "LEASED", "SUCCEEDED", "FAILED", "QUEUE")
        for queue in stats.queues {
            table.add(queue.cluster, String(queue.queued), String(queue.waiting), String(queue.leased), String(queue.succeeded),
                      String(queue.failed), stats.pausedQueues.contains(queue.cluster) ? "paused" : "open")
        }
        if stats.queues.isEmpty { table.add(configuration.defaultClusterName, "0", "0", "0", "0", "0", "open") }
        Terminal.print(table.rendered())
        Terminal.print("")
        let usedPercent = stats.mapBytes > 0 ? Double(stats.usedBytes) * 100 / Double(stats.mapBytes) : 0
        var summary = Table("BROKER", configuration.brokerLocation)
        summary.add("results kept", "\(stats.savedSuccesses) successes, \(stats.savedFailures) failures")
        summary.add("enqueued ever", String(stats.enqueuedTotal))
        summary.add("clusters", live.isEmpty ? "none running" : live.map { "\($0.name) (\($0.cluster), \($0.workers.count) workers)" }.joined(separator: ", "))
        let active = schedules.filter { !$0.isDone && !$0.paused }.count
        summary.add("schedules", "\(stats.schedules) (\(active) active)")
        summary.add(stats.mapBytes > 0 ? "file size" : "tables size", ByteSizeParser.format(bytes: stats.fileBytes))
        // Only an LMDB file has a map.
        if stats.mapBytes > 0 { summary.add("map used", "\(ByteSizeParser.format(bytes: stats.usedBytes)) of \(ByteSizeParser.format(bytes: stats.mapBytes)) (\(NumberText.fixed(usedPercent, fractionDigits: 1))%, grows on demand)") }
        Terminal.print(summary.rendered())
    }
}
