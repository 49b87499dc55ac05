import QCluster

/// A plain LMDB file of the bench's own, for the machine's limits: one database, 100-byte values.
struct RawLMDB {
    let environment: LMDBEnvironment
    let db: LMDBDatabase
    let value = [UInt8](repeating: 7, count: 100)

    init(folder: String) throws {
        environment = try LMDBEnvironment.shared(path: folder + "/raw.lmdb", mapSize: 1 << 30, maxDatabases: 2)
        db = try environment.openDatabases(["raw"])["raw"]!
    }

    /// Milliseconds of the flushes an idle task waits for: a durable commit (as its
    /// enqueue's), then a commit with one sync (as its lease's).
    func idlePathFlushes(key: UInt64) throws -> Double {
        let start = Clock.monotonicNanoseconds()
        try environment.write { txn throws(LMDBError) in try txn.put(db, BrokerKeys.bigEndian(key), value) }
        try environment.write(durability: .metaDeferred) { txn throws(LMDBError) in try txn.put(db, BrokerKeys.bigEndian(key + 1_000_000), value) }
        return Double(Clock.monotonicNanoseconds() - start) / 1e6
    }
}
