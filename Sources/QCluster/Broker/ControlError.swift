/// Why a control command (cancel, kill, rerun) changed nothing: each names the task and says
/// what would work.
public enum ControlError: UserFacingError, Equatable {
    /// No task has this id or name.
    case unknownTask(String)
    /// The task is in a state the command does not act on; `advice` says what does.
    case wrongState(task: String, state: String, advice: String)
    /// A selection of a group or cluster that holds no task the command acts on.
    case nothingSelected(String)

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch self {
        case let .unknownTask(text):
            return "no task '\(text)' in the broker (give a task id or name; see qctl tasks); nothing was changed"
        case let .wrongState(task, state, advice):
            return "task \(task) is \(state): \(advice); nothing was changed"
        case let .nothingSelected(what):
            return "\(what); nothing was changed"
        }
    }
}
