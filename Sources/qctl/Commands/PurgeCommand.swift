import ArgumentParser
import QCluster

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete every queued task of a cluster (leased and finished tasks stay).",
        discussion: """
        EXAMPLES:
          qctl purge                 # the default cluster's queue
          qctl purge --cluster long
          qctl purge --all
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The cluster whose queue to empty (default: the default cluster).", valueName: "name"),
            completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Flag(help: "Empty every cluster's queue.")
    var all = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if all, cluster != nil { throw ValidationError("give either --cluster or --all, not both") }
    }

    func run() throws {
        let (configuration, broker) = try global.openExistingBroker()
        let clusters = all ? try broker.statistics().queues.map(\.cluster) : [cluster ?? configuration.defaultClusterName]
        var purged: [(String, Int)] = []
        for name in clusters { purged.append((name, try broker.purge(cluster: name))) }
        if json {
            Terminal.print(JSONValue.object(purged.map { ($0.0, .int($0.1)) }).rendered())
        } else {
            for (name, count) in purged { Terminal.print("purged \(count) queued task\(count == 1 ? "" : "s") from '\(name)'") }
        }
    }
}
