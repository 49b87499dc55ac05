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

    /// The configuration and the broker it names, created when missing: for commands that add work.
    func openBroker() throws -> (Configuration, LMDBBroker) {
        try Self.openBroker(config: config)
    }

    /// The configuration and the broker it names, which must exist: for commands that only read
    /// or change what a broker holds (exit 69 and nothing created when there is none).
    func openExistingBroker() throws -> (Configuration, LMDBBroker) {
        try Self.openBroker(config: config, creatingIfMissing: false)
    }

    /// The configuration at `config` (or found as ``loadConfiguration()`` finds it) and its broker.
    static func openBroker(config: String?, creatingIfMissing: Bool = true) throws -> (Configuration, LMDBBroker) {
        let configuration = try ConfigLoader().load(explicitPath: config)
        return (configuration, try LMDBBroker(configuration: configuration, creatingIfMissing: creatingIfMissing))
    }
}
