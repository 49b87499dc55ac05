/// The file descriptors a cluster's children get past stdin, stdout and stderr: the sentinel
/// places its socket ends on these numbers when it spawns a child (``placement(for:tasks:results:credits:statuses:)``),
/// and each child opens them by the same names. Socket pairs are (write end, read end).
enum ChildDescriptors {
    /// A worker's: leased tasks in, results to the monitor, status events to the sentinel.
    enum Worker {
        static let tasks: Int32 = 3
        static let results: Int32 = 4
        static let status: Int32 = 5
    }

    /// The pusher's: both ends of the task socket (it puts leased tasks in, and takes back
    /// what no worker took when it stops), status events, and the monitor's credits.
    enum Pusher {
        static let tasks: Int32 = 3
        static let unstarted: Int32 = 4
        static let status: Int32 = 5
        static let credits: Int32 = 6
    }

    /// The monitor's: results in, credits to the pusher, status events, refills onto the task
    /// socket, and the workers' end of that socket, only polled (readable while tasks wait).
    enum Monitor {
        static let results: Int32 = 3
        static let credits: Int32 = 4
        static let status: Int32 = 5
        static let tasks: Int32 = 6
        static let waitingTasks: Int32 = 7
    }

    /// Which socket end goes to which descriptor of a child of `role` (source, target); empty
    /// for the sentinel, which no one spawns this way.
    static func placement(for role: ClusterRole, tasks: (PacketSocket, PacketSocket), results: (PacketSocket, PacketSocket),
                          credits: (PacketSocket, PacketSocket), statuses: (PacketSocket, PacketSocket)) -> [(Int32, Int32)] {
        switch role {
        case .worker:
            return [(tasks.1.fd, Worker.tasks), (results.0.fd, Worker.results), (statuses.0.fd, Worker.status)]
        case .pusher:
            return [(tasks.0.fd, Pusher.tasks), (tasks.1.fd, Pusher.unstarted), (statuses.0.fd, Pusher.status), (credits.1.fd, Pusher.credits)]
        case .monitor:
            return [(results.1.fd, Monitor.results), (credits.0.fd, Monitor.credits), (statuses.0.fd, Monitor.status),
                    (tasks.0.fd, Monitor.tasks), (tasks.1.fd, Monitor.waitingTasks)]
        case .sentinel:
            return []
        }
    }
}
