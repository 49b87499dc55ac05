import ArgumentParser
import QCluster

struct ScheduleRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Delete a schedule (tasks it already enqueued stay).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The schedule's name.", valueName: "name"), completion: .custom(CompletionProvider.scheduleNames))
    var name: String

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        try broker.removeSchedule(named: name)
        Terminal.print("schedule '\(name)' removed")
    }
}
