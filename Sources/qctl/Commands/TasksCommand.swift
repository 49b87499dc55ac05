import ArgumentParser
import QCluster

struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List tasks: queued, leased (running) and finished.",
        discussion: """
        Without a filter, lists leased tasks, then queued ones in delivery order, then results, \
        newest first, up to --limit in all (50 unless given; --limit 0 or --all lists every one).

        EXAMPLES:
          qctl tasks --failed
          qctl tasks --queued --cluster long
          qctl tasks --group nightly --json
          qctl tasks --queued --all
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

        var state: TaskListFilter.State {
            switch self {
            case .queued: return .queued
            case .leased: return .leased
            case .success: return .succeeded
            case .failed: return .failed
            }
        }
    }

    @OptionGroup var global: GlobalOptions

    @Flag var selection: Selection?

    @Option(help: ArgumentHelp("Only tasks of this cluster.", valueName: "name"), completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Option(help: ArgumentHelp("Only tasks of this group.", valueName: "group"))
    var group: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many tasks (default: 50; 0: no limit).", valueName: "n"))
    var limit: Int?

    @Flag(help: "Show every task (the same as --limit 0).")
    var all = false

    @Flag(help: "Print one JSON object per line (output omitted; see qctl result --json).")
    var json = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative: \(limit)") }
        if all, let limit, limit != 0 { throw ValidationError("give either --all or --limit \(limit), not both") }
    }

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        let statuses = try broker.tasks(TaskListFilter(state: selection?.state, cluster: cluster, group: group,
                                                       limit: all || limit == 0 ? Int.max : limit ?? 50))
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
