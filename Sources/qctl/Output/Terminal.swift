import Foundation
import QCluster

/// Writing to the terminal: stdout for results, stderr for diagnostics.
enum Terminal {
    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 }

    static func print(_ text: String) {
        write(Array((text + "\n").utf8), to: STDOUT_FILENO)
    }

    /// write(2) until every byte is out: cheaper than FileHandle for a one-shot command.
    /// Output that cannot be written (a closed pipe) is dropped, as FileHandle would.
    static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    static func write(_ bytes: [UInt8], to handle: FileHandle) {
        guard !bytes.isEmpty else { return }
        handle.write(Data(bytes))
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data(("qctl: " + text + "\n").utf8))
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
