import ArgumentParser
import QCluster

struct ScheduleShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one schedule in full.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The schedule's name.", valueName: "name"), completion: .custom(CompletionProvider.scheduleNames))
    var name: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        let schedule = try broker.schedule(named: name)
        let last = try schedule.lastTaskID.flatMap { try broker.status(of: $0.hex) }
        if json {
            Terminal.print(SchedulePresenter.json(schedule, lastStatus: last).rendered())
            return
        }
        let now = Clock.nowMilliseconds()
        var table = Table("name", schedule.name)
        table.add("type", schedule.kind.description)
        table.add("next run", schedule.isDone ? "done" : SchedulePresenter.when(schedule.nextRunMilliseconds, now: now) + (schedule.paused ? " (paused)" : ""))
        table.add("repeats", schedule.repeats < 0 ? "forever" : String(schedule.repeats))
        table.add("cluster", schedule.cluster)
        table.add("command", schedule.template.displayCommand)
        table.add("cwd", schedule.template.workingDirectory)
        if !schedule.template.group.isEmpty { table.add("group", schedule.template.group) }
        table.add("last run", schedule.lastRunMilliseconds.map { SchedulePresenter.when($0, now: now) } ?? "never")
        if let last { table.add("last task", "\(last.message.name) (\(last.message.id.hex)): \(TaskPresenter.state(last))") }
        Terminal.print(table.rendered())
    }
}
