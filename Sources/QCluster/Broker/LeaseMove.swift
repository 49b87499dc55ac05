/// A change of a lease's deadline, made only if the lease still ends at `from`: a lease
/// that was requeued, finished or taken again in the meantime is left alone.
public struct LeaseMove: Sendable {
    public var task: TaskID
    public var from: Int64
    public var to: Int64

    public init(task: TaskID, from: Int64, to: Int64) {
        self.task = task
        self.from = from
        self.to = to
    }
}
