import ArgumentParser
import QCluster

struct RerunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun",
        abstract: "Run finished tasks again, as new tasks linked to the originals.",
        discussion: """
        Each selected finished task is enqueued again, as Django Q2's admin "resubmit" does: the \
        same command, cluster, group, environment and settings, under a new id, which is printed \
        (--json: the new records, with rerun_of). The original keeps its result and points to the \
        new task (rerun_as in qctl result --json).

        Give tasks by id, id prefix or name (all of them are run again, or none: an unknown or \
        unfinished task changes nothing, exit 65), or --failed for every failed task of a group \
        (--group) or cluster (--cluster; default: the default cluster) that was not run again \
        yet; cancelled and killed tasks are left out.

        EXAMPLES:
          qctl rerun hamper-ten-hotel-finch
          qctl rerun --failed --group thumbs
          qctl rerun --failed --cluster long
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Finished tasks to run again: ids, id prefixes (8+ digits) or names.", valueName: "id-or-name"),
              completion: .custom(CompletionProvider.finishedTaskNames))
    var tasks: [String] = []

    @Flag(help: "Run again every failed task of --group or --cluster that was not run again yet.")
    var failed = false

    @Option(help: ArgumentHelp("With --failed: the group's failed tasks.", valueName: "group"))
    var group: String?

    @Option(help: ArgumentHelp("With --failed: the cluster's failed tasks (default: the default cluster).", valueName: "name"),
            completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Flag(help: "Print the new tasks as JSON.")
    var json = false

    func validate() throws {
        if failed, !tasks.isEmpty { throw ValidationError("give task ids or names, or --failed, not both") }
        if !failed, tasks.isEmpty { throw ValidationError("give the tasks to run again, or --failed") }
        if !failed, group != nil || cluster != nil { throw ValidationError("--group and --cluster go with --failed") }
    }

    func run() throws {
        let (configuration, broker) = try global.openExistingBroker()
        let selection: TaskSelection = failed
            ? .groupOrCluster(group: group, cluster: cluster, defaultCluster: configuration.defaultClusterName)
            : .tasks(tasks)
        let copies = try broker.rerun(selection)
        if json {
            Terminal.print(JSONValue.array(copies.map { TaskPresenter.json(.queued(QueuedTask(message: $0, attempts: 0))) }).rendered())
        } else {
            for copy in copies { Terminal.print(copy.id.hex) }
        }
    }
}
