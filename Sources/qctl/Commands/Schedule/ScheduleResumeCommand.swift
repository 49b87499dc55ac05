import ArgumentParser
import QCluster

struct ScheduleResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Let a paused schedule fire again (missed runs follow the cluster's catch_up).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The schedule's name.", valueName: "name"), completion: .custom(CompletionProvider.scheduleNames))
    var name: String

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        try broker.setSchedule(named: name, paused: false)
        Terminal.print("schedule '\(name)' resumed")
    }
}
