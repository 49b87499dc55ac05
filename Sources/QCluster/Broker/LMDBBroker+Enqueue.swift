extension LMDBBroker {
    public func enqueue(_ messages: [TaskMessage]) throws(BrokerError) {
        guard !messages.isEmpty else { return }
        // Sign outside the transaction: the write lock is held only for the puts.
        let entries = messages.map { QueueEntry.encodedNew($0, signer: signer) }
        let clusters = try write { txn throws(LMDBError) in try putQueued(txn, messages, entries: entries) }
        // Idle pushers of these queues wake at once instead of at their next look.
        for cluster in clusters { WakeupChannel.wake(brokerPath: path, cluster: cluster) }
    }

    /// Appends messages to their queues inside `txn`, keeping the indexes and counters exact;
    /// returns the clusters whose queues grew.
    /// `entries`: each message's ``QueueEntry/encodedNew(_:signer:)``, when the caller made them.
    @discardableResult
    func putQueued(_ txn: LMDBTransaction, _ messages: [TaskMessage], entries: [[UInt8]]? = nil) throws(LMDBError) -> [String] {
        guard !messages.isEmpty else { return [] }
        let entries = entries ?? messages.map { QueueEntry.encodedNew($0, signer: signer) }
        var sequence = try counter(txn, BrokerKeys.sequenceCounter)
        var perCluster: [String: Int] = [:]
        for (message, entry) in zip(messages, entries) {
            sequence += 1
            let key = BrokerKeys.queue(cluster: message.cluster, sequence: sequence)
            try txn.put(db.queue, key, entry)
            try txn.put(db.queued, message.id.storageKey, key)
            // Only names given at enqueue are indexed: a humanized id is found by comparing ids
            // (``status(of:)``), and indexing it too would dirty a page of the index at a random
            // place for every task: one database more in every enqueue's commit.
            if !message.customName.isEmpty { try txn.put(db.names, message.nameUTF8, message.id.bytes) }
            perCluster[message.cluster, default: 0] += 1
        }
        try txn.put(db.counters, Array(BrokerKeys.sequenceCounter.utf8), BrokerKeys.bigEndian(sequence))
        for (cluster, count) in perCluster { try add(txn, BrokerKeys.queuedCounter(cluster), count) }
        try add(txn, BrokerKeys.enqueuedCounter, messages.count)
        return Array(perCluster.keys)
    }

    public func purge(cluster: String) throws(BrokerError) -> Int {
        try write { txn throws(LMDBError) in
            var keys: [(key: [UInt8], entry: QueueEntry?)] = []
            try txn.scan(db.queue, prefix: BrokerKeys.queuePrefix(cluster: cluster)) { key, value in
                keys.append((key, QueueEntry(value)))
                return true
            }
            for (key, entry) in keys {
                try txn.delete(db.queue, key)
                if let entry {
                    try txn.delete(db.queued, entry.id.storageKey)
                    let message = displayMessage(entry.signedMessage, id: entry.id, cluster: cluster)
                    try forgetName(txn, message)
                }
            }
            try add(txn, BrokerKeys.queuedCounter(cluster), -keys.count)
            return keys.count
        }
    }

    /// Removes the name → id entry when it still points at this task (humanized names too:
    /// brokers written before they stopped being indexed hold them).
    func forgetName(_ txn: LMDBTransaction, _ message: TaskMessage) throws(LMDBError) {
        let name = message.nameUTF8
        if try txn.get(db.names, name) == message.id.bytes { try txn.delete(db.names, name) }
    }
}
