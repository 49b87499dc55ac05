import ArgumentParser
import QCluster

struct KillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill",
        abstract: "Kill a running task's whole process group; it is recorded as killed, not retried.",
        discussion: """
        The cluster that runs the task, whichever it is, sends SIGTERM to the task's process \
        group at its next guard cycle, and SIGKILL 2 s later if anything is left. The task is \
        then recorded as killed and is not run again, whatever its retries. A task waiting for \
        the retry of a failed attempt is ended at once. A queued task is not killed: qctl cancel \
        takes it off the queue.

        Without --wait, qctl kill returns once the kill is asked for; with it, once the task is \
        recorded as killed (or ended otherwise).

        EXAMPLES:
          qctl kill hamper-ten-hotel-finch
          qctl kill 5d98deb1 --wait
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The running task: its id, id prefix (8+ digits) or name.", valueName: "id-or-name"),
              completion: .custom(CompletionProvider.runningTaskNames))
    var task: String

    @Flag(help: "Wait until the task is recorded.")
    var wait = false

    @Flag(help: "Print the task as JSON (with --wait: its final record).")
    var json = false

    func run() throws {
        let (_, broker) = try global.openExistingBroker()
        let message = try broker.kill(task)
        guard wait else {
            ControlPresenter.print([message], verb: "killing", json: json)
            return
        }
        let status = try ResultWaiter(broker: broker).wait(for: message.id.hex, timeoutMilliseconds: nil)
        if json {
            Terminal.print(TaskPresenter.json(status).rendered())
        } else {
            Terminal.print("\(message.id.hex) \(message.name) \(TaskPresenter.state(status))")
        }
    }
}
