import ArgumentParser
import QCluster

struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Take queued tasks off their queue, recorded as cancelled.",
        discussion: """
        Give tasks by id, id prefix or name, or every queued task of a group (--group, with \
        --cluster to narrow it) or of a cluster (--cluster alone). A task waiting for the retry \
        of a failed attempt is cancelled too. Running tasks are not: qctl kill stops them. \
        Cancelled tasks stay visible in qctl tasks (state cancelled).

        With task ids or names, either all of them are cancelled or none is: an unknown task, or \
        one that is running or finished, changes nothing (exit 65).

        EXAMPLES:
          qctl cancel hamper-ten-hotel-finch
          qctl cancel 5d98deb1 0b1c2d3e
          qctl cancel --group thumbs
          qctl cancel --cluster long
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Tasks to cancel: ids, id prefixes (8+ digits) or names.", valueName: "id-or-name"),
              completion: .custom(CompletionProvider.queuedTaskNames))
    var tasks: [String] = []

    @Option(help: ArgumentHelp("Cancel every queued task of this group.", valueName: "group"))
    var group: String?

    @Option(help: ArgumentHelp("Cancel every queued task of this cluster (with --group: of the group in it).", valueName: "name"),
            completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Flag(help: "Print the cancelled tasks as JSON.")
    var json = false

    func validate() throws {
        if !tasks.isEmpty, group != nil || cluster != nil { throw ValidationError("give task ids or names, or --group/--cluster, not both") }
        if tasks.isEmpty, group == nil, cluster == nil { throw ValidationError("give the tasks to cancel, or --group or --cluster") }
    }

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        let selection: TaskSelection
        if let group { selection = .group(group, cluster: cluster) } else if let cluster { selection = .cluster(cluster) } else { selection = .tasks(tasks) }
        let cancelled = try broker.cancel(selection)
        ControlPresenter.print(cancelled, verb: "cancelled", json: json)
    }
}
