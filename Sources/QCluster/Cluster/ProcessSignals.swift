import CSpawn
import FoundationEssentials
import Glibc
import Synchronization

/// Signal handling for cluster processes: handlers only bump atomic counters (async-signal-safe);
/// the loops read them after poll(2) returns, which a signal interrupts.
public enum ProcessSignals {
    /// How many stop signals (SIGINT, SIGTERM, SIGHUP) arrived.
    static let stopRequests = Atomic<Int>(0)
    /// Whether SIGUSR1 (the sentinel's "finish and stop") arrived.
    static let gracefulStop = Atomic<Int>(0)
    /// The process group of the task a worker runs now (0: none), killed if the worker must die.
    static let taskProcessGroup = Atomic<Int32>(0)

    public static var stopCount: Int { stopRequests.load(ordering: .relaxed) }
    public static var gracefulStopRequested: Bool { gracefulStop.load(ordering: .relaxed) > 0 }

    /// The main process and the sentinel: SIGINT, SIGTERM and SIGHUP request a stop.
    public static func handleStopSignals() {
        install(SIGINT) { _ in _ = ProcessSignals.stopRequests.add(1, ordering: .relaxed) }
        install(SIGTERM) { _ in _ = ProcessSignals.stopRequests.add(1, ordering: .relaxed) }
        install(SIGHUP) { _ in _ = ProcessSignals.stopRequests.add(1, ordering: .relaxed) }
        ignore(SIGPIPE)
    }

    /// Pusher and monitor: only the sentinel stops them (SIGUSR1); terminal signals are ignored.
    public static func handleAsClusterChild() {
        ignore(SIGINT)
        ignore(SIGHUP)
        ignore(SIGPIPE)
        install(SIGUSR1) { _ in _ = ProcessSignals.gracefulStop.add(1, ordering: .relaxed) }
    }

    /// Workers: as other children, and SIGTERM (sent by the sentinel on a hard stop, or on the
    /// sentinel's death) kills the running task's process group before the worker exits.
    public static func handleAsWorker() {
        handleAsClusterChild()
        install(SIGTERM) { _ in
            let group = ProcessSignals.taskProcessGroup.load(ordering: .relaxed)
            if group > 0 { kill(-group, SIGKILL) }
            _exit(1)
        }
    }

    /// Waits until `fd` is readable or a stop signal arrives after the first `seen`; without
    /// waking in between, and without missing a signal that arrives just before the wait.
    /// Returns whether `fd` is readable.
    public static func waitReadable(_ fd: Int32, unlessStopCountExceeds seen: Int) -> Bool {
        var stops = sigset_t()
        sigemptyset(&stops)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stops, number) }
        var previous = sigset_t()
        sigprocmask(SIG_BLOCK, &stops, &previous)
        defer { sigprocmask(SIG_SETMASK, &previous, nil) }
        var waitMask = previous
        for number in [SIGINT, SIGTERM, SIGHUP] { sigdelset(&waitMask, number) }
        while stopCount <= seen {
            if qctl_wait_readable(fd, &waitMask) > 0 { return true }
            if errno != EINTR { return false }
        }
        return false
    }

    // Every change of a disposition goes through these two, which tell the spawner: a child
    // resets exactly the signals not at SIG_DFL (`cspawn.c`), so none may change unreported.
    private static func ignore(_ number: Int32) {
        qctl_disposition_changed(number)
        signal(number, SIG_IGN)
    }

    private static func install(_ number: Int32, _ handler: @convention(c) (Int32) -> Void) {
        qctl_disposition_changed(number)
        // A parent (a test runner, a supervisor) may have started us with signals blocked.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, number)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: poll(2) returns EINTR so loops notice at once
        sigaction(number, &action, nil)
    }
}
