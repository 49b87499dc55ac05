import NIOPosix
import QCluster
import Synchronization

/// The web server's one broker, used by one request at a time on a thread of its own: a broker
/// is not shareable between threads (an LMDB handle's transactions, a PostgreSQL connection),
/// and its calls block, so requests wait for it suspended rather than holding the threads
/// every other request runs on. A PostgreSQL broker that lost its server is opened again at a
/// later request, at most every ``reopenPauseMilliseconds``; meanwhile requests get its error.
final class BrokerAccess: Sendable {
    static let reopenPauseMilliseconds: Int64 = 2000

    private struct State {
        var broker: (any Broker)?
        var failure: BrokerError?
        var reopenAt: Int64 = 0
    }

    private let configuration: Configuration
    private let state = Mutex(State())
    private let thread = NIOThreadPool(numberOfThreads: 1)

    /// Opens the broker, which must exist (exit 69 otherwise, as the commands that only read).
    init(configuration: Configuration) throws {
        self.configuration = configuration
        let broker = try BrokerConnector.openLongRunning(configuration: configuration)
        state.withLock { $0.broker = broker }
        thread.start()
    }

    /// Runs `body` with the broker, alone, on the broker's thread.
    func use<Result: Sendable>(_ body: @escaping @Sendable (any Broker) throws -> Result) async throws -> Result {
        try await thread.runIfActive { try self.useHere(body) }
    }

    private func useHere<Result: Sendable>(_ body: (any Broker) throws -> Result) throws -> Result {
        try state.withLock { state throws -> Result in
            let broker: any Broker
            if let open = state.broker {
                broker = open
            } else {
                if let failure = state.failure, Clock.nowMilliseconds() < state.reopenAt { throw failure }
                do throws(BrokerError) {
                    broker = try BrokerConnector.openLongRunning(configuration: configuration)
                } catch {
                    (state.failure, state.reopenAt) = (error, Clock.nowMilliseconds() + Self.reopenPauseMilliseconds)
                    throw error
                }
                (state.broker, state.failure) = (broker, nil)
            }
            do {
                return try body(broker)
            } catch let error as BrokerError {
                if case .serverUnavailable = error {
                    (state.broker, state.failure, state.reopenAt) = (nil, error, Clock.nowMilliseconds() + Self.reopenPauseMilliseconds)
                }
                throw error
            }
        }
    }
}
