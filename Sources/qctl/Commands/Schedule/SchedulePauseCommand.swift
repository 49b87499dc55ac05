import ArgumentParser
import QCluster

struct SchedulePauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop a schedule from firing until it is resumed.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The schedule's name.", valueName: "name"), completion: .custom(CompletionProvider.scheduleNames))
    var name: String

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        try broker.setSchedule(named: name, paused: true)
        Terminal.print("schedule '\(name)' paused")
    }
}
