import ArgumentParser

struct BrokerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Create or upgrade the broker's schema (the LMDB file, or the PostgreSQL tables of broker.url).",
        discussion: """
        qctl enqueue, qctl schedule add and qctl start create a missing broker themselves; \
        'qctl broker init' does it alone, for a database where the account that runs clusters \
        may not create tables. A PostgreSQL broker whose schema is older than this qctl's is \
        not upgraded in passing, since hosts may run different versions: once every host runs \
        this qctl, 'qctl broker upgrade' does it. It waits (exit 75) while a cluster of the \
        older qctl still runs on the broker: stop the clusters and any qctl web, upgrade, start \
        them again. A schema newer than this qctl's is refused (exit 65).

        EXAMPLES:
          QCTL_BROKER_URL=postgresql://admin@db.internal/queue qctl broker init
          qctl broker upgrade --json
        """,
        subcommands: [BrokerInitCommand.self, BrokerUpgradeCommand.self]
    )
}
