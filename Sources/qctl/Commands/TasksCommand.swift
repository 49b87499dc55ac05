import ArgumentParser
import QCluster

struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List tasks: queued, leased (running) and finished.",
        discussion: """
        Without a filter, lists leased tasks, then queued ones in delivery order, then results, \
        newest first, up to --limit in all.

        EXAMPLES:
          qctl tasks --failed
          qctl tasks --queued --cluster long
          qctl tasks --group nightly --json
        """
    )

    enum Selection: String, EnumerableFlag {
        case queued, leased, success, failed
        static func help(for value: Selection) -> ArgumentHelp? {
            switch value {
            case .queued: return "Only tasks waiting in a queue."
            case .leased: return "Only tasks handed to a cluster and not yet finished."
            case .success: return "Only successful results."
            case .failed: return "Only failed results."
            }
        }
    }

    @OptionGroup var global: GlobalOptions

    @Flag var selection: Selection?

    @Option(help: ArgumentHelp("Only tasks of this cluster.", valueName: "name"), completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Option(help: ArgumentHelp("Only tasks of this group.", valueName: "group"))
    var group: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many tasks.", valueName: "n"))
    var limit: Int = 50

    @Flag(help: "Print one JSON object per line (output omitted; see qctl result --json).")
    var json = false

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must not be negative: \(limit)") }
    }

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        var statuses: [TaskStatus] = []
        func remaining() -> Int { limit - statuses.count }
        if selection == nil || selection == .leased {
            statuses += try broker.leasedTasks(cluster: cluster, group: group, limit: remaining()).map { lease in
                .leased(lease, lastFailure: nil)
            }
        }
        if selection == nil || selection == .queued {
            statuses += try broker.queuedTasks(cluster: cluster, group: group, limit: remaining()).map { .queued($0) }
        }
        if selection == nil || selection == .success || selection == .failed {
            let success: Bool? = selection == .success ? true : (selection == .failed ? false : nil)
            // A failed attempt that will be retried shows once, as the queued or leased task it is.
            let pending = Set(statuses.map(\.message.id))
            statuses += try broker.results(ResultFilter(success: success, cluster: cluster, group: group, limit: remaining() + pending.count))
                .filter { !pending.contains($0.id) }.prefix(remaining()).map { .finished($0) }
        }
        if json {
            for status in statuses { Terminal.print(TaskPresenter.json(status, includeOutput: false).rendered()) }
            return
        }
        if statuses.isEmpty {
            Terminal.print("no tasks")
            return
        }
        var table = Table()
        table.headers = TaskPresenter.tableHeaders
        for status in statuses { table.add(row: TaskPresenter.tableRow(status)) }
        Terminal.print(table.rendered())
    }
}
