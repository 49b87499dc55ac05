import ArgumentParser
import FoundationEssentials
import Glibc
import QCluster

struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Run a cluster in the foreground until Ctrl-C or SIGTERM.",
        discussion: """
        The cluster takes the settings of 'cluster' in qcluster.yaml, overlaid by \
        alt_clusters.NAME when started as NAME, and runs the tasks of the queue of that name. \
        It starts a sentinel, which starts one pusher, one monitor and the workers, each a \
        separate process.

        The first Ctrl-C or SIGTERM stops it in order: the pusher returns tasks no worker \
        started, workers finish their current task, the monitor records every result. A second \
        signal kills it at once; leased tasks are then delivered again after 'retry'.

        If qctl start itself is killed (kill -9), the cluster stops in order all the same: \
        the sentinel logs "qctl start was killed; stopping in order" and qctl stats shows it \
        as Stopping until its running tasks have finished. A cluster started meanwhile runs \
        beside it and never takes the tasks it is still running.

        EXIT STATUS:
          0 after a stop in order; 1 when a second signal killed the cluster instead (or a \
        stop in order ran past its deadlines); 137 when a third signal came while that kill was \
        under way (the cluster's processes then get SIGKILL at once); 64 usage error; 78 bad \
        configuration.

        EXAMPLES:
          qctl start
          qctl start --name long
          Q_CLUSTER_NAME=long qctl start --log-format json
        """
    )

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The cluster to run (default: $Q_CLUSTER_NAME, else the config's cluster.name).", valueName: "name"),
            completion: .custom(CompletionProvider.clusterNames))
    var name: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Override the number of workers.", valueName: "n"))
    var workers: Int?

    @Option(name: .customLong("log-format"), help: "text (Django Q's lines) or json (one object per line, for log shippers).")
    var logFormat: LogFormat = .text

    @Flag(name: .shortAndLong, help: "Log warnings and errors only.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log debugging detail too.")
    var verbose = false

    func validate() throws {
        if let workers, !(1...1024).contains(workers) { throw ValidationError("--workers must be between 1 and 1024: \(workers)") }
        if quiet, verbose { throw ValidationError("give either --quiet or --verbose, not both") }
    }

    func run() throws {
        let configuration = try global.loadConfiguration()
        let environmentName = ProcessInfo.processInfo.environment["Q_CLUSTER_NAME"].flatMap { $0.isEmpty ? nil : $0 }
        let chosen = name ?? environmentName
        if let chosen, !ClusterName.isValid(chosen) { throw TaskInputError.badClusterName(chosen) }
        var settings = try configuration.settings(for: chosen)
        if let workers {
            settings.workers = workers
            settings.sources["workers"] = .commandLine("--workers")  // a derived queue_limit follows
        }
        let log = ClusterLog(format: logFormat == .json ? .json : .text, minimumLevel: quiet ? .warning : (verbose ? .debug : .info))
        ProcessSignals.handleStopSignals()
        let cluster = Cluster(configuration: configuration, settings: settings, log: log)
        try cluster.start()
        var forwarded = 0
        while true {
            if let status = cluster.waitForExit(unlessStopSignalsExceed: forwarded) { throw ExitCode(status) }
            let received = ProcessSignals.stopCount
            while forwarded < received {
                forwarded += 1
                if forwarded <= 2 { cluster.requestStop() } else { cluster.kill() }
            }
        }
    }
}

/// The hidden entry point of the processes a cluster is made of.
struct ClusterProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ClusterProcessRunner.subcommand,
        abstract: "A process of a running cluster (started by qctl start; not for use by hand).",
        shouldDisplay: false
    )

    @Argument(help: "sentinel, pusher, worker or monitor.")
    var role: String

    func run() throws {
        throw ExitCode(ClusterProcessRunner.run(role: role))
    }
}
