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

    /// The configuration and the broker it names.
    func openBroker() throws -> (Configuration, LMDBBroker) {
        try Self.openBroker(config: config)
    }

    /// The configuration at `config` (or found as ``loadConfiguration()`` finds it) and its broker.
    static func openBroker(config: String?) throws -> (Configuration, LMDBBroker) {
        let configuration = try ConfigLoader().load(explicitPath: config)
        return (configuration, try LMDBBroker(configuration: configuration))
    }
}
