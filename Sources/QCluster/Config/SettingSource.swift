/// Where a resolved setting came from, as `qctl config show` reports it.
public enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    /// qctl's built-in default.
    case builtIn
    /// Computed from other settings (`queue_limit` = workers², `retry` = timeout + 30s).
    case derived(String)
    /// The `cluster` section of the file, at a line.
    case cluster(line: Int)
    /// `alt_clusters.NAME`, at a line.
    case altCluster(name: String, line: Int)
    /// Either of the above, with the value taken from an environment variable.
    indirect case environment(variable: String, within: SettingSource)
    /// A command-line option such as `--workers`.
    case commandLine(String)

    public var description: String {
        switch self {
        case .builtIn: return "default"
        case let .derived(rule): return "default (\(rule))"
        case let .cluster(line): return "cluster (line \(line))"
        case let .altCluster(name, line): return "alt_clusters.\(name) (line \(line))"
        case let .environment(variable, within): return "env \(variable) via \(within)"
        case let .commandLine(option): return "command line \(option)"
        }
    }
}
