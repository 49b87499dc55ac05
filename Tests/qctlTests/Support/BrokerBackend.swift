import Foundation
import QCluster
import Synchronization
import Testing

/// The stores that stand behind ``Broker``: the broker contract tests run against each.
enum BrokerBackend: CaseIterable, CustomTestStringConvertible, Sendable {
    /// The LMDB file at `broker.path`, in a temporary folder.
    case lmdb
    /// A database of the tests' own PostgreSQL server (``TestPostgres``), named by `broker.url`.
    case postgreSQL

    var testDescription: String {
        switch self {
        case .lmdb: return "LMDB"
        case .postgreSQL: return "PostgreSQL"
        }
    }

    /// Runs `body` with a new, empty store of this kind and a broker opened on it; removes the
    /// store (folder or database) afterwards, however `body` ends.
    func withStore<T>(_ body: (BrokerStore) throws -> T) throws -> T {
        let store = try BrokerStore(backend: self)
        defer { store.remove() }
        return try body(store)
    }
}

/// One empty store of a ``BrokerBackend`` and the brokers opened on it, each through
/// ``BrokerConnector/open(configuration:creatingIfMissing:)`` as qctl opens them.
final class BrokerStore: Sendable {
    /// The key ``broker`` signs with.
    static let secretKey = "contract-tests-first-secret-key-0123456789"
    /// A key of another installation: what it signs, ``broker`` must refuse, and the other way round.
    static let otherSecretKey = "contract-tests-other-secret-key-9876543210"

    let backend: BrokerBackend
    /// The first broker on the store, signing with ``secretKey``.
    let broker: any Broker
    private let location: Location

    private enum Location {
        /// The LMDB broker's folder, holding `broker.lmdb` and its wake-up folder.
        case folder(String)
        case database(TestDatabase)
    }

    fileprivate init(backend: BrokerBackend) throws {
        self.backend = backend
        switch backend {
        case .lmdb:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-contract-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            location = .folder(folder)
        case .postgreSQL:
            location = .database(try TestPostgres.shared().createDatabase())
        }
        do {
            broker = try Self.open(location, secretKey: Self.secretKey)
        } catch {
            Self.remove(location)
            throw error
        }
    }

    /// Another broker on the same store, as another cluster or another machine opens it: with
    /// ``secretKey`` it shares the first's key, with ``otherSecretKey`` it is of another installation.
    func open(secretKey: String = BrokerStore.secretKey) throws -> any Broker {
        try Self.open(location, secretKey: secretKey)
    }

    private static func open(_ location: Location, secretKey: String) throws -> any Broker {
        var configuration: Configuration
        switch location {
        case let .folder(folder):
            configuration = Configuration(directory: folder)
            configuration.brokerPath = folder + "/broker.lmdb"
            configuration.mapSize = 1 << 26  // grows on demand; every test's environment stays mapped until the process ends
        case let .database(database):
            configuration = Configuration(directory: "/")
            configuration.brokerURL = database.socketURL
            // With broker.url set, broker.path is not used. A file stands where its folder would
            // be, so a connector that opened an LMDB file instead fails and creates nothing.
            configuration.brokerPath = unusableFolder + "/broker.lmdb"
        }
        configuration.secretKey = secretKey
        do {
            return try BrokerConnector.open(configuration: configuration)
        } catch {
            if case let .cannotCreateFolder(path, _) = error, path == unusableFolder {
                throw TestPostgresError(description: "BrokerConnector.open did not open the PostgreSQL broker of broker.url (\(configuration.brokerURL ?? "")): it went to the LMDB file at broker.path")
            }
            throw error
        }
    }

    /// A file, where no folder can be made.
    private static let unusableFolder = "/dev/null"

    /// Removes the store: the folder, or the database with the sessions still connected to it.
    fileprivate func remove() {
        Self.remove(location)
    }

    private static func remove(_ location: Location) {
        switch location {
        case let .folder(folder): try? FileManager.default.removeItem(atPath: folder)
        case let .database(database): try? database.drop()
        }
    }
}

/// A value several threads change, under a lock.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<T: Sendable, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        try mutex.withLock { (value: inout Value) throws(E) -> T in try body(&value) }
    }

    var value: Value { mutex.withLock { $0 } }
}

/// Runs `body(0)` … `body(count - 1)` each on a thread of its own, released together so that
/// they overlap; returns when all have ended, throwing the first error any of them threw.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let started = DispatchSemaphore(value: 0), go = DispatchSemaphore(value: 0)
    let group = DispatchGroup()
    let errors = Locked<[any Error]>([])
    for index in 0..<count {
        group.enter()
        Thread {
            started.signal()
            go.wait()
            do { try body(index) } catch { errors.withLock { $0.append(error) } }
            group.leave()
        }.start()
    }
    for _ in 0..<count { started.wait() }
    for _ in 0..<count { go.signal() }
    group.wait()
    if let error = errors.value.first { throw error }
}
