import QCluster

/// The "Add a schedule" form as it was posted: its values as typed (a page shows them again,
/// after a preview or a refusal), and what they make through the same library calls as
/// `qctl schedule add`: the schedule, its next runs, or each field's error.
struct ScheduleForm: Sendable, Equatable {
    /// The form's fields, by the names they are posted with.
    enum Field: String, CaseIterable, Sendable {
        case name, command, kind, cron, every, nextRun = "next_run", repeats, cluster, group, timeout, retries, cwd, replace
    }

    /// What the kind field offers: `qctl schedule add`'s --cron, --every and frequency flags.
    static let kinds = ["cron", "every", "once", "hourly", "daily", "weekly", "biweekly", "monthly", "bimonthly", "quarterly", "yearly"]

    /// How many runs a preview shows.
    static let previewCount = 5

    private var values: [Field: String]

    init(values: [Field: String] = [:]) { self.values = values }

    /// The form's fields from a posted form (other keys, such as `csrf`, are left out).
    init(posted fields: [String: String]) {
        var values: [Field: String] = [:]
        for field in Field.allCases { if let value = fields[field.rawValue] { values[field] = value } }
        self.values = values
    }

    /// The value as typed, "" when missing.
    subscript(_ field: Field) -> String { values[field] ?? "" }

    /// The kind chosen: a cron expression unless the form says otherwise.
    var kind: String { Self.kinds.contains(self[.kind]) ? self[.kind] : "cron" }

    var replaces: Bool { !self[.replace].isEmpty }

    /// What the values make.
    struct Outcome: Sendable {
        /// The schedule to save, when every field is right.
        var schedule: Schedule?
        /// The next runs, whenever the kind, the first run and the repeats are right (the
        /// command need not be).
        var upcomingRuns: [Int64] = []
        /// Each wrong field's one-line error, as the library words it.
        var errors: [Field: String] = [:]
    }

    /// Checks the values as `qctl schedule add` checks its options, in `configuration`'s schedule
    /// time zone; the task runs in `currentDirectory` unless the form names a directory.
    func check(configuration: Configuration, currentDirectory: String, now: Int64) -> Outcome {
        var outcome = Outcome()
        var request = ScheduleRequest(name: self[.name].trimmingSpaces)
        switch kind {
        case "cron": request.cron = self[.cron].trimmingSpaces
        case "every": request.every = self[.every].trimmingSpaces
        default: request.frequency = kind
        }
        if !self[.nextRun].trimmingSpaces.isEmpty { request.nextRun = self[.nextRun].trimmingSpaces }
        let repeatsText = self[.repeats].trimmingSpaces
        if !repeatsText.isEmpty {
            if let repeats = Int(repeatsText) {
                request.repeats = repeats
            } else {
                outcome.errors[.repeats] = "bad repeats '\(repeatsText)': use -1 (forever) or a positive count"
            }
        }

        var kind: ScheduleKind?
        do {
            kind = try request.kind()
        } catch {
            outcome.errors[Self.field(of: error)] = Self.line(error)
        }
        let template = taskTemplate(configuration: configuration, currentDirectory: currentDirectory, errors: &outcome.errors)
        guard let kind else { return outcome }
        do {
            // The times do not depend on the task: previewed even while the command is wrong.
            let probe = template ?? TaskMessage(cluster: configuration.defaultClusterName, command: ["true"])
            let schedule = try request.schedule(of: kind, template: probe, now: now, timeZone: configuration.scheduleTimeZone)
            outcome.upcomingRuns = schedule.upcomingRuns(Self.previewCount, timeZone: configuration.scheduleTimeZone)
            if template != nil, outcome.errors.isEmpty { outcome.schedule = schedule }
        } catch {
            outcome.errors[Self.field(of: error)] = Self.line(error)
        }
        return outcome
    }

    /// The task the schedule enqueues, as `qctl schedule add --shell LINE` makes it; nil with
    /// the fields' errors when it cannot be made.
    private func taskTemplate(configuration: Configuration, currentDirectory: String, errors: inout [Field: String]) -> TaskMessage? {
        var request = TaskRequest()
        // One line, run by /bin/sh -c: qctl's only text form of a task line is JSON
        // (`enqueue --stdin`), and a word splitter of the dashboard's own would be a second,
        // different shell syntax.
        request.shell = self[.command]
        for (field, value) in [(Field.cluster, self[.cluster]), (.group, self[.group]), (.timeout, self[.timeout]), (.cwd, self[.cwd])] {
            let trimmed = value.trimmingSpaces
            guard !trimmed.isEmpty else { continue }
            switch field {
            case .cluster: request.cluster = trimmed
            case .group: request.group = trimmed
            case .timeout: request.timeout = trimmed
            default: request.workingDirectory = trimmed
            }
        }
        let retriesText = self[.retries].trimmingSpaces
        if !retriesText.isEmpty {
            guard let retries = Int(retriesText) else {
                errors[.retries] = "retries must be a whole number from 0 to \(TaskRequest.maximumRetries), found '\(retriesText)'"
                return nil
            }
            request.retries = retries
        }
        do {
            return try request.message(configuration: configuration, currentDirectory: currentDirectory)
        } catch {
            errors[Self.field(of: error)] = error.description
            return nil
        }
    }

    /// The field an error of the library is about.
    static func field(of error: any Error) -> Field {
        switch error {
        case is CronError: return .cron
        case let error as ScheduleError:
            switch error {
            case .badName, .duplicate, .unknown, .unverified: return .name
            case .noKind: return .kind
            case .badNextRun, .onceInThePast: return .nextRun
            case .badRepeats: return .repeats
            }
        case let error as TaskInputError:
            switch error {
            case let .badDuration(option, _): return option == "--every" ? .every : .timeout
            case .badClusterName, .unknownCluster: return .cluster
            case .workingDirectoryMissing, .workingDirectoryUnusable: return .cwd
            case .badRetries: return .retries
            case let .labelTooLong(field, _), let .nulByte(field): return field == "the group" ? .group : .command
            default: return .command
            }
        default: return .command
        }
    }

    /// An error as one line.
    static func line(_ error: any Error) -> String {
        (error as? any UserFacingError)?.description ?? "\(error)"
    }
}
