import ArgumentParser
import QCluster

struct ScheduleAddCommand: TrailingCommandWords {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a schedule.",
        discussion: """
        Give exactly one of --once, --every, --hourly, --daily, --weekly, --biweekly, --monthly, \
        --bimonthly, --quarterly, --yearly or --cron. The first run is --next-run, else now (for \
        --cron: its next time). Calendar types keep the wall-clock time across daylight-saving \
        changes, and months clamp to their last day (monthly from Jan 31: Feb 28 or 29, Mar 31).

        A --next-run in the past is late: with the cluster's catch_up (the default) the missed \
        runs are made up one per guard cycle, at most the last 100 (older ones are skipped and \
        the cluster's log says from when); with catch_up false it runs once, then at its next \
        future time.
        """
    )

    enum Frequency: String, EnumerableFlag {
        case once, hourly, daily, weekly, biweekly, monthly, bimonthly, quarterly, yearly

        static func help(for value: Frequency) -> ArgumentHelp? {
            switch value {
            case .once: return "Run once, then the schedule is done."
            case .hourly: return "Every hour."
            case .daily: return "Every day at the same time."
            case .weekly: return "Every week."
            case .biweekly: return "Every two weeks."
            case .monthly: return "Every month, on the same day (or the month's last)."
            case .bimonthly: return "Every two months."
            case .quarterly: return "Every three months."
            case .yearly: return "Every year."
            }
        }
    }

    @OptionGroup var global: GlobalOptions

    @OptionGroup var taskOptions: TaskOptions

    @Argument(help: ArgumentHelp("A unique name for the schedule.", valueName: "name"))
    var name: String

    @Flag var frequency: Frequency?

    @Option(parsing: .unconditional, help: ArgumentHelp("Run every DURATION (90s, 10m, 2h).", valueName: "duration"))
    var every: String?

    @Option(help: ArgumentHelp("Run at the times of a cron expression, in the config's timezone ('0 3 * * *', '@daily').", valueName: "expression"))
    var cron: String?

    @Option(name: .customLong("next-run"), parsing: .unconditional, help: ArgumentHelp("The first run: ISO 8601 (2026-12-01T03:00), HH:MM (the next such time) or +DURATION.", valueName: "time"))
    var nextRun: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("How many times to run: -1 forever (default), or a count.", valueName: "n"))
    var repeats: Int = -1

    @Flag(help: "Overwrite a schedule of the same name.")
    var replace = false

    @Flag(help: "Print the schedule as JSON.")
    var json = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments (or --task's arguments), after '--'.", valueName: "command"))
    var command: [String] = []

    /// Post-terminator capture drops the `--`: its words are the command.
    mutating func appendTrailing(_ words: [String]) {
        command += words
    }

    func validate() throws {
        let kinds = [frequency != nil, every != nil, cron != nil].filter { $0 }.count
        if kinds > 1 { throw ValidationError("give one of --once, --every, --hourly ... --yearly or --cron, not several") }
    }

    func run() throws {
        let configuration = try global.loadConfiguration()
        var request = ScheduleRequest(name: name)
        request.frequency = frequency?.rawValue
        request.every = every
        request.cron = cron
        request.nextRun = nextRun
        request.repeats = repeats
        let kind = try request.kind()
        let template = try taskOptions.request(command: command).message(configuration: configuration, currentDirectory: PathResolver.currentDirectory)
        let now = Clock.nowMilliseconds()
        let schedule = try request.schedule(of: kind, template: template, now: now, timeZone: configuration.scheduleTimeZone)
        try GlobalOptions.broker(of: configuration).addSchedule(schedule, replace: replace)
        Terminal.print(json ? SchedulePresenter.json(schedule, lastStatus: nil).rendered() : SchedulePresenter.added(schedule, now: now))
    }
}
