/// Brings a broker written by an older qctl to ``LMDBBroker/schemaVersion``, once, in one
/// transaction: either all of it is upgraded or none of it.
extension LMDBBroker {
    private enum UpgradeOutcome {
        case upgraded
        /// Another process upgraded it since this one looked.
        case upgradedElsewhere
        case waitsFor([String])
        /// A newer qctl upgraded it since this one looked.
        case newer(Int)
    }

    /// Whether this call upgraded it: false when another process did since this one looked.
    func upgrade(from version: Int) throws(BrokerError) -> Bool {
        let key = Array("schema".utf8)
        let now = Clock.nowMilliseconds()
        let outcome = try write { txn throws(LMDBError) -> UpgradeOutcome in
            // Another process may have upgraded it since this one looked, a newer qctl too.
            guard let stored = try txn.get(db.meta, key) else { return .upgradedElsewhere }
            let found = Int(BrokerKeys.uint64(bigEndian: stored))
            if found > Self.schemaVersion { return .newer(found) }
            guard found < Self.schemaVersion else { return .upgradedElsewhere }
            // A running cluster of the older qctl would go on using the old keys.
            var running: [String] = []
            try txn.scan(db.stats) { _, value in
                if let stat = ClusterStat(encoded: value), !stat.isLost(now: now) { running.append("\(stat.cluster) \(stat.name)") }
                return true
            }
            guard running.isEmpty else { return .waitsFor(running) }
            if version < 2 {
                for database in [db.queued, db.leases, db.results] { try rekeyByStorageKey(txn, database) }
            }
            try txn.put(db.meta, key, BrokerKeys.bigEndian(UInt64(Self.schemaVersion)))
            return .upgraded
        }
        switch outcome {
        case let .waitsFor(clusters): throw .upgradeWaitsForClusters(path: path, clusters: clusters)
        case .upgraded: return true
        case .upgradedElsewhere: return false
        case let .newer(found): throw .incompatibleSchema(path: path, found: found, supported: Self.schemaVersion)
        }
    }

    /// Schema 1 → 2: entries keyed by a task id move to the id's storage key.
    private func rekeyByStorageKey(_ txn: LMDBTransaction, _ database: LMDBDatabase) throws(LMDBError) {
        var entries: [(key: [UInt8], value: [UInt8])] = []
        try txn.scan(database) { key, value in
            entries.append((key, value))
            return true
        }
        for entry in entries { _ = try txn.delete(database, entry.key) }
        for entry in entries {
            // A key that is not an id (none is written) stays where it was.
            try txn.put(database, TaskID(bytes: entry.key)?.storageKey ?? entry.key, entry.value)
        }
    }
}
