import Glibc

/// Opens the broker a configuration names: the one place that knows which store stands behind
/// ``Broker``: the PostgreSQL database at `broker.url` when there is one, else the LMDB file at
/// `broker.path`.
public enum BrokerConnector {
    /// Opens the broker of `configuration`, signing with its `secret_key`, else the key generated
    /// beside the broker. With `creatingIfMissing` false, a missing broker is
    /// ``BrokerError/noBroker(path:)`` and nothing is created: commands that only read or change
    /// what a broker holds leave no new broker behind a mistyped location. With
    /// `deferringSchemaCheck`, a PostgreSQL broker checks its schema with the first call rather
    /// than on opening (the same errors, a call later), which saves an enqueue a statement.
    public static func open(configuration: Configuration, creatingIfMissing: Bool = true,
                            deferringSchemaCheck: Bool = false) throws(BrokerError) -> any Broker {
        if let url = configuration.brokerURL, let key = configuration.secretKey {
            return try PostgreSQLBroker(url: url, signer: MessageSigner(secret: Array(key.utf8)), creatingIfMissing: creatingIfMissing,
                                        deferringSchemaCheck: deferringSchemaCheck)
        }
        return try LMDBBroker(configuration: configuration, creatingIfMissing: creatingIfMissing)
    }

    /// Opens the broker of `configuration` with a `secret` already read (a cluster's processes
    /// get the key their sentinel read, rather than each reading it again), creating it if
    /// missing; a PostgreSQL broker with the connection settings of a cluster's process.
    static func open(configuration: Configuration, secret: [UInt8]) throws(BrokerError) -> any Broker {
        if let url = configuration.brokerURL {
            return try PostgreSQLBroker(url: url, signer: MessageSigner(secret: secret), creatingIfMissing: true, defaults: .clusterProcess)
        }
        return try LMDBBroker(path: configuration.brokerPath, mapSize: configuration.mapSize, signer: MessageSigner(secret: secret))
    }

    /// Opens the existing broker of `configuration` for a process that keeps it open and must
    /// not create one behind a mistyped location (`qctl web`): a PostgreSQL broker with the
    /// connection settings of a cluster's processes, which notice a vanished server in seconds.
    public static func openLongRunning(configuration: Configuration) throws(BrokerError) -> any Broker {
        if let url = configuration.brokerURL, let key = configuration.secretKey {
            return try PostgreSQLBroker(url: url, signer: MessageSigner(secret: Array(key.utf8)), creatingIfMissing: false, defaults: .clusterProcess)
        }
        return try LMDBBroker(configuration: configuration, creatingIfMissing: false)
    }

    /// Creates the broker `configuration` names when it is missing, or with `upgrading` brings
    /// its schema to this build's version (a PostgreSQL broker is never upgraded in passing, as
    /// hosts may run different versions; an LMDB file is, when opened). A schema newer than
    /// this build's is refused.
    public static func setUp(configuration: Configuration, upgrading: Bool) throws(BrokerError) -> BrokerSetup {
        if let url = configuration.brokerURL, let key = configuration.secretKey {
            return try PostgreSQLBroker(settingUp: url, signer: MessageSigner(secret: Array(key.utf8))).setUpSchema(upgrading: upgrading)
        }
        var info = stat()
        let existed = stat(configuration.brokerPath, &info) == 0
        let broker = try LMDBBroker(configuration: configuration, creatingIfMissing: !upgrading)
        return BrokerSetup(location: configuration.brokerPath, kind: "LMDB", created: !existed, upgradedFrom: broker.upgradedFrom,
                           version: LMDBBroker.schemaVersion)
    }

    /// Scratch storage of the same kind as the broker of `configuration` (in `folder` for
    /// LMDB, in the same database for PostgreSQL), for `qctl bench` to measure the store's own
    /// speed against.
    public static func openBaseline(configuration: Configuration, scratchFolder folder: String) throws -> any StorageBaseline {
        if let url = configuration.brokerURL { return try PostgreSQLBaseline(url: url) }
        return try LMDBBaseline(folder: folder)
    }

    /// Removes a broker `qctl bench` made for itself: a PostgreSQL schema is dropped (an LMDB
    /// file goes with the bench's folder).
    public static func removeBenchBroker(configuration: Configuration) throws(BrokerError) {
        guard let url = configuration.brokerURL, let key = configuration.secretKey else { return }
        try PostgreSQLBroker(settingUp: url, signer: MessageSigner(secret: Array(key.utf8))).dropSchema()
    }
}
