/// Where running clusters publish their ``ClusterStat`` (Django Q's Stat), for `qctl stats`
/// and for each other. A heartbeat may be less durable than a task: a crash that undoes the
/// last one loses nothing a dead cluster could have kept up.
public protocol ClusterHeartbeats: Sendable {
    /// Publishes a cluster's Stat, replacing its previous one.
    func saveStat(_ stat: ClusterStat) throws(BrokerError)

    /// Removes a cluster's Stat (it stopped).
    func removeStat(clusterID: TaskID) throws(BrokerError)

    /// Every published Stat, lost ones included (see ``ClusterStat/isLost(now:)``).
    func clusterStats() throws(BrokerError) -> [ClusterStat]

    /// Removes the Stats of clusters whose heartbeat stopped more than `milliseconds` ago
    /// (a sentinel killed with -9 cannot remove its own); returns how many.
    func clearLostStats(now: Int64, olderThan milliseconds: Int64) throws(BrokerError) -> Int
}
