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
        let stats = try broker.clusterStats().filter { cluster == nil || $0.cluster == cluster }
        let statistics = try broker.statistics()
        let now = Clock.nowMilliseconds()
        if json {
            Terminal.print(StatsPresenter.json(stats, statistics: statistics, now: now).rendered())
            return
        }
        Terminal.print(StatsPresenter.text(stats, statistics: statistics, now: now, cluster: cluster))
    }
}
