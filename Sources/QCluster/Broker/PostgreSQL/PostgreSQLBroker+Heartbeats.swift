extension PostgreSQLBroker {
    public func saveStat(_ stat: ClusterStat) throws(BrokerError) {
        try withConnection { connection throws(PGError) in
            _ = try connection.query("""
                INSERT INTO qctl.stats (cluster_id, heartbeat, body) VALUES ($1, $2, $3)
                ON CONFLICT (cluster_id) DO UPDATE SET heartbeat = excluded.heartbeat, body = excluded.body
                """, [.bytes(stat.clusterID.bytes), .int64(stat.heartbeatMilliseconds), .bytes(stat.encoded())])
        }
    }

    public func removeStat(clusterID: TaskID) throws(BrokerError) {
        try withConnection { connection throws(PGError) in
            _ = try connection.query("DELETE FROM qctl.stats WHERE cluster_id = $1", [.bytes(clusterID.bytes)])
        }
    }

    public func clusterStats() throws(BrokerError) -> [ClusterStat] {
        try withConnection { connection throws(PGError) in
            try connection.query("SELECT body FROM qctl.stats").compactMap { ClusterStat(encoded: $0.bytes(0)) }
                .sorted { ($0.cluster, $0.startedAtMilliseconds) < ($1.cluster, $1.startedAtMilliseconds) }
        }
    }

    @discardableResult
    public func clearLostStats(now: Int64, olderThan milliseconds: Int64) throws(BrokerError) -> Int {
        try withConnection { connection throws(PGError) in
            try connection.query("DELETE FROM qctl.stats WHERE heartbeat < $1 RETURNING 1", [.int64(now - milliseconds)]).count
        }
    }
}
