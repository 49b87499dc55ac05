import FoundationEssentials

/// A schedule as `qctl schedule add` asks for it: a name, how often (one of a frequency word,
/// an interval or a cron expression), the first run and how many runs, all as given.
public struct ScheduleRequest: Sendable {
    public var name: String
    /// `once`, `hourly`, `daily`, `weekly`, `biweekly`, `monthly`, `bimonthly`, `quarterly` or `yearly`.
    public var frequency: String?
    /// An interval (`90s`, `10m`), at least a second.
    public var every: String?
    /// A cron expression (`0 3 * * *`, `@daily`).
    public var cron: String?
    /// The first run (see ``NextRunParser``); now unless given (for cron: its next time from now).
    public var nextRun: String?
    /// -1: forever.
    public var repeats = -1

    public init(name: String) {
        self.name = name
    }

    /// How often it runs; throws for a bad name, a bad repeat count or a bad or missing kind,
    /// before the task is looked at.
    public func kind() throws -> ScheduleKind {
        guard ClusterName.isValid(name) else { throw ScheduleError.badName(name) }
        guard repeats == -1 || repeats > 0 else { throw ScheduleError.badRepeats(repeats) }
        if let cron { return .cron(try CronExpression(cron)) }
        if let every {
            guard let milliseconds = DurationParser.milliseconds(every), milliseconds >= 1000 else {
                throw TaskInputError.badDuration(option: "--every", value: every)
            }
            return .every(milliseconds: milliseconds)
        }
        guard let frequency, let kind = Self.kind(named: frequency) else { throw ScheduleError.noKind }
        return kind
    }

    /// The schedule of `kind` (from ``kind()``) that enqueues `template`, its first run
    /// reckoned from `now` in `timeZone`.
    public func schedule(of kind: ScheduleKind, template: TaskMessage, now: Int64, timeZone: ZoneRules) throws -> Schedule {
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
        return Schedule(name: name, kind: kind, template: template, nextRunMilliseconds: first, repeats: repeats)
    }

    /// The kind a frequency word names.
    private static func kind(named word: String) -> ScheduleKind? {
        switch word {
        case "once": return .once
        case "hourly": return .hourly
        case "daily": return .daily
        case "weekly": return .weekly
        case "biweekly": return .biweekly
        case "monthly": return .monthly
        case "bimonthly": return .bimonthly
        case "quarterly": return .quarterly
        case "yearly": return .yearly
        default: return nil
        }
    }
}
