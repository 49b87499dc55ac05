import ArgumentParser
import FoundationEssentials
import Glibc
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
        let (_, broker) = try global.openExistingBroker()
        let overview = try ClusterOverview.read(from: broker, cluster: cluster)
        Terminal.print(json ? StatsPresenter.json(overview).rendered() : StatsPresenter.text(overview, cluster: cluster))
    }
}
