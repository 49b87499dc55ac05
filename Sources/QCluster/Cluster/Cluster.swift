import CSpawn
import FoundationEssentials
import Glibc

/// A cluster, as Django Q's `Cluster` class: ``start()`` spawns the sentinel (which starts the
/// pusher, the monitor and the workers) and returns; ``stop()`` runs the stop procedure and
/// waits; ``stat()`` reads what the sentinel publishes.
public final class Cluster {
    /// The cluster's id; its four-word ``name`` appears in the log.
    public let id = TaskID()
    public let settings: ClusterSettings
    public let configuration: Configuration
    public let log: ClusterLog
    /// The sentinel's process id, once started.
    public private(set) var pid: pid_t?
    /// The host it runs on.
    public let host = ProcessInfo.processInfo.hostName
    private var exitStatus: Int32?
    /// A pidfd of the sentinel, readable once it exits (-1 without pidfd_open).
    private var exitFD: Int32 = -1
    private var broker: (any Broker)?

    /// The path of this executable, which every cluster process runs.
    public static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The program the sentinel runs: qctl itself unless given (tests embedding the library pass the qctl binary).
    public let executable: String

    public init(configuration: Configuration, settings: ClusterSettings, log: ClusterLog = ClusterLog(), executable: String? = nil) {
        self.configuration = configuration
        self.settings = settings
        self.log = log
        self.executable = executable ?? Self.executablePath
    }

    /// The humanized cluster name (`freddie-uncle-twenty-ten`).
    public var name: String { id.humanName }
    /// The task timeout in milliseconds.
    public var timeout: Int64 { settings.timeoutMilliseconds }

    /// Spawns the sentinel and returns.
    public func start() throws {
        precondition(pid == nil, "a Cluster starts once")
        let broker = try BrokerConnector.open(configuration: configuration)
        self.broker = broker
        let secret = try SecretKeyStore.secret(configured: configuration.secretKey, brokerPath: configuration.brokerPath)
        log.info("Q Cluster \(name) starting.", event: "starting", fields: [("cluster", .string(settings.name)), ("id", .string(id.hex))])
        if settings.retries == ClusterSettings.unlimitedRetries {
            // Django Q's behaviour, asked for in its words: say plainly what it means.
            log.warning("cluster '\(settings.name)' retries a failed task forever (ack_failures: false with max_attempts: 0); "
                        + "set retries or max_attempts to end failures", event: "retries_unlimited")
        }
        var context = ChildEnvironment(brokerPath: configuration.brokerPath, mapSize: configuration.mapSize, secret: secret,
                                       settings: settings, clusterID: id, log: log)
        context.brokerURL = configuration.brokerURL
        context.timeZone = configuration.timeZone ?? ""
        var options = ProcessSpawner.Options(arguments: [executable, ClusterProcessRunner.subcommand, ClusterRole.sentinel.name],
                                             environment: context.childEnvironment(index: 0))
        // Its own process group: a Ctrl-C in the terminal reaches this process only, which then
        // asks the sentinel to stop in order. If this process dies, the sentinel stops too.
        options.newProcessGroup = true
        options.parentDeathSignal = SIGTERM
        options.fileDescriptors = [(0, 0), (1, 1), (2, 2)]
        let pid = try ProcessSpawner.spawn(options)
        self.pid = pid
        exitFD = qctl_pidfd_open(pid)
    }

    deinit {
        if exitFD >= 0 { close(exitFD) }
    }

    /// Waits until the sentinel exits (returns its status) or a stop signal arrives after the
    /// first `seenStopSignals` (returns nil), sleeping until then: `qctl start` waits here.
    public func waitForExit(unlessStopSignalsExceed seenStopSignals: Int) -> Int32? {
        while ProcessSignals.stopCount <= seenStopSignals {
            if let status = poll(timeoutMilliseconds: 0) { return status }
            guard exitFD >= 0 else {
                // No pidfd (a kernel before 5.3): look every 100 ms.
                if let status = poll(timeoutMilliseconds: 100) { return status }
                continue
            }
            _ = ProcessSignals.waitReadable(exitFD, unlessStopCountExceeds: seenStopSignals)
        }
        return poll(timeoutMilliseconds: 0)
    }

    /// Asks the sentinel to stop (finish running tasks, return unstarted ones, record results)
    /// and waits for it; returns its exit status (0 after a clean stop).
    @discardableResult
    public func stop() -> Int32 {
        requestStop()
        return wait()
    }

    /// Asks the sentinel to stop and waits up to `timeoutMilliseconds` for it; past that, kills
    /// the cluster's whole process group.
    public func stop(killingAfter timeoutMilliseconds: Int32) {
        requestStop()
        if poll(timeoutMilliseconds: timeoutMilliseconds) == nil { kill() }
    }

    /// Asks the sentinel to stop without waiting; a second call kills the cluster at once.
    public func requestStop() {
        guard let pid, exitStatus == nil else { return }
        Glibc.kill(pid, SIGTERM)
    }

    /// Kills the sentinel's whole process group (the last resort).
    public func kill() {
        guard let pid, exitStatus == nil else { return }
        Glibc.kill(-pid, SIGKILL)
    }

    /// Waits for the sentinel to exit and returns its status.
    @discardableResult
    public func wait() -> Int32 {
        while exitStatus == nil { _ = poll(timeoutMilliseconds: -1) }
        return exitStatus ?? 1
    }

    /// Returns the sentinel's exit status if it exited within the timeout, else nil.
    public func poll(timeoutMilliseconds: Int32) -> Int32? {
        if let exitStatus { return exitStatus }
        guard let pid else { return nil }
        let deadline = Clock.monotonicNanoseconds() + UInt64(max(0, timeoutMilliseconds)) * 1_000_000
        var status: Int32 = 0
        repeat {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                exitStatus = WaitStatus(status).shellStatus
                return exitStatus
            }
            if reaped < 0, errno != EINTR { exitStatus = 1; return exitStatus }
            usleep(10_000)  // a signal ends the sleep early; bounded by the deadline
        } while timeoutMilliseconds < 0 || Clock.monotonicNanoseconds() < deadline
        return nil
    }

    /// The cluster's Stat as its sentinel last published it; nil before it did and after it stopped.
    public func stat() throws -> ClusterStat? {
        try broker?.clusterStats().first { $0.clusterID == id }
    }

    public var isStarting: Bool { pid != nil && exitStatus == nil && ((try? stat())??.status).map { $0 == .starting } ?? true }
    public var isRunning: Bool { exitStatus == nil && ((try? stat())??.status).map { $0 == .idle || $0 == .working } ?? false }
    public var isStopping: Bool { exitStatus == nil && ((try? stat())??.status) == .stopping }
    public var hasStopped: Bool { pid != nil && poll(timeoutMilliseconds: 0) != nil }
}
