import FoundationEssentials
import Glibc
import QCluster

/// Values offered by shell completion, read from the configuration at completion time.
/// These run inside the user's shell on every TAB: they must be fast and print nothing else.
enum CompletionProvider {
    @Sendable static func clusterNames(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        ((try? configuration(arguments).clusterNames) ?? ["default"]).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func taskNames(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        ((try? configuration(arguments).tasks.keys.sorted()) ?? []).filter { $0.hasPrefix(prefix) }
    }

    /// Schedule names from the broker; never creates a broker that does not exist.
    @Sendable static func scheduleNames(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let configuration = try? configuration(arguments),
              let broker = try? BrokerConnector.open(configuration: configuration, creatingIfMissing: false),
              let schedules = try? broker.schedules() else { return [] }
        return schedules.map(\.schedule.name).filter { $0.hasPrefix(prefix) }
    }

    /// Names of queued tasks (for `qctl cancel`).
    @Sendable static func queuedTaskNames(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        brokerTaskNames(arguments, prefix) { broker in try broker.queuedTasks(cluster: nil, group: nil, limit: 200).map(\.message.name) }
    }

    /// Names of leased tasks (for `qctl kill` and `qctl output`).
    @Sendable static func runningTaskNames(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        brokerTaskNames(arguments, prefix) { broker in try broker.leasedTasks(cluster: nil, group: nil, limit: 200).map(\.message.name) }
    }

    /// Names of the newest finished tasks (for `qctl rerun` and `qctl result`).
    @Sendable static func finishedTaskNames(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        brokerTaskNames(arguments, prefix) { broker in try broker.results(ResultFilter(limit: 200)).map(\.message.name) }
    }

    /// Task names from the broker; never creates a broker that does not exist.
    private static func brokerTaskNames(_ arguments: [String], _ prefix: String, _ list: (any Broker) throws -> [String]) -> [String] {
        guard let configuration = try? configuration(arguments),
              let broker = try? BrokerConnector.open(configuration: configuration, creatingIfMissing: false),
              let names = try? list(broker) else { return [] }
        var seen = Set<String>()
        return names.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }

    /// The configuration named by a `--config` among the words typed so far, else the usual lookup.
    private static func configuration(_ arguments: [String]) throws -> Configuration {
        var explicit: String?
        for (index, word) in arguments.enumerated() {
            if word == "--config", index + 1 < arguments.count { explicit = arguments[index + 1] }
            if word.hasPrefix("--config=") { explicit = String(word.dropFirst("--config=".count)) }
        }
        return try ConfigLoader().load(explicitPath: explicit)
    }
}
