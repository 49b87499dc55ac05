import ArgumentParser
import QCluster

struct ResultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "result",
        abstract: "Print a finished task's output and exit with its status.",
        discussion: """
        Standard output and standard error of the task (their first 64 KiB) go to qctl's own; \
        a stream that was cut is followed by a line on stderr that says so (--json: \
        stdout_truncated, stderr_truncated, and the bytes printed in stdout_bytes, stderr_bytes). \
        The exit status is 0 when the task succeeded, 1 when it failed (the reason is printed on \
        stderr), 75 when it has not finished (yet), 65 when no such task exists (an empty or \
        overlong ID or name included).

        EXAMPLES:
          qctl result 5d98deb19b1e4b2da2ef1e5bd6824f75
          qctl result hamper-ten-hotel-finch --wait 1m
          qctl result 5d98deb1 --json | jq .exit_code
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The task's id, the first 8 or more digits of it, or its name.", valueName: "id-or-name"))
    var task: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Wait up to this long for the task to finish (90, 90s, 15m; 0 waits forever).", valueName: "duration"))
    var wait: String?

    @Flag(help: "Print the task record, output included, as JSON.")
    var json = false

    func run() throws {
        var limit: Int64? = 0
        if let wait {
            guard let milliseconds = DurationParser.milliseconds(wait) else {
                throw TaskInputError.badDuration(option: "--wait", value: wait)
            }
            limit = milliseconds == 0 ? nil : milliseconds
        }
        let (_, broker) = try global.openExistingBroker()
        let status = try ResultWaiter(broker: broker).wait(for: task, timeoutMilliseconds: limit,
                                                           onFailedAttempt: wait == nil || json ? { _ in } : ResultPrinter.reportFailedAttempt)
        try ResultPrinter.finish(status, json: json, waited: wait)
    }
}
