extension Benchmark {
    /// The targets qctl's figures are held to, by broker: an LMDB file on this machine, or a
    /// PostgreSQL server (a round trip in every command, and a connection to open first).
    struct Targets {
        let enqueueMilliseconds: Int
        let bulkTasksPerSecond: Int
        /// Nil: a reference figure (LMDB's drain shows its batching already).
        let brokerAloneTasksPerSecond: Int?
        let idleP50Milliseconds: Int
        /// Nil: a reference figure.
        let idleP99Milliseconds: Int?

        init(postgreSQL: Bool) {
            if postgreSQL {
                (enqueueMilliseconds, bulkTasksPerSecond, brokerAloneTasksPerSecond, idleP50Milliseconds, idleP99Milliseconds) = (5, 20_000, 10_000, 3, nil)
            } else {
                (enqueueMilliseconds, bulkTasksPerSecond, brokerAloneTasksPerSecond, idleP50Milliseconds, idleP99Milliseconds) = (2, 100_000, nil, 2, 5)
            }
        }
    }
}
