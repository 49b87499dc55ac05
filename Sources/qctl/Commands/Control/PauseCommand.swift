import ArgumentParser
import QCluster

struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause a cluster's queue: no cluster takes its tasks until qctl resume.",
        discussion: """
        Running tasks finish; tasks can still be enqueued, and wait. Every cluster of that name \
        stops leasing, on this broker, until qctl resume. qctl info and qctl stats show the \
        queue as paused.

        EXAMPLES:
          qctl pause
          qctl pause --cluster long
          qctl resume --cluster long
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The cluster whose queue to pause (default: the default cluster).", valueName: "name"),
            completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func run() throws {
        let (configuration, broker) = try global.openExistingBroker()
        let name = cluster ?? configuration.defaultClusterName
        guard ClusterName.isValid(name) else { throw TaskInputError.badClusterName(name) }
        PausePresenter.print(cluster: name, paused: true, changed: try broker.setQueuePaused(cluster: name, true), json: json)
    }
}
