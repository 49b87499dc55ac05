/// The settings one section (`cluster` or `alt_clusters.NAME`) sets explicitly, with their lines.
public struct ClusterOverrides: Sendable, Equatable {
    /// A value as parsed from the file.
    public enum Value: Sendable, Equatable {
        case int(Int)
        case bool(Bool)
        case milliseconds(Int64)
        case string(String)
    }

    /// One explicit setting.
    public struct Entry: Sendable, Equatable {
        public var value: Value
        public var location: ConfigLocation
        /// The environment variable the value was read from, if any.
        public var environmentVariable: String?
    }

    public var entries: [String: Entry] = [:]

    public init() {}

    /// Lays these entries over `settings`, recording `source` for each.
    func apply(to settings: inout ClusterSettings, source: (Int) -> SettingSource) {
        for (key, entry) in entries {
            var origin = source(entry.location.line)
            if let variable = entry.environmentVariable { origin = .environment(variable: variable, within: origin) }
            settings.sources[key] = origin
            switch (key, entry.value) {
            case let ("name", .string(value)): settings.name = value
            case let ("workers", .int(value)): settings.workers = value
            case let ("timeout", .milliseconds(value)): settings.timeoutMilliseconds = value
            case let ("retry", .milliseconds(value)): settings.retryMilliseconds = value
            case let ("max_attempts", .int(value)): settings.maxAttempts = value
            case let ("retries", .int(value)): settings.retries = value
            case let ("retry_backoff", .milliseconds(value)): settings.retryBackoffMilliseconds = value
            case let ("retry_backoff_max", .milliseconds(value)): settings.retryBackoffMaxMilliseconds = value
            case let ("ack_failures", .bool(value)): settings.ackFailures = value
            case let ("queue_limit", .int(value)): settings.queueLimit = value
            case let ("recycle", .int(value)): settings.recycle = value
            case let ("max_rss", .int(value)): settings.maxRSSKiB = value
            case let ("save_limit", .int(value)): settings.saveLimit = value
            case let ("cpu_affinity", .int(value)): settings.cpuAffinity = value
            case let ("catch_up", .bool(value)): settings.catchUp = value
            case let ("guard_cycle", .milliseconds(value)): settings.guardCycleMilliseconds = value
            case let ("scheduler", .bool(value)): settings.scheduler = value
            default: assertionFailure("unexpected setting \(key)")
            }
        }
    }
}
