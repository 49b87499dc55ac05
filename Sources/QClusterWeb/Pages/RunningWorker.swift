import QCluster

/// Who runs a task now: the worker whose published stat names it. Nothing records who ran a
/// finished task.
struct RunningWorker: Sendable, Equatable {
    let host: String
    /// The cluster's four-word name (`qctl stats` shows it).
    let clusterName: String
    let pid: Int32

    /// The worker of the clusters' `stats` that runs `task`, if any.
    static func find(_ task: TaskID, in stats: [ClusterStat]) -> RunningWorker? {
        for stat in stats {
            if let worker = stat.workers.first(where: { $0.taskID == task }) {
                return RunningWorker(host: stat.host, clusterName: stat.name, pid: worker.pid)
            }
        }
        return nil
    }
}
