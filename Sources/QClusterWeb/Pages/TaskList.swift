import QCluster

/// The tasks the tasks page shows, and what it says about those it does not.
struct TaskList: Sendable, Equatable {
    var tasks: [TaskStatus]
    /// More tasks match than the limit shows.
    var hasMore: Bool
    /// A name or finer state filter looked through only the first ``TaskListQuery/scanLimit``
    /// tasks: older ones may match too.
    var scanWasCut: Bool
}
