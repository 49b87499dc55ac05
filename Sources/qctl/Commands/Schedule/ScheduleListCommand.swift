import ArgumentParser
import QCluster

struct ScheduleListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List schedules with their next and last run.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print one JSON object per line.")
    var json = false

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        let schedules = try broker.schedules()
        let now = Clock.nowMilliseconds()
        if json {
            for (schedule, verified) in schedules {
                let last = try schedule.lastTaskID.flatMap { try broker.status(of: $0.hex) }
                Terminal.print(SchedulePresenter.json(schedule, lastStatus: last, verified: verified).rendered())
            }
            return
        }
        if schedules.isEmpty {
            Terminal.print("no schedules (add one with qctl schedule add)")
            return
        }
        var table = Table("NAME", "TYPE", "NEXT RUN", "REPEATS", "CLUSTER", "LAST RUN", "RESULT", "COMMAND")
        for (schedule, verified) in schedules {
            let last = try schedule.lastTaskID.flatMap { try broker.status(of: $0.hex) }
            let next = schedule.isDone ? "done" : (schedule.paused ? "paused" : SchedulePresenter.when(schedule.nextRunMilliseconds, now: now))
            table.add(schedule.name, schedule.kind.description, verified ? next : "BAD SIGNATURE", schedule.repeats < 0 ? "forever" : String(schedule.repeats),
                      schedule.cluster, schedule.lastRunMilliseconds.map { SchedulePresenter.when($0, now: now) } ?? "-",
                      last.map(TaskPresenter.state) ?? "-", schedule.template.displayCommand)
        }
        Terminal.print(table.rendered())
    }
}
