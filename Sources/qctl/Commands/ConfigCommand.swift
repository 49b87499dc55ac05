import ArgumentParser
import QCluster

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check qcluster.yaml or show the settings a cluster resolves to.",
        subcommands: [ConfigCheckCommand.self, ConfigShowCommand.self]
    )
}

struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration; print the first error with its file:line:column and exit 78."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let configuration = try global.loadConfiguration()
        let file = configuration.file ?? "built-in defaults (no qcluster.yaml found)"
        let tasks = configuration.tasks.isEmpty ? "" : "; tasks: " + configuration.tasks.keys.sorted().joined(separator: ", ")
        Terminal.print("\(file): OK (clusters: \(configuration.clusterNames.joined(separator: ", "))\(tasks))")
    }
}

struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the settings of a cluster and where each value comes from.",
        discussion: """
        Sources: default (built in), default (rule) for derived values such as queue_limit = \
        workers², cluster (line N), alt_clusters.NAME (line N), and env VAR for values taken \
        from ${VAR}. The secret key itself is never printed, only where it comes from.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The cluster to resolve (default: the default cluster; Q_CLUSTER_NAME is not read here).", valueName: "name"),
            completion: .custom(CompletionProvider.clusterNames))
    var name: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let configuration = try global.loadConfiguration()
        if let name, !ClusterName.isValid(name) { throw TaskInputError.badClusterName(name) }
        let settings = try configuration.settings(for: name)
        let secretSource = configuration.secretKey != nil ? "secret_key" : "generated file \(SecretKeyStore.keyPath(forBroker: configuration.brokerPath))"
        let zone = configuration.timeZone ?? "local"
        if json {
            let values = JSONValue.object(ClusterSettings.keys.map { ($0, settings.jsonValue(of: $0)) })
            let sources = JSONValue.object(ClusterSettings.keys.map { ($0, .string(settings.sources[$0]?.description ?? "default")) })
            Terminal.print(JSONValue.object([
                ("file", configuration.file.map { .string($0) } ?? .null),
                ("broker", .object([("path", .string(configuration.brokerPath)), ("map_size", .int(configuration.mapSize)),
                                    ("url", configuration.brokerURL.map { .string(BrokerURL.redacted($0)) } ?? .null)])),
                ("secret_key", .string(secretSource)),
                ("timezone", .string(zone)),
                ("cluster", values),
                ("sources", sources),
                ("clusters", .array(configuration.clusterNames.map { .string($0) })),
                ("tasks", .array(configuration.tasks.keys.sorted().map { .string($0) })),
            ]).rendered())
            return
        }
        var table = Table("KEY", "VALUE", "SOURCE")
        table.add("file", configuration.file ?? "(none: built-in defaults)", "")
        table.add("broker.path", configuration.brokerPath, "")
        table.add("broker.map_size", ByteSizeParser.format(bytes: configuration.mapSize), "")
        if let url = configuration.brokerURL { table.add("broker.url", BrokerURL.redacted(url), "the broker (broker.path keeps the output spool)") }
        table.add("secret_key", "(hidden)", secretSource)
        table.add("timezone", zone, "")
        for key in ClusterSettings.keys {
            table.add(key, settings.formattedValue(of: key), settings.sources[key]?.description ?? "default")
        }
        Terminal.print(table.rendered())
    }
}
