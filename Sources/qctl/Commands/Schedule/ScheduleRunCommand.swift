import ArgumentParser
import QCluster

struct ScheduleRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Enqueue a schedule's task now, without moving its next run; print the task id.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The schedule's name.", valueName: "name"), completion: .custom(CompletionProvider.scheduleNames))
    var name: String

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        let message = try broker.runSchedule(named: name)
        Terminal.print(message.id.hex)
    }
}
