import FoundationEssentials
import Glibc
import QCluster

/// Writing to the terminal: stdout for results, stderr for diagnostics.
enum Terminal {
    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 }

    static func print(_ text: String) {
        write(Array((text + "\n").utf8), to: STDOUT_FILENO)
    }

    static func write(_ bytes: [UInt8], to fd: Int32) {
        DescriptorWriter.write(bytes, to: fd)
    }

    static func warn(_ text: String) {
        DescriptorWriter.write("qctl: " + text + "\n", to: STDERR_FILENO)
    }

    /// Prints the error's one line and exits with its status.
    static func fail(_ error: UserFacingError) -> Never {
        warn(error.description)
        exit(error.exitStatus.rawValue)
    }
}

/// An exit with a status and an optional message, for outcomes that are not errors of qctl
/// itself (a task that failed, a result that is not there yet).
struct CommandExit: UserFacingError {
    var exitStatus: ExitStatus
    var description: String
}
