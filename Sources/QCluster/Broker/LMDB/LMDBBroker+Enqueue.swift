extension LMDBBroker {
    public func enqueue(_ messages: [TaskMessage]) throws(BrokerError) {
        guard !messages.isEmpty else { return }
        try TaskEnding.refuseTooLarge(messages)
        // Sign outside the transaction: the write lock is held only for the puts.
        let entries = messages.map { QueueEntry.encodedNew($0, signer: signer) }
        let clusters = try write { txn throws(LMDBError) in try putQueued(txn, messages, entries: entries) }
        // Idle pushers of these queues wake at once instead of at their next look.
        for cluster in clusters { wakeupFolder.notify(cluster: cluster) }
    }

    /// Appends messages to their queues inside `txn`, keeping the indexes and counters exact;
    /// returns the clusters whose queues grew.
    /// `entries`: each message's ``QueueEntry/encodedNew(_:signer:)``, when the caller made them.
    @discardableResult
    func putQueued(_ txn: LMDBTransaction, _ messages: [TaskMessage], entries: [[UInt8]]? = nil) throws(LMDBError) -> [String] {
        guard !messages.isEmpty else { return [] }
        let entries = entries ?? messages.map { QueueEntry.encodedNew($0, signer: signer) }
        var sequence = try counter(txn, CounterName.sequence)
        var perCluster: [String: Int] = [:]
        for (message, entry) in zip(messages, entries) {
            if !message.after.isEmpty {
                switch try dependencyState(txn, of: message) {
                case .ready:
                    break
                case let .waiting(pending):
                    if let name = message.indexedName { try txn.put(db.names, name, message.id.bytes) }
                    try putWaiting(txn, message, entry: entry, pending: pending)
                    continue
                case let .cancelled(reason):
                    let now = Clock.nowMilliseconds()
                    // New: nothing runs after it yet.
                    try recordFinalFailure(txn, .notRun(message, attempts: 0, reason: reason, at: now, interruption: .cancelled), now: now,
                                           settling: false)
                    continue
                }
            }
            sequence += 1
            try appendToQueue(txn, message, entry: entry, sequence: sequence)
            if let name = message.indexedName { try txn.put(db.names, name, message.id.bytes) }
            perCluster[message.cluster, default: 0] += 1
        }
        try txn.put(db.counters, Array(CounterName.sequence.utf8), BrokerKeys.bigEndian(sequence))
        for (cluster, count) in perCluster { try add(txn, CounterName.queued(cluster), count) }
        try add(txn, CounterName.enqueued, messages.count)
        return Array(perCluster.keys)
    }

    /// Puts a queue entry at the end of its cluster's queue, under `sequence` (the caller
    /// keeps the sequence counter and the queue's size).
    func appendToQueue(_ txn: LMDBTransaction, _ message: TaskMessage, entry: [UInt8], sequence: UInt64) throws(LMDBError) {
        let key = BrokerKeys.queue(cluster: message.cluster, sequence: sequence)
        try txn.put(db.queue, key, entry)
        try txn.put(db.queued, message.id.storageKey, key)
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
            try add(txn, CounterName.queued(cluster), -keys.count)
            return keys.count
        }
    }

    /// Removes the name → id entry when it still points at this task. (A broker written before
    /// humanized names left the index keeps theirs: they lead to no task once it is gone, and
    /// ``status(of:)`` then looks further.)
    func forgetName(_ txn: LMDBTransaction, _ message: TaskMessage) throws(LMDBError) {
        guard let name = message.indexedName else { return }
        if try txn.get(db.names, name) == message.id.bytes { try txn.delete(db.names, name) }
    }
}
