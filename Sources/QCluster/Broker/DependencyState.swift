/// What a new task with ``TaskMessage/after`` does now, in either broker.
enum DependencyState {
    /// Every task it runs after succeeded: it is queued.
    case ready
    /// It waits for these.
    case waiting([TaskID])
    /// One of them did not succeed: it is cancelled with this reason.
    case cancelled(String)
}
