import ArgumentParser
import QCluster

struct BrokerInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the broker when it is missing; say what is there.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let setup = try BrokerConnector.setUp(configuration: try global.loadConfiguration(), upgrading: false)
        BrokerSetupOutput.print(setup, json: json)
    }
}

struct BrokerUpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade", abstract: "Bring an existing broker's schema to this qctl's version (exit 69 when there is none).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let setup = try BrokerConnector.setUp(configuration: try global.loadConfiguration(), upgrading: true)
        BrokerSetupOutput.print(setup, json: json)
    }
}

/// What both broker commands print.
enum BrokerSetupOutput {
    static func print(_ setup: BrokerSetup, json: Bool) {
        if json {
            Terminal.print(JSONValue.object([
                ("broker", .string(setup.location)), ("kind", .string(setup.kind)), ("created", .bool(setup.created)),
                ("upgraded_from", setup.upgradedFrom.map { .int($0) } ?? .null), ("schema", .int(setup.version)),
            ]).rendered())
        } else if setup.created {
            Terminal.print("\(setup.location): created a \(setup.kind) broker, schema \(setup.version)")
        } else if let from = setup.upgradedFrom {
            Terminal.print("\(setup.location): upgraded the \(setup.kind) broker's schema from \(from) to \(setup.version)")
        } else {
            Terminal.print("\(setup.location): \(setup.kind) broker, schema \(setup.version) (nothing to do)")
        }
    }
}
