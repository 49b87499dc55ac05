import FoundationEssentials
import Glibc

/// The broker in a PostgreSQL database, shared by clusters on any number of machines.
///
/// Leases take tasks with `SELECT … FOR UPDATE SKIP LOCKED`, so clusters of one name on
/// several hosts never wait for each other's rows; every change is one transaction; changes
/// that fill a queue send a NOTIFY in that transaction (``PostgreSQLWakeups``). The tables are
/// described in ``PostgreSQLSchema``. Counters are written once per transaction, last, in name
/// order, so that two transactions never hold them crosswise.
public final class PostgreSQLBroker: Broker, @unchecked Sendable {
    let signer: MessageSigner
    /// The URL without its password, for messages.
    let server: String
    private let url: String
    /// The connection settings its connections get unless the URL says otherwise.
    private let defaults: PGConnectionDefaults
    /// One connection per broker, one call at a time. A pthread mutex: Synchronization's Mutex
    /// would ask the results of the calls it guards to be Sendable.
    private let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()
    private var connection: PGConnection?
    /// Set while the schema is still to be checked, to whether a missing one may be created: a
    /// one-shot command checks it in its first statement when that can (``enqueue(_:)`` of one
    /// task), else before its first call.
    private var pendingSchemaCheck: Bool?
    let wakeupChannel: PostgreSQLWakeups

    public var wakeups: any WakeupChannel { wakeupChannel }

    /// A look is a query: an idle cluster asks each of its questions at most once a second,
    /// and NOTIFY wakes it at once for new tasks.
    public var idleLookMilliseconds: Int64 { 1_000 }

    /// Connects to the database at `url` and checks its schema: created when missing if
    /// `creatingIfMissing`, else ``BrokerError/noSchema(server:)``; refused when newer than this qctl.
    /// With `deferringSchemaCheck` it only connects, and the check comes with the first call
    /// (a one-shot command saves a statement; its errors are the same, raised a call later).
    init(url: String, signer: MessageSigner, creatingIfMissing: Bool, defaults: PGConnectionDefaults = .command,
         deferringSchemaCheck: Bool = false) throws(BrokerError) {
        self.url = url
        self.signer = signer
        self.defaults = defaults
        server = BrokerURL.redacted(url)
        wakeupChannel = PostgreSQLWakeups(url: url, defaults: defaults)
        if deferringSchemaCheck {
            try withConnection { _ throws(PGError) in }
            pendingSchemaCheck = creatingIfMissing
        } else {
            try checkSchema(creatingIfMissing: creatingIfMissing)
        }
    }

    /// The schema version the database holds; nil when it holds no qctl schema. One query in
    /// the usual case (every command asks): a missing table is told by its error.
    func storedSchemaVersion() throws(BrokerError) -> Int? {
        try withConnection { connection throws(PGError) -> Int? in
            do throws(PGError) {
                return try connection.query("SELECT value FROM qctl.meta WHERE key = 'schema'").first.map { Int($0.int(0)) }
            } catch {
                if error.sqlState == "42P01" || error.sqlState == "3F000" { return nil }  // undefined table or schema
                throw error
            }
        }
    }

    /// Connects to `url` for ``BrokerConnector/setUp(configuration:upgrading:)``, checking nothing yet.
    init(settingUp url: String, signer: MessageSigner) {
        self.url = url
        self.signer = signer
        defaults = .command
        server = BrokerURL.redacted(url)
        wakeupChannel = PostgreSQLWakeups(url: url, defaults: defaults)
    }

    func checkSchema(creatingIfMissing: Bool) throws(BrokerError) {
        guard let found = try storedSchemaVersion() else {
            guard creatingIfMissing else { throw .noSchema(server: server) }
            _ = try setUpSchema(upgrading: false)
            return
        }
        if found > PostgreSQLSchema.version {
            throw .incompatibleSchema(path: server, found: found, supported: PostgreSQLSchema.version)
        }
        // Hosts may run different qctl versions: an upgrade is asked for, never done in passing.
        if found < PostgreSQLSchema.version { throw .schemaUpgradeNeeded(location: server, found: found, supported: PostgreSQLSchema.version) }
    }

    /// Creates the schema when the database has none; with `upgrading`, brings an older one to
    /// this build's version, one step at a time, unless a cluster runs on it: on an older
    /// schema that is a cluster of an older qctl, which would go on writing the old layout
    /// (results it would not count, a sequence it would not find). Hosts doing it together
    /// serialize on an advisory lock.
    func setUpSchema(upgrading: Bool) throws(BrokerError) -> BrokerSetup {
        var running: [String] = []
        let found = try transaction { connection throws(PGError) -> Int? in
            try connection.query("SELECT pg_advisory_xact_lock(8120371)")
            let exists = try connection.query("SELECT to_regclass('qctl.meta') IS NOT NULL").first?.bool(0) == true
            let found = exists ? try connection.query("SELECT value FROM qctl.meta WHERE key = 'schema'").first.map { Int($0.int(0)) } : nil
            guard let found else {
                guard !upgrading else { return -1 }  // Nothing to upgrade: said below, nothing created.
                try connection.run(PostgreSQLSchema.create)
                try connection.query("INSERT INTO qctl.meta (key, value) VALUES ('schema', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                     [.int64(Int64(PostgreSQLSchema.version))])
                return nil
            }
            guard upgrading, found < PostgreSQLSchema.version else { return found }
            // Version 0 (a half-made schema) may have no stats table, and no cluster ran on it.
            if found > 0 {
                let now = Clock.nowMilliseconds()
                running = try connection.query("SELECT body FROM qctl.stats").compactMap { ClusterStat(encoded: $0.bytes(0)) }
                    .filter { !$0.isLost(now: now) }.map { "\($0.cluster) \($0.name)" }
                guard running.isEmpty else { return found }
            }
            for step in (found + 1)...PostgreSQLSchema.version { try connection.run(PostgreSQLSchema.upgrade(to: step)) }
            try connection.query("UPDATE qctl.meta SET value = $1 WHERE key = 'schema'", [.int64(Int64(PostgreSQLSchema.version))])
            return found
        }
        if found == -1 { throw .noSchema(server: server) }
        if !running.isEmpty { throw .upgradeWaitsForClusters(path: server, clusters: running) }
        if let found, found > PostgreSQLSchema.version {
            throw .incompatibleSchema(path: server, found: found, supported: PostgreSQLSchema.version)
        }
        if let found, !upgrading, found < PostgreSQLSchema.version {
            throw .schemaUpgradeNeeded(location: server, found: found, supported: PostgreSQLSchema.version)
        }
        let upgraded = upgrading && (found ?? PostgreSQLSchema.version) < PostgreSQLSchema.version
        return BrokerSetup(location: server, kind: "PostgreSQL", created: found == nil, upgradedFrom: upgraded ? found : nil,
                           version: upgrading ? PostgreSQLSchema.version : found ?? PostgreSQLSchema.version)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    public func releaseIdleMemory() {}

    /// Drops the schema and everything in it (for ``BrokerConnector/removeBenchBroker(configuration:)``).
    func dropSchema() throws(BrokerError) {
        try withConnection { connection throws(PGError) in try connection.run("DROP SCHEMA IF EXISTS qctl CASCADE") }
    }

    // MARK: Connections and transactions

    /// Runs `body` on the connection (connecting first when there is none or it was lost),
    /// outside any transaction: for reads that need one statement.
    func withConnection<T>(_ body: (PGConnection) throws(PGError) -> T) throws(BrokerError) -> T {
        try run(inTransaction: false, body)
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it
    /// throws. A deadlock or serialization failure runs it again (three runs at most).
    func transaction<T>(_ body: (PGConnection) throws(PGError) -> T) throws(BrokerError) -> T {
        try run(inTransaction: true, body)
    }

    /// Runs `body` on the connection without checking a deferred schema check first: for a
    /// statement that checks the schema itself.
    func withConnectionUnchecked<T>(_ body: (PGConnection) throws(PGError) -> T) throws(BrokerError) -> T {
        try run(inTransaction: false, checkingSchema: false, body)
    }

    /// Runs the deferred schema check, if one is pending; with `checked`, a statement checked it
    /// already. A failed check stays pending.
    func settlePendingSchemaCheck(checked: Bool = false) throws(BrokerError) {
        pthread_mutex_lock(lock)
        let pending = pendingSchemaCheck
        pendingSchemaCheck = nil
        pthread_mutex_unlock(lock)
        guard let creatingIfMissing = pending, !checked else { return }
        do throws(BrokerError) {
            try checkSchema(creatingIfMissing: creatingIfMissing)
        } catch {
            pthread_mutex_lock(lock)
            pendingSchemaCheck = creatingIfMissing
            pthread_mutex_unlock(lock)
            throw error
        }
    }

    private func run<T>(inTransaction: Bool, checkingSchema: Bool = true, _ body: (PGConnection) throws(PGError) -> T) throws(BrokerError) -> T {
        if checkingSchema { try settlePendingSchemaCheck() }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return try runLocked(inTransaction: inTransaction, body)
    }

    private func runLocked<T>(inTransaction: Bool, _ body: (PGConnection) throws(PGError) -> T) throws(BrokerError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do throws(PGError) {
                let connection = try openConnection()
                if inTransaction { try connection.run("BEGIN") }
                do throws(PGError) {
                    let value = try body(connection)
                    if inTransaction { try connection.run("COMMIT") }
                    return value
                } catch {
                    if inTransaction, connection.isOpen { try? connection.run("ROLLBACK") }
                    throw error
                }
            } catch {
                if error.connectionLost { connection = nil }
                if error.isRetryable, attempt < 3 { continue }
                throw Self.map(error, server: server)
            }
        }
    }

    private func openConnection() throws(PGError) -> PGConnection {
        if let connection, connection.isOpen { return connection }
        let fresh = try PGConnection(url: url, defaults: defaults)
        connection = fresh
        return fresh
    }

    /// The user-facing error for a libpq or server failure.
    static func map(_ error: PGError, server: String) -> BrokerError {
        let reason = error.message
        guard let state = error.sqlState else {
            // A failed connect carries no SQLSTATE: its message tells a bad setting (libpq's own
            // check, in English as qctl keeps the C locale) or a refusal from an outage.
            let badSettings = ["invalid integer value \"", "invalid port number", "could not match ", "SSL support is not compiled in"]
            if badSettings.contains(where: { reason.contains($0) }) || (reason.hasPrefix("invalid ") && reason.contains(" value: \"")) {
                return .badConnectionSetting(server: server, reason: reason)
            }
            let refusals = ["authentication failed", "does not exist", "no pg_hba.conf entry", "permission denied", "no password supplied",
                            "certificate"]
            return refusals.contains(where: { reason.contains($0) })
                ? .serverRefused(server: server, reason: reason) : .serverUnavailable(server: server, reason: reason)
        }
        if state.hasPrefix("08") || state.hasPrefix("57") { return .serverUnavailable(server: server, reason: reason) }
        // Authorization (28), a missing database (3D000), a missing privilege (42501).
        if state.hasPrefix("28") || state == "3D000" || state == "42501" { return .serverRefused(server: server, reason: reason) }
        if state == "53100" { return .diskFull(path: server) }
        return .serverFailed(server: server, reason: reason)
    }

    // MARK: Counters

    /// Applies counter changes in name order (see the type's documentation); values never go below 0.
    func apply(_ changes: CounterChanges, _ connection: PGConnection) throws(PGError) {
        let totals = changes.totals.filter { $0.delta != 0 }.sorted { $0.name < $1.name }
        guard !totals.isEmpty else { return }
        try connection.query(Statements.addCounters, [.textArray(totals.map(\.name)), .int64Array(totals.map { Int64($0.delta) })])
    }

    /// A counter's value; 0 when it was never written.
    func counter(_ name: String, _ connection: PGConnection) throws(PGError) -> Int {
        Int(try connection.query(Statements.counter, [.text(name)]).first?.int(0) ?? 0)
    }

    // MARK: Encodings

    /// A new task's signed message: its encoding followed by the signature.
    func signed(_ message: TaskMessage) -> [UInt8] {
        var writer = BinaryWriter(capacity: message.encodedCapacity + MessageSigner.signatureLength)
        message.encode(into: &writer)
        signer.signTail(of: &writer, from: 0)
        return writer.bytes
    }

    /// A message for display and bookkeeping, verified or not; a stub with only the id when unreadable.
    func displayMessage(_ signed: [UInt8], id: TaskID, cluster: String) -> TaskMessage {
        if let message = TaskMessage(encoded: MessageSigner.unverifiedBody(signed)), message.id == id { return message }
        return TaskMessage(id: id, cluster: cluster, command: ["<unreadable>"], enqueuedAtMilliseconds: 0)
    }
}
