import FoundationEssentials
import Glibc

/// Everything `qcluster.yaml` says, validated: the broker, the key, the clusters and the named tasks.
public struct Configuration: Sendable {
    /// The file it was read from, or nil for the built-in defaults.
    public var file: String?
    /// The broker's LMDB file, absolute.
    public var brokerPath: String
    /// The broker's initial map size in bytes.
    public var mapSize: Int = 1 << 30
    /// The PostgreSQL broker's connection string (`$QCTL_BROKER_URL`, else `broker.url`); nil:
    /// the LMDB file at ``brokerPath``.
    public var brokerURL: String?

    /// Where the broker is, as output shows it: its URL without the password, or its file.
    public var brokerLocation: String { brokerURL.map(BrokerURL.redacted) ?? brokerPath }
    /// The signing secret; nil means the generated `<broker>.key`.
    public var secretKey: String?
    /// The token `qctl web` asks every request for (`web.token`); nil: one generated into
    /// ``webTokenPath``.
    public var webToken: String?
    /// Where `qctl web` keeps the token it generated when `web.token` is not set: beside the
    /// broker file (the path `broker.path` gives, also with a PostgreSQL broker).
    public var webTokenPath: String { brokerPath + ".web-token" }
    /// The time zone identifier for schedules; nil means local time.
    public var timeZone: String?
    /// The `cluster` section.
    public var clusterSection = ClusterOverrides()
    /// `alt_clusters`, by name.
    public var altClusters: [String: ClusterOverrides] = [:]
    /// `tasks`, by name.
    public var tasks: [String: NamedTask] = [:]

    /// The default broker location relative to the configuration's folder.
    public static let defaultBrokerPath = ".qctl/broker.lmdb"

    /// The built-in configuration, used when there is no file, with paths relative to `directory`.
    public init(file: String? = nil, directory: String) {
        self.file = file
        self.brokerPath = PathResolver.absolute(Self.defaultBrokerPath, from: directory)
    }

    /// The zone schedules are reckoned in: `timezone`, else local time.
    public var scheduleTimeZone: ZoneRules { timeZone.flatMap(ZoneRules.named) ?? ZoneRules.local() }

    /// The name of the default cluster (`cluster.name`, else `default`).
    public var defaultClusterName: String {
        if case let .string(name)? = clusterSection.entries["name"]?.value { return name }
        return "default"
    }

    /// The default cluster's name followed by the alternative clusters', sorted.
    public var clusterNames: [String] {
        [defaultClusterName] + altClusters.keys.filter { $0 != defaultClusterName }.sorted()
    }

    /// The settings a cluster started as `name` runs with (nil: the default cluster).
    public func settings(for name: String? = nil) throws(ConfigError) -> ClusterSettings {
        var settings = ClusterSettings()
        for key in ClusterSettings.keys { settings.sources[key] = .builtIn }
        settings.sources["workers"] = .derived("CPU count")
        clusterSection.apply(to: &settings) { .cluster(line: $0) }
        let chosen = name ?? settings.name
        let alt = altClusters[chosen]
        alt?.apply(to: &settings) { .altCluster(name: chosen, line: $0) }
        settings.name = chosen
        if chosen != defaultClusterName { settings.sources["name"] = .derived("the name it was started with") }

        let explicit = { (key: String) in clusterSection.entries[key] != nil || alt?.entries[key] != nil }
        if !explicit("queue_limit") { settings.sources["queue_limit"] = .derived("workers²") }
        if !explicit("retry") {
            settings.retryMilliseconds = settings.timeoutMilliseconds + 30_000
            settings.sources["retry"] = .derived("timeout + 30s")
        }
        if settings.retryMilliseconds <= settings.timeoutMilliseconds {
            let location = alt?.entries["retry"]?.location ?? alt?.entries["timeout"]?.location
                ?? clusterSection.entries["retry"]?.location ?? clusterSection.entries["timeout"]?.location
                ?? ConfigLocation(file: file ?? "defaults", line: 0, column: 0)
            throw .retryNotAboveTimeout(
                location, cluster: chosen,
                retry: DurationParser.format(milliseconds: settings.retryMilliseconds),
                timeout: DurationParser.format(milliseconds: settings.timeoutMilliseconds))
        }
        if settings.ackFailures == true, settings.retries > 0 {
            let entry = alt?.entries["retries"] ?? clusterSection.entries["retries"]
            let location = entry?.location ?? ConfigLocation(file: file ?? "defaults", line: 0, column: 0)
            throw .invalidValue(location, key: alt?.entries["retries"] != nil ? "alt_clusters.\(chosen).retries" : "cluster.retries",
                                reason: "asks for \(settings.retries) retries, but ack_failures: true makes every failure final; remove one of them")
        }
        return settings
    }

    /// Resolves every cluster once, so that an error in any of them is found now.
    public func validateAllClusters() throws(ConfigError) {
        for name in clusterNames { _ = try settings(for: name) }
    }
}
