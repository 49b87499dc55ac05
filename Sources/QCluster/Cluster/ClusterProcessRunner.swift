import FoundationEssentials
import Glibc

/// The entry point of cluster processes: `qctl cluster-process ROLE`, started by ``Cluster``
/// (the sentinel) and by the sentinel (everything else). Not for people to run.
public enum ClusterProcessRunner {
    /// The hidden subcommand's name.
    public static let subcommand = "cluster-process"

    /// Runs `role` with what the parent put in the environment; returns the exit status.
    public static func run(role: String) -> Int32 {
        guard let context = ChildEnvironment(environment: ProcessInfo.processInfo.environment) else {
            DescriptorWriter.write("qctl: cluster-process is started by qctl start, not by hand\n", to: STDERR_FILENO)
            return ExitStatus.usage.rawValue
        }
        switch role {
        case ClusterRole.sentinel.name:
            do {
                return try SentinelProcess(context: context, executable: Cluster.executablePath).run()
            } catch {
                context.log.error("the sentinel cannot start: \(error)", event: "error")
                return 1
            }
        case ClusterRole.worker.name: return WorkerProcess(context: context).run()
        case ClusterRole.pusher.name: return PusherProcess(context: context).run()
        case ClusterRole.monitor.name: return MonitorProcess(context: context).run()
        default: return ExitStatus.usage.rawValue
        }
    }
}
