import ArgumentParser
import QCluster

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused cluster's queue.",
        discussion: """
        EXAMPLES:
          qctl resume
          qctl resume --cluster long
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The cluster whose queue to resume (default: the default cluster).", valueName: "name"),
            completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func run() throws {
        let (configuration, broker) = try global.openExistingBroker()
        let name = cluster ?? configuration.defaultClusterName
        guard ClusterName.isValid(name) else { throw TaskInputError.badClusterName(name) }
        PausePresenter.print(cluster: name, paused: false, changed: try broker.setQueuePaused(cluster: name, false), json: json)
    }
}
