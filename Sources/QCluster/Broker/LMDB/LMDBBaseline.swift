/// The LMDB broker's ``StorageBaseline``: a plain LMDB file of the bench's own, one database, 100-byte values.
struct LMDBBaseline: StorageBaseline {
    let name = "LMDB"
    let environment: LMDBEnvironment
    let db: LMDBDatabase
    let value = [UInt8](repeating: 7, count: 100)

    init(folder: String) throws {
        environment = try LMDBEnvironment.shared(path: folder + "/raw.lmdb", mapSize: 1 << 30, maxDatabases: 2)
        db = try environment.openDatabases(["raw"])["raw"]!
    }

    func commitOne(key: UInt64) throws {
        try environment.write { txn throws(LMDBError) in try txn.put(db, BrokerKeys.bigEndian(key), value) }
    }

    func commitMany(keys: Range<UInt64>) throws {
        try environment.write { txn throws(LMDBError) in
            for key in keys { try txn.put(db, BrokerKeys.bigEndian(key), value) }
        }
    }

    /// The file is in the bench's folder, removed with it.
    func discard() {}

    /// A durable commit has two flushes and a lease's (meta page deferred) one.
    func idlePathCommits(key: UInt64) throws -> Double {
        let start = Clock.monotonicNanoseconds()
        try commitOne(key: key)
        try environment.write(durability: .metaDeferred) { txn throws(LMDBError) in try txn.put(db, BrokerKeys.bigEndian(key + 1_000_000), value) }
        return Double(Clock.monotonicNanoseconds() - start) / 1e6
    }
}
