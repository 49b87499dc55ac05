import ArgumentParser
import FoundationEssentials
import Glibc
import QCluster
import QClusterBench

/// The `qctl` command: Django Q's cluster for the shell.
struct Qctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qctl",
        abstract: "A task queue for the command line: Django Q's cluster, with an LMDB file as the broker.",
        discussion: """
        qctl queues commands in a local LMDB broker and runs them in clusters of worker processes \
        defined in qcluster.yaml: Django Q's cluster (sentinel, pusher, workers, monitor) without \
        Python or Redis.

        EXAMPLES:
          qctl start                                   # run the default cluster
          qctl start --name long                       # run the 'long' cluster of alt_clusters
          qctl enqueue -- convert in.png -resize 50% out.png
          qctl enqueue --cluster long --group nightly -- ./report.sh
          qctl result hamper-ten-hotel-finch --wait 30s
          qctl tasks --failed
          qctl stats
          qctl info
          qctl web                                     # a dashboard at http://127.0.0.1:8080

        FILES:
          ./qcluster.yaml         the configuration (see qcluster.yaml(5))
          .qctl/broker.lmdb       the broker (broker.path), with broker.lmdb-lock beside it
          .qctl/broker.lmdb.key   the generated secret key, when secret_key is not set
          .qctl/broker.lmdb.wake/ wake-up sockets of running clusters
          .qctl/broker.lmdb.output/ what running tasks print (qctl output), while they run
          .qctl/broker.lmdb.web-token  qctl web's generated token, when web.token is not set

        ENVIRONMENT:
          QCTL_CONFIG       the configuration file, when --config is not given
          Q_CLUSTER_NAME    the cluster qctl start runs, when --name is not given
          QCTL_SECRET_KEY   read by the example qcluster.yaml as secret_key: ${QCTL_SECRET_KEY}

        EXIT STATUS:
          0 success, 1 the task failed (qctl result) or qctl start killed its cluster after a \
        second signal, 64 usage error, 65 bad data, \
        69 broker unavailable (or none yet, for a command that does not add work), \
        74 I/O error, 75 not finished yet (--wait ran out) or the broker's upgrade waits \
        for a cluster of an older qctl, 78 bad configuration, 130 interrupted (qctl \
        bench, after cleaning up), 137 qctl start killed at a third signal.
        """,
        version: QClusterVersion.string,
        subcommands: [
            StartCommand.self, EnqueueCommand.self, ResultCommand.self, TasksCommand.self, StatsCommand.self, MonitorCommand.self, ScheduleCommand.self,
            OutputCommand.self, CancelCommand.self, KillCommand.self, RerunCommand.self, PauseCommand.self, ResumeCommand.self,
            InfoCommand.self, PurgeCommand.self, GroupCommand.self, ConfigCommand.self, BrokerCommand.self, WebCommand.self, BenchCommand.self,
            ClusterProcessCommand.self,
        ]
    )
}

@main
enum QctlMain {
    static func main() {
        // `qctl bench` times a qctl that exits here: the start-up (and exit) under every command.
        if CommandLine.arguments.count == 2, CommandLine.arguments[1] == Benchmark.startupProbeArgument { ProcessExit.now(0) }
        // A cluster's own processes (`qctl cluster-process ROLE`, started by the sentinel, never
        // by hand) skip ArgumentParser: building its model of every subcommand is most of a
        // process's start-up instructions, paid again by each worker that is recycled.
        if CommandLine.arguments.count == 3, CommandLine.arguments[1] == ClusterProcessRunner.subcommand {
            ProcessExit.now(ClusterProcessRunner.run(role: CommandLine.arguments[2]))
        }
        if let position = ArgumentEncoding.firstInvalid() {
            Terminal.fail(CommandExit(exitStatus: .usage,
                                      description: "argument \(position) is not valid UTF-8; qctl takes text only (a task would get other bytes than those given)"))
        }
        do {
            if let shortcut = EnqueueShortcut(arguments: Array(CommandLine.arguments.dropFirst())) {
                try shortcut.run()
                ProcessExit.now(0)
            }
            var command = try parse(Array(CommandLine.arguments.dropFirst()))
            try command.run()
            ProcessExit.now(0)
        } catch let error as UserFacingError {
            Terminal.fail(error)
        } catch {
            Terminal.failUsage(error)
        }
    }

    /// The command `arguments` give, parsed by ArgumentParser but for the task's words after `--`
    /// (see ``TrailingCommandWords``).
    static func parse(_ arguments: [String]) throws -> ParsableCommand {
        let takesCommand = arguments.first == "enqueue" || arguments.starts(with: ["schedule", "add"])
        guard takesCommand, let terminator = arguments.firstIndex(of: "--") else { return try Qctl.parseAsRoot(arguments) }
        guard var command = try Qctl.parseAsRoot(Array(arguments[...terminator])) as? any TrailingCommandWords else {
            return try Qctl.parseAsRoot(arguments)
        }
        command.appendTrailing(Array(arguments[(terminator + 1)...]))
        return command
    }
}
