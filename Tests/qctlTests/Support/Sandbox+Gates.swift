import Foundation
import Testing

/// Gates a task waits at without polling: a named pipe that the task reads (`cat GATE`), whose
/// open blocks until the test opens the other end; the test's close then ends the read.
extension Sandbox {
    /// Makes the named pipe `name` in the sandbox.
    func makeGate(_ name: String) throws {
        try #require(mkfifo(file(name), 0o600) == 0, "mkfifo \(name): \(String(cString: strerror(errno)))")
    }

    /// Lets the task waiting at `name` go on: opens the pipe for writing once the task has it open
    /// for reading (until then the open fails with ENXIO), and closes it. Whether it did within `timeout`.
    @discardableResult
    func openGate(_ name: String, timeout: TimeInterval = 20) -> Bool {
        eventually(timeout: timeout) {
            let fd = open(file(name), O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { return false }
            close(fd)
            return true
        }
    }
}
