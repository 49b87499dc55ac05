import ArgumentParser
import FoundationEssentials
import Glibc
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
        guard ClusterName.isValid(name) else { throw ScheduleError.badName(name) }
        guard repeats == -1 || repeats > 0 else { throw ScheduleError.badRepeats(repeats) }
        let timeZone = configuration.timeZone.flatMap(ZoneRules.named) ?? ZoneRules.local()
        let kind: ScheduleKind
        if let cron {
            kind = .cron(try CronExpression(cron))
        } else if let every {
            guard let milliseconds = DurationParser.milliseconds(every), milliseconds >= 1000 else {
                throw TaskInputError.badDuration(option: "--every", value: every)
            }
            kind = .every(milliseconds: milliseconds)
        } else if let frequency {
            switch frequency {
            case .once: kind = .once
            case .hourly: kind = .hourly
            case .daily: kind = .daily
            case .weekly: kind = .weekly
            case .biweekly: kind = .biweekly
            case .monthly: kind = .monthly
            case .bimonthly: kind = .bimonthly
            case .quarterly: kind = .quarterly
            case .yearly: kind = .yearly
            }
        } else {
            throw ScheduleError.noKind
        }
        let request = taskOptions.request(command: command)
        let template = try request.message(configuration: configuration, currentDirectory: PathResolver.currentDirectory)
        let now = Clock.nowMilliseconds()
        var first = now
        if let nextRun {
            first = try NextRunParser.milliseconds(nextRun, now: now, timeZone: timeZone)
            if kind == .once, first < now - 1000 { throw ScheduleError.onceInThePast(nextRun) }
        }
        if case let .cron(expression) = kind {
            let start = Date(timeIntervalSince1970: Double(first) / 1000 - 0.001)
            guard let next = expression.next(after: start, in: timeZone) else {
                throw CronError(expression: expression.source, field: "expression", reason: "never matches a real date")
            }
            first = Int64((next.timeIntervalSince1970 * 1000).rounded())
        }
        let schedule = Schedule(name: name, kind: kind, template: template, nextRunMilliseconds: first, repeats: repeats)
        try GlobalOptions.broker(of: configuration).addSchedule(schedule, replace: replace)
        if json {
            Terminal.print(SchedulePresenter.json(schedule, lastStatus: nil).rendered())
        } else {
            Terminal.print("schedule '\(name)' added: \(kind.description), next run \(SchedulePresenter.when(schedule.nextRunMilliseconds, now: now))")
        }
    }
}
