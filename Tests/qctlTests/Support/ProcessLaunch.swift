import Foundation

/// Foundation's Process learns that a child ended when every copy of the socket end it gives
/// that child is closed. It makes the socket pair without close-on-exec and closes, in the
/// child, only the descriptors that were open when it looked; a child that another test's
/// thread launches in between keeps a copy. When that child lives long (a cluster, the
/// PostgreSQL server), the first child's exit goes unseen: `isRunning` stays true. A pipe
/// made in that window (`Pipe()` is not close-on-exec either) stays open in the long-lived
/// child, and reading it to its end waits for that child.
private let launchLock = NSLock()

extension Process {
    /// `run()`, one launch at a time in this test process (see above). Every test's Process
    /// launches through here and its pipes come from ``Foundation/Pipe/forChild()``; other
    /// spawns keep only the descriptors they pass (``TestPostgres``).
    func runAlone() throws {
        try launchLock.withLock { try run() }
    }
}

extension Pipe {
    /// A pipe for a child's standard input, output or error: made while no Process launches,
    /// with both ends close-on-exec, so that only the child it is given to (where Process puts
    /// it on 0, 1 or 2, which are not) has an end of it.
    static func forChild() -> Pipe {
        launchLock.withLock {
            let pipe = Pipe()
            _ = fcntl(pipe.fileHandleForReading.fileDescriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(pipe.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
            return pipe
        }
    }
}
