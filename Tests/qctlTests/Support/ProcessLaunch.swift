import Foundation

/// Foundation's Process learns that a child ended when every copy of the socket end it gives
/// that child is closed. It makes the socket pair without close-on-exec and closes, in the
/// child, only the descriptors that were open when it looked; a child that another test's
/// thread launches in between keeps a copy. When that child lives long (a cluster, the
/// PostgreSQL server), the first child's exit goes unseen: `isRunning` stays true.
private let launchLock = NSLock()

extension Process {
    /// `run()`, one launch at a time in this test process (see above). Every test's Process
    /// launches through here; other spawns close what they do not pass (``TestPostgres``).
    func runAlone() throws {
        try launchLock.withLock { try run() }
    }
}
