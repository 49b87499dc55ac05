import FoundationEssentials
import Glibc
import QCluster

/// Shows a task's outcome the way `qctl result` does, and ends the process with its status.
enum ResultPrinter {
    /// `waited`: how long the command waited (nil: it did not wait), for the message when the
    /// task has not finished.
    static func finish(_ status: TaskStatus, json: Bool, waited: String? = nil) throws -> Never {
        if json { Terminal.print(TaskPresenter.json(status).rendered()) }
        guard case let .finished(result) = status, result.isFinal else {
            let state = TaskPresenter.state(status)
            let advice = waited.map { "after waiting \($0)" } ?? "; use --wait to wait for it"
            throw CommandExit(exitStatus: .temporaryFailure,
                              description: "task \(status.message.name) is \(state), not finished\(waited == nil ? "" : " ")\(advice)")
        }
        if !json {
            Terminal.write(result.standardOutput, to: STDOUT_FILENO)
            Terminal.write(result.standardError, to: STDERR_FILENO)
            for (stream, cut, printed) in [("stdout", result.standardOutputWasCut, result.standardOutputBytes),
                                           ("stderr", result.standardErrorWasCut, result.standardErrorBytes)] where cut {
                let kept = ByteSizeParser.format(bytes: TaskResult.outputLimit)
                Terminal.write(Array("qctl: \(stream) shown up to its first \(kept) of \(printed) bytes (qctl keeps no more)\n".utf8),
                               to: STDERR_FILENO)
            }
        }
        if result.success { ProcessExit.now(0) }
        throw CommandExit(exitStatus: .taskFailed, description: "task \(result.message.name) failed: \(failureReason(result))")
    }

    /// What `--wait` says on stderr of a failed attempt that a retry follows:
    /// `qctl: attempt 1 failed: exit status 3; attempt 2 in 10s`.
    static func reportFailedAttempt(_ result: TaskResult) {
        var next = "attempt \(result.attempts + 1)"
        if result.retryAtMilliseconds > 0 {
            let wait = max(0, result.retryAtMilliseconds - Clock.nowMilliseconds())
            next += " in " + DurationParser.format(milliseconds: (wait + 500) / 1000 * 1000)
        } else {
            next += " once its lease runs out"
        }
        Terminal.write(Array("qctl: attempt \(result.attempts) failed: \(failureReason(result)); \(next)\n".utf8), to: STDERR_FILENO)
    }

    static func failureReason(_ result: TaskResult) -> String {
        if !result.reason.isEmpty { return result.reason }
        if let signal = result.signal { return "killed by signal \(signal)" }
        if let code = result.exitCode { return "exit status \(code)" }
        return "unknown"
    }
}
