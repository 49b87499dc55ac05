import QCluster
import Synchronization

/// The web server's one broker, used by one request at a time: a broker is not shareable
/// between threads (an LMDB handle's transactions, a PostgreSQL connection). A PostgreSQL
/// broker that lost its server is opened again at the next request.
final class BrokerAccess: Sendable {
    private let configuration: Configuration
    private let opened = Mutex<(any Broker)?>(nil)

    init(configuration: Configuration) throws {
        self.configuration = configuration
        let broker = try BrokerConnector.open(configuration: configuration, creatingIfMissing: true)
        opened.withLock { $0 = broker }
    }

    /// Runs `body` with the broker, alone.
    func use<Result: Sendable>(_ body: (any Broker) throws -> Result) throws -> Result {
        try opened.withLock { slot throws -> Result in
            let broker = try slot ?? BrokerConnector.open(configuration: configuration, creatingIfMissing: true)
            slot = broker
            do {
                return try body(broker)
            } catch let error as BrokerError {
                if case .serverUnavailable = error { slot = nil }
                throw error
            }
        }
    }
}
