/// The process exit codes qctl uses, following BSD's sysexits(3) where one fits.
///
/// Scripts branch on these, so they are part of the public contract: never renumber one.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything worked.
    case success = 0
    /// The task that `qctl result` reports failed (non-zero exit, signal, timeout, bad signature).
    case taskFailed = 1
    /// The command line was wrong.
    case usage = 64
    /// The input data was wrong: a malformed task line, a broker file that is not LMDB, an unknown task.
    case dataError = 65
    /// The broker could not be opened or locked.
    case unavailable = 69
    /// Reading or writing a file failed (permissions, a full disk, a missing folder).
    case ioError = 74
    /// Try again later: a result that is not there yet when `--wait` runs out.
    case temporaryFailure = 75
    /// The configuration file is invalid.
    case configuration = 78
    /// A stop signal (Ctrl-C, SIGTERM, SIGHUP) ended a command before it finished (`qctl bench`),
    /// as the shell reports a process killed by SIGINT.
    case interrupted = 130
}

/// An error a user can cause and act on: it knows its one-line message and its exit status.
public protocol UserFacingError: Error, CustomStringConvertible, Sendable {
    /// The exit status the command ends with.
    var exitStatus: ExitStatus { get }
}
