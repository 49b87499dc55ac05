import ArgumentParser
import FoundationEssentials
import Glibc
import QCluster

/// Options every subcommand that reads the configuration accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).",
        valueName: "path"), completion: .file(extensions: ["yaml", "yml"]))
    var config: String?

    /// The loaded configuration.
    func loadConfiguration() throws(ConfigError) -> Configuration {
        try ConfigLoader().load(explicitPath: config)
    }

    /// The configuration and the broker it names, which must exist: for commands that only read
    /// or change what a broker holds (exit 69 and nothing created when there is none).
    func openExistingBroker() throws -> (Configuration, any Broker) {
        let configuration = try loadConfiguration()
        return (configuration, try BrokerConnector.open(configuration: configuration, creatingIfMissing: false))
    }

    /// The broker `configuration` names, created when missing. Commands that add work check
    /// their input first and open it last, so that input they refuse creates no broker. The
    /// schema is checked with the first call, which for an enqueue of one task is its statement.
    static func broker(of configuration: Configuration) throws -> any Broker {
        try BrokerConnector.open(configuration: configuration, creatingIfMissing: true, deferringSchemaCheck: true)
    }
}
