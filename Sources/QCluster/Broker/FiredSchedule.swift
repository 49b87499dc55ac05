/// A schedule that fired: its name and the task it enqueued.
public struct FiredSchedule: Sendable, Equatable {
    public var name: String
    public var taskID: TaskID
    public var taskName: String
}
