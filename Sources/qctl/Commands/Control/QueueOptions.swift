import ArgumentParser
import QCluster

/// What `qctl pause` and `qctl resume` take: the queue, and the output's form.
struct QueueOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The cluster whose queue it is (default: the default cluster).", valueName: "name"),
            completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    /// Pauses or resumes the queue and says what changed.
    func set(paused: Bool) throws {
        let (configuration, broker) = try global.openExistingBroker()
        let name = cluster ?? configuration.defaultClusterName
        guard ClusterName.isValid(name) else { throw TaskInputError.badClusterName(name) }
        PausePresenter.print(cluster: name, paused: paused, changed: try broker.setQueuePaused(cluster: name, paused), json: json)
    }
}
