import FoundationEssentials
import Glibc

/// The broker in one LMDB file, shared safely by every qctl process on the machine.
///
/// Named databases:
/// - `queue`: `cluster 0x00 seq` → attempts, id, signed message (FIFO per cluster)
/// - `queued`: storage key → queue key, to find a queued task by id
/// - `leases`: storage key → attempt, deadline, leased-at, queue key, signed message
/// - `results`: storage key → result; `by_time`, `successes`: `time id` → (); `groups`: `group 0x00 time id` → ()
/// - `names`: a name given at enqueue → id (the newest task of that name); humanized names are not indexed
/// - `counters`: name → UInt64 (queue sizes and totals, so that sizes are O(1))
/// - `schedules`, `stats`: for the scheduler and cluster heartbeats
/// - `controls`: `pause/CLUSTER` → () for a paused queue; `kill/` + storage key → time, a kill asked for
/// - `waiting`: storage key → queue entry of a task that runs after others (`--after`);
///   `dependants`: storage key of a task + storage key of one that waits for it → ()
/// - `meta`: the schema version
///
/// A task's storage key (``TaskID/storageKey``) sorts by creation time; every other key and
/// value holds the id itself.
public final class LMDBBroker: Broker, @unchecked Sendable {
    /// The layout version this build reads and writes.
    /// 2: `queued`, `leases` and `results` are keyed by ``TaskID/storageKey`` (1: by the id).
    /// 3: results may count the bytes of output that was cut (``TaskResult``'s format 2), which
    /// a qctl of schema 2 cannot read: it must refuse the file rather than miss results.
    public static let schemaVersion = 3

    let environment: LMDBEnvironment
    let signer: MessageSigner
    public let path: String
    let db: Databases
    /// Where this broker's wake-ups go: sockets in `<broker>.wake/`.
    let wakeupFolder: LMDBWakeupFolder
    /// The schema version this opening upgraded the file from; nil when it did not upgrade it
    /// (set once, while opening).
    public private(set) var upgradedFrom: Int?

    public var wakeups: any WakeupChannel { wakeupFolder }

    /// A look is a read transaction of a mapped file: ten a second cost nothing.
    public var idleLookMilliseconds: Int64 { 100 }

    struct Databases {
        let queue, queued, leases, results, byTime, successes, groups, names, counters, schedules, stats, meta, controls: LMDBDatabase
        let waiting, dependants: LMDBDatabase
    }

    /// Opens the broker at `path`, creating its folder (0700) and file (0600) when missing.
    public convenience init(path: String, mapSize: Int = 1 << 30, signer: MessageSigner) throws(BrokerError) {
        try Self.prepareFolder(for: path)
        try self.init(preparedPath: path, mapSize: mapSize, signer: signer)
    }

    /// Opens the broker a configuration names, with its signing key. With `creatingIfMissing`
    /// false, a missing file is ``BrokerError/noBroker(path:)`` and nothing is created: commands
    /// that only read or change what a broker holds leave no new file behind a mistyped path.
    public convenience init(configuration: Configuration, creatingIfMissing: Bool = true) throws(BrokerError) {
        // The folder first: a generated secret key is kept in it.
        try Self.prepareFolder(for: configuration.brokerPath, creatingIfMissing: creatingIfMissing)
        let secret = try SecretKeyStore.secret(configured: configuration.secretKey, brokerPath: configuration.brokerPath)
        try self.init(preparedPath: configuration.brokerPath, mapSize: configuration.mapSize, signer: MessageSigner(secret: secret))
    }

    /// Opens the broker at `path`, whose folder ``prepareFolder(for:)`` has checked.
    private init(preparedPath path: String, mapSize: Int, signer: MessageSigner) throws(BrokerError) {
        self.path = path
        self.signer = signer
        wakeupFolder = LMDBWakeupFolder(brokerPath: path)
        do {
            environment = try LMDBEnvironment.shared(path: path, mapSize: mapSize, maxDatabases: 16)
            let names = ["queue", "queued", "leases", "results", "by_time", "successes", "groups", "names", "counters", "schedules", "stats", "meta",
                         "controls", "waiting", "dependants"]
            let opened = try environment.openDatabases(names)
            func get(_ name: String) -> LMDBDatabase { opened[name]! }
            db = Databases(
                queue: get("queue"), queued: get("queued"), leases: get("leases"), results: get("results"),
                byTime: get("by_time"), successes: get("successes"), groups: get("groups"), names: get("names"),
                counters: get("counters"), schedules: get("schedules"), stats: get("stats"), meta: get("meta"),
                controls: get("controls"), waiting: get("waiting"), dependants: get("dependants"))
        } catch {
            throw Self.map(error, path: path)
        }
        upgradedFrom = try checkSchema()
    }

    /// Refuses a newer schema, upgrades an older one; the version it upgraded from, if it did.
    private func checkSchema() throws(BrokerError) -> Int? {
        let key = Array("schema".utf8)
        let stored = try read { txn throws(LMDBError) in try txn.get(db.meta, key) }
        if let stored {
            let found = Int(BrokerKeys.uint64(bigEndian: stored))
            if found > Self.schemaVersion { throw .incompatibleSchema(path: path, found: found, supported: Self.schemaVersion) }
            if found < Self.schemaVersion, try upgrade(from: found) { return found }
        } else {
            try write { txn throws(LMDBError) in
                if try txn.get(db.meta, key) == nil { try txn.put(db.meta, key, BrokerKeys.bigEndian(UInt64(Self.schemaVersion))) }
            }
        }
        return nil
    }

    // MARK: Transactions with errors mapped for users

    /// Every write transaction also counts itself (`writes` counter), so that a test can
    /// check batching did not silently disappear, with no timing involved.
    func write<T>(durability: LMDBEnvironment.Durability = .synced,
                  _ body: (LMDBTransaction) throws(LMDBError) -> T) throws(BrokerError) -> T {
        do {
            return try environment.write(durability: durability) { txn throws(LMDBError) in
                let result = try body(txn)
                try add(txn, CounterName.writes, 1)
                return result
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    func read<T>(_ body: (LMDBTransaction) throws(LMDBError) -> T) throws(BrokerError) -> T {
        do {
            return try environment.read(body)
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Unmaps the broker pages this process touched (they stay in the page cache), as is done
    /// at most every 100 ms after a transaction, so that an idle process's RSS does not keep
    /// the pages of its last burst of work.
    public func releaseIdleMemory() {
        environment.releaseMappedPages()
    }

    static func map(_ error: LMDBError, path: String) -> BrokerError {
        if error.isNotLMDB { return .notABroker(path: path) }
        // LMDB reports a write cut short as EIO (mdb_page_flush), which is how a full disk
        // usually shows: the room left tells the two apart.
        if error.isNoSpace || (error.code == EIO && FreeSpace.isExhausted(at: PathResolver.folder(of: path))) {
            return .diskFull(path: path)
        }
        if error.isPermission { return .unavailable(path: path, reason: String(cString: strerror(error.code))) }
        if error.code == EAGAIN || error.code == EBUSY { return .unavailable(path: path, reason: "locked: \(error)") }
        if error.code > 0 { return .io(path: path, reason: String(cString: strerror(error.code))) }
        return .io(path: path, reason: error.description)
    }

    /// Checks (or creates) the folder of the broker at `path`; without `creatingIfMissing`, a
    /// missing folder or file is ``BrokerError/noBroker(path:)`` and nothing is created.
    static func prepareFolder(for path: String, creatingIfMissing: Bool = true) throws(BrokerError) {
        let folder = PathResolver.folder(of: path)
        // stat(2), not FileManager: this runs in every command, enqueue's start-up included.
        var info = stat()
        if stat(folder, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .cannotCreateFolder(path: folder, reason: "a file of that name exists") }
        } else {
            guard creatingIfMissing else { throw .noBroker(path: path) }
            if let failure = FolderCreator.create(folder, mode: 0o700) {
                throw .cannotCreateFolder(path: folder, reason: String(cString: strerror(failure)))
            }
        }
        if FileSystemKind.isNetwork(path: folder) { throw .networkFileSystem(path: path) }
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { throw .notABroker(path: path) }
        } else if !creatingIfMissing, errno == ENOENT {
            throw .noBroker(path: path)
        }
    }

    // MARK: Counters

    func counter(_ txn: LMDBTransaction, _ name: String) throws(LMDBError) -> UInt64 {
        guard let bytes = try txn.get(db.counters, Array(name.utf8)) else { return 0 }
        return BrokerKeys.uint64(bigEndian: bytes)
    }

    func add(_ txn: LMDBTransaction, _ name: String, _ delta: Int) throws(LMDBError) {
        guard delta != 0 else { return }
        let current = Int64(try counter(txn, name))
        let updated = UInt64(max(0, current + Int64(delta)))
        try txn.put(db.counters, Array(name.utf8), BrokerKeys.bigEndian(updated))
    }

    // MARK: Record encodings

    struct QueueEntry {
        var attempts: Int
        var id: TaskID
        var signedMessage: [UInt8]

        func encoded() -> [UInt8] {
            var writer = BinaryWriter(capacity: signedMessage.count + 24)
            Self.writeHeader(attempts: attempts, id: id, into: &writer)
            writer.write(raw: signedMessage)
            return writer.bytes
        }

        /// What precedes the signed message in ``encoded()``.
        private static func writeHeader(attempts: Int, id: TaskID, into writer: inout BinaryWriter) {
            writer.write(varint: UInt64(attempts))
            writer.write(raw: id.bytes)
        }

        /// ``encoded()`` of a new entry for `message` (no attempts yet), with the message encoded
        /// and signed in the entry's own bytes: one array per task instead of three (the
        /// message, its signed copy, the entry), and two copies fewer; a bulk enqueue makes one
        /// per line.
        static func encodedNew(_ message: TaskMessage, signer: MessageSigner) -> [UInt8] {
            var writer = BinaryWriter(capacity: 24 + message.encodedCapacity + MessageSigner.signatureLength)
            writeHeader(attempts: 0, id: message.id, into: &writer)
            let start = writer.bytes.count
            message.encode(into: &writer)
            signer.signTail(of: &writer, from: start)
            return writer.bytes
        }

        init(attempts: Int, id: TaskID, signedMessage: [UInt8]) {
            self.attempts = attempts
            self.id = id
            self.signedMessage = signedMessage
        }

        init?(_ bytes: [UInt8]) {
            var reader = BinaryReader(bytes)
            guard let attempts = try? reader.readInt(), let raw = try? reader.readRaw(count: 16), let id = TaskID(bytes: raw) else { return nil }
            self.attempts = attempts
            self.id = id
            signedMessage = Array(bytes[reader.offset...])
        }
    }

    struct LeaseEntry {
        var attempt: Int
        var deadline: Int64
        var leasedAt: Int64
        var queueKey: [UInt8]
        var signedMessage: [UInt8]

        func encoded() -> [UInt8] {
            var writer = BinaryWriter(capacity: signedMessage.count + queueKey.count + 24)
            writer.write(varint: UInt64(attempt))
            writer.write(signed: deadline)
            writer.write(signed: leasedAt)
            writer.write(data: queueKey)
            writer.write(raw: signedMessage)
            return writer.bytes
        }

        init(attempt: Int, deadline: Int64, leasedAt: Int64, queueKey: [UInt8], signedMessage: [UInt8]) {
            self.attempt = attempt
            self.deadline = deadline
            self.leasedAt = leasedAt
            self.queueKey = queueKey
            self.signedMessage = signedMessage
        }

        init?(_ bytes: [UInt8]) {
            var reader = BinaryReader(bytes)
            do {
                attempt = try reader.readInt()
                deadline = try reader.readSigned()
                leasedAt = try reader.readSigned()
                queueKey = try reader.readData()
            } catch {
                return nil
            }
            signedMessage = Array(bytes[reader.offset...])
        }
    }

    /// A message for display and bookkeeping, verified or not; falls back to a stub with only the id.
    func displayMessage(_ signed: [UInt8], id: TaskID, cluster: String) -> TaskMessage {
        if let message = TaskMessage(encoded: MessageSigner.unverifiedBody(signed)), message.id == id { return message }
        return TaskMessage(id: id, cluster: cluster, command: ["<unreadable>"], enqueuedAtMilliseconds: 0)
    }
}
