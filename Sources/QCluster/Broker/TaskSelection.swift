/// The tasks a control command (`qctl cancel`, `qctl rerun`) acts on.
public enum TaskSelection: Sendable, Equatable {
    /// These tasks, each by id, id prefix (8+ hex digits) or name; all or none are acted on.
    case tasks([String])
    /// The tasks of a group, of one cluster or of every one.
    case group(String, cluster: String?)
    /// The tasks of a cluster.
    case cluster(String)
}

extension TaskSelection {
    /// What `qctl rerun --failed` takes: the group's tasks (in `cluster`, when given), else the
    /// cluster's, else the default cluster's.
    public static func groupOrCluster(group: String?, cluster: String?, defaultCluster: String) -> TaskSelection {
        if let group { return .group(group, cluster: cluster) }
        return .cluster(cluster ?? defaultCluster)
    }
}
