import FoundationEssentials
import Glibc

/// The resolved settings of one cluster: Django Q's Q_CLUSTER keys, after the `cluster` section
/// and `alt_clusters.NAME` have been laid over the defaults.
public struct ClusterSettings: Sendable {
    /// The cluster's name, which is also the name of the queue it serves.
    public var name: String = "default"
    /// Worker processes; unless set, the CPUs this process may use, read when first asked for:
    /// a command that starts no cluster (`qctl enqueue`) skips reading the cgroup files.
    public var workers: Int {
        get { configuredWorkers ?? ProcessorCount.available }
        set { configuredWorkers = newValue }
    }
    private var configuredWorkers: Int?
    /// How long a task may run before its process group is killed.
    public var timeoutMilliseconds: Int64 = 60_000
    /// How long a lease lasts before an unacknowledged task is delivered again.
    public var retryMilliseconds: Int64 = 90_000
    /// Deliveries before a task is given up, those lost with a dying worker or cluster
    /// included; 0 means no limit. A task's retries raise it for that task.
    public var maxAttempts: Int = 3
    /// Django Q's `ack_failures`, when the configuration sets it: true, a failure is final;
    /// false, a failure runs again until max_attempts (unless `retries` says otherwise).
    public var ackFailures: Bool?
    /// How many times a failed task (non-zero exit, signal, timeout) runs again, unless the
    /// task sets its own; ``unlimitedRetries`` for no end. Unless set: 0, or with
    /// `ack_failures: false`, until max_attempts.
    public var retries: Int {
        get {
            if let configuredRetries { return configuredRetries }
            guard ackFailures == false else { return 0 }
            return maxAttempts == 0 ? Self.unlimitedRetries : maxAttempts - 1
        }
        set { configuredRetries = newValue }
    }
    private var configuredRetries: Int?
    /// ``retries`` that never end (Django Q's `ack_failures: false` with `max_attempts: 0`).
    public static let unlimitedRetries = Int.max
    /// The wait before the first retry of a failed task; it doubles for each further one.
    public var retryBackoffMilliseconds: Int64 = 10_000
    /// The longest wait between two retries.
    public var retryBackoffMaxMilliseconds: Int64 = 600_000
    /// Tasks leased and not yet recorded, at most; unless set, workers² (Django Q's default),
    /// which the cluster deepens for short tasks up to ``adaptiveQueueLimitCeiling`` (QueueDepth).
    public var queueLimit: Int {
        get { configuredQueueLimit ?? workers * workers }
        set { configuredQueueLimit = newValue }
    }
    private var configuredQueueLimit: Int?
    /// Whether the queue's depth follows the pace of the work (queue_limit not set).
    public var queueLimitAdapts: Bool { configuredQueueLimit == nil }
    /// The deepest an unset queue_limit goes: 32 tasks per worker, what the drain of very
    /// short tasks needs for its commits to carry many tasks each (docs/performance.md).
    public var adaptiveQueueLimitCeiling: Int { max(queueLimit, 32 * workers) }
    /// Tasks a worker runs before it is replaced.
    public var recycle: Int = 500
    /// Resident memory in KiB above which a worker is replaced after its task; 0 is off.
    public var maxRSSKiB: Int = 0
    /// Successful results kept: 0 keeps all, -1 keeps none. Failures are always kept.
    public var saveLimit: Int = 250
    /// CPUs each worker is pinned to; 0 is off.
    public var cpuAffinity: Int = 0
    /// Run schedule occurrences missed while no cluster was running.
    public var catchUp: Bool = true
    /// Time between two health checks of the sentinel.
    public var guardCycleMilliseconds: Int64 = 500
    /// Whether this cluster fires schedules.
    public var scheduler: Bool = true

    /// Where each value came from, by configuration key.
    public var sources: [String: SettingSource] = [:]

    public init() {}

    /// The keys of a cluster section, in documentation order.
    public static let keys = [
        "name", "workers", "timeout", "retry", "retries", "retry_backoff", "retry_backoff_max", "max_attempts", "ack_failures",
        "queue_limit", "recycle",
        "max_rss", "save_limit", "cpu_affinity", "catch_up", "guard_cycle", "scheduler",
    ]

    /// The value of `key` as the configuration file would spell it.
    public func formattedValue(of key: String) -> String {
        switch key {
        case "name": return name
        case "workers": return String(workers)
        case "timeout": return DurationParser.format(milliseconds: timeoutMilliseconds)
        case "retry": return DurationParser.format(milliseconds: retryMilliseconds)
        case "retries": return retries == Self.unlimitedRetries ? "unlimited" : String(retries)
        case "retry_backoff": return DurationParser.format(milliseconds: retryBackoffMilliseconds)
        case "retry_backoff_max": return DurationParser.format(milliseconds: retryBackoffMaxMilliseconds)
        case "max_attempts": return String(maxAttempts)
        case "ack_failures": return ackFailures.map(String.init) ?? "unset"
        case "queue_limit": return queueLimitAdapts ? "\(queueLimit) to \(adaptiveQueueLimitCeiling)" : String(queueLimit)
        case "recycle": return String(recycle)
        case "max_rss": return String(maxRSSKiB)
        case "save_limit": return String(saveLimit)
        case "cpu_affinity": return String(cpuAffinity)
        case "catch_up": return String(catchUp)
        case "guard_cycle": return DurationParser.format(milliseconds: guardCycleMilliseconds)
        case "scheduler": return String(scheduler)
        default: return ""
        }
    }

    /// The value of `key` for JSON output: numbers as numbers (durations in seconds), booleans as booleans.
    public func jsonValue(of key: String) -> JSONValue {
        switch key {
        case "name": return .string(name)
        case "workers": return .int(workers)
        case "timeout": return .double(Double(timeoutMilliseconds) / 1000)
        case "retry": return .double(Double(retryMilliseconds) / 1000)
        case "retries": return retries == Self.unlimitedRetries ? .string("unlimited") : .int(retries)
        case "retry_backoff": return .double(Double(retryBackoffMilliseconds) / 1000)
        case "retry_backoff_max": return .double(Double(retryBackoffMaxMilliseconds) / 1000)
        case "max_attempts": return .int(maxAttempts)
        case "ack_failures": return ackFailures.map { .bool($0) } ?? .null
        case "queue_limit": return .int(queueLimit)
        case "recycle": return .int(recycle)
        case "max_rss": return .int(maxRSSKiB)
        case "save_limit": return .int(saveLimit)
        case "cpu_affinity": return .int(cpuAffinity)
        case "catch_up": return .bool(catchUp)
        case "guard_cycle": return .double(Double(guardCycleMilliseconds) / 1000)
        case "scheduler": return .bool(scheduler)
        default: return .null
        }
    }
}
