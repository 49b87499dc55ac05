import FoundationEssentials
import Glibc
import QCluster

/// Shows a task's outcome the way `qctl result` does, and ends the process with its status.
enum ResultPrinter {
    static func finish(_ status: TaskStatus, json: Bool) throws -> Never {
        if json { Terminal.print(TaskPresenter.json(status).rendered()) }
        guard case let .finished(result) = status, result.isFinal else {
            let state = TaskPresenter.state(status)
            throw CommandExit(exitStatus: .temporaryFailure, description: "task \(status.message.name) is \(state), not finished; use --wait to wait for it")
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

    static func failureReason(_ result: TaskResult) -> String {
        if !result.reason.isEmpty { return result.reason }
        if let signal = result.signal { return "killed by signal \(signal)" }
        if let code = result.exitCode { return "exit status \(code)" }
        return "unknown"
    }
}
