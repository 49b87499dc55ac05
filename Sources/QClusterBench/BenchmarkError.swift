import QCluster

/// A benchmark that could not complete.
public enum BenchmarkError: UserFacingError, Equatable {
    case commandFailed(String)
    case timeout(String)
    case wrongCount(String)
    case interrupted

    public var exitStatus: ExitStatus { self == .interrupted ? .interrupted : .ioError }
    public var description: String {
        switch self {
        case .interrupted: return "bench: interrupted; its cluster was stopped and its temporary broker removed"
        case let .commandFailed(command): return "bench: qctl \(command) failed"
        case let .timeout(what): return "bench: \(what) did not finish within its deadline"
        case let .wrongCount(what): return "bench: tasks did not run exactly once (\(what))"
        }
    }
}
