import ArgumentParser
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
        ProcessExit.now(error.exitStatus.rawValue)
    }

    /// An error of the argument parser: help, a version or a completion goes out as the parser
    /// prints it; a usage error is one line, with where the command's help is, and status 64.
    static func failUsage(_ error: Error) -> Never {
        let code = Qctl.exitCode(for: error)
        let message = Qctl.message(for: error)
        guard code != .success, !message.isEmpty else { Qctl.exit(withError: error) }
        // The full message's last line names the help of the command that was parsed:
        // "  See 'qctl start --help' for more information."
        var help = ""
        let tail = " for more information."
        if let line = Qctl.fullMessage(for: error).split(separator: "\n").last, line.hasSuffix(tail) {
            var hint = line.drop { $0 == " " }.dropLast(tail.count)
            if hint.hasPrefix("See ") { hint = hint.dropFirst(4) }
            help = "; see " + hint
        }
        let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        warn(text + help)
        ProcessExit.now(code.rawValue)
    }
}

/// An exit with a status and an optional message, for outcomes that are not errors of qctl
/// itself (a task that failed, a result that is not there yet).
struct CommandExit: UserFacingError {
    var exitStatus: ExitStatus
    var description: String
}
