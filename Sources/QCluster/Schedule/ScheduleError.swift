/// A schedule that cannot be added or changed.
public enum ScheduleError: UserFacingError, Equatable {
    case duplicate(String)
    case unknown(String)
    /// The schedule's task does not verify with this key: it is never run.
    case unverified(String)
    case badName(String)
    case noKind
    case badNextRun(String)
    case onceInThePast(String)
    case badRepeats(Int)

    public var exitStatus: ExitStatus {
        switch self {
        case .unknown, .unverified: return .dataError
        default: return .usage
        }
    }

    public var description: String {
        switch self {
        case let .duplicate(name): return "a schedule named '\(name)' exists; use --replace to overwrite it"
        case let .unknown(name): return "no schedule named '\(name)' (see qctl schedule list)"
        case let .unverified(name):
            return "schedule '\(name)' does not verify with this secret_key (altered, or added with another key): it never runs; remove it and add it again"
        case let .badName(name): return "bad schedule name '\(name)': use letters, digits, '-', '_' and '.'"
        case .noKind: return "say how often: --once, --every 10m, --hourly, --daily, --weekly, --biweekly, --monthly, --bimonthly, --quarterly, --yearly or --cron 'EXPR'"
        case let .badNextRun(text): return "bad --next-run '\(text)': use an ISO 8601 time (2026-12-01T03:00), HH:MM (the next such time) or +DURATION (+10m)"
        case let .onceInThePast(text): return "--next-run \(text) is in the past; a --once schedule would never run (omit --next-run to run it now)"
        case let .badRepeats(count): return "bad --repeats \(count): use -1 (forever) or a positive count"
        }
    }
}
