extension LMDBBroker {
    /// Publishes a cluster's Stat (one small write transaction).
    /// Writes `stat` with one flush instead of two: a system crash may undo the last heartbeat,
    /// which the cluster, dead with the system, could not have refreshed anyway.
    public func saveStat(_ stat: ClusterStat) throws(BrokerError) {
        try write(durability: .metaDeferred) { txn throws(LMDBError) in try txn.put(db.stats, stat.clusterID.bytes, stat.encoded()) }
    }

    public func removeStat(clusterID: TaskID) throws(BrokerError) {
        try write { txn throws(LMDBError) in _ = try txn.delete(db.stats, clusterID.bytes) }
    }

    /// Every published Stat, lost ones included (see ``ClusterStat/isLost(now:)``).
    public func clusterStats() throws(BrokerError) -> [ClusterStat] {
        try read { txn throws(LMDBError) in
            var stats: [ClusterStat] = []
            try txn.scan(db.stats) { _, value in
                if let stat = ClusterStat(encoded: value) { stats.append(stat) }
                return true
            }
            return stats.sorted { ($0.cluster, $0.startedAtMilliseconds) < ($1.cluster, $1.startedAtMilliseconds) }
        }
    }

    /// Removes the Stats of clusters whose heartbeat stopped more than `milliseconds` ago
    /// (a sentinel killed with -9 cannot remove its own); returns how many.
    @discardableResult
    public func clearLostStats(now: Int64, olderThan milliseconds: Int64) throws(BrokerError) -> Int {
        let stale = try clusterStats().filter { now - $0.heartbeatMilliseconds > milliseconds }
        guard !stale.isEmpty else { return 0 }
        try write { txn throws(LMDBError) in
            for stat in stale { try txn.delete(db.stats, stat.clusterID.bytes) }
        }
        return stale.count
    }
}
