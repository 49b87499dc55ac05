/// A status from waitpid(2) or wait4(2), decoded: Swift does not import Glibc's WIFEXITED,
/// WEXITSTATUS and WTERMSIG, which are macros. Only exits and deaths by a signal are waited
/// for (never WUNTRACED), so a status that is not an exit is a signal's.
package struct WaitStatus: Equatable, Sendable {
    package let raw: Int32

    package init(_ raw: Int32) {
        self.raw = raw
    }

    /// The exit code when the process exited; nil when a signal ended it.
    package var exitCode: Int32? { raw & 0x7F == 0 ? (raw >> 8) & 0xFF : nil }

    /// The signal that ended the process; nil when it exited.
    package var signal: Int32? { raw & 0x7F == 0 ? nil : raw & 0x7F }

    /// The shell's convention: the exit code, or 128 + the signal.
    package var shellStatus: Int32 { exitCode ?? 128 + (raw & 0x7F) }
}
