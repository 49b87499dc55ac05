import QCluster

/// A benchmark that could not complete.
public enum BenchmarkError: UserFacingError, Equatable {
    case commandFailed(String)
    case timeout(String)
    case wrongCount(String)
    case interrupted
    /// `--broker` names a database that already holds a qctl broker.
    case brokerNotEmpty(String)

    public var exitStatus: ExitStatus { self == .interrupted ? .interrupted : .ioError }
    public var description: String {
        switch self {
        case let .brokerNotEmpty(location):
            return "bench: \(location) already holds a qctl broker; give --broker an empty database (the bench creates its tables and drops them)"
        case .interrupted: return "bench: interrupted; its cluster was stopped and its temporary broker removed"
        case let .commandFailed(command): return "bench: qctl \(command) failed"
        case let .timeout(what): return "bench: \(what) did not finish within its deadline"
        case let .wrongCount(what): return "bench: tasks did not run exactly once (\(what))"
        }
    }
}
