import ArgumentParser
import Glibc
import QCluster

struct OutputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "output",
        abstract: "Show what a task has printed so far; -f follows it until it ends.",
        discussion: """
        A running task's stdout and stderr go to qctl's own as the task prints them (a worker \
        keeps them in <broker>.output/ while the task runs, up to 16 MiB a stream); a finished \
        task's are its kept output (the first 64 KiB of each), as qctl result prints them. \
        With -f, qctl output waits for a queued task to start, shows each attempt's output as it \
        comes, as tail -f does, and ends when the task is final, with the task's status (0 \
        success, 1 failure); without it, it prints what there is now and exits 0.

        EXAMPLES:
          qctl output hamper-ten-hotel-finch
          qctl output -f 5d98deb1
          qctl enqueue -- make test | xargs qctl output -f
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The task's id, the first 8 or more digits of it, or its name.", valueName: "id-or-name"),
              completion: .custom(CompletionProvider.runningTaskNames))
    var task: String

    @Flag(name: [.short, .long], help: "Follow the output until the task ends, then exit with its status.")
    var follow = false

    @Flag(help: "Print one JSON object (id, name, state, stdout, stderr) once the output is read (with -f: at the end).")
    var json = false

    func run() throws {
        let (configuration, broker) = try global.openExistingBroker()
        var collected: [OutputSpool.Stream: [UInt8]] = [:]
        let status = try TaskOutputReader(broker: broker, configuration: configuration).read(task, follow: follow) { stream, bytes in
            if json { collected[stream, default: []] += bytes } else { Terminal.write(bytes, to: stream == .stdout ? STDOUT_FILENO : STDERR_FILENO) }
        }
        if json {
            Terminal.print(JSONValue.object([
                ("id", .string(status.message.id.hex)), ("name", .string(status.message.name)), ("state", .string(TaskPresenter.state(status))),
                ("stdout", .string(String(decoding: collected[.stdout] ?? [], as: UTF8.self))),
                ("stderr", .string(String(decoding: collected[.stderr] ?? [], as: UTF8.self))),
            ]).rendered())
        }
        guard follow, case let .finished(result) = status else { return }
        if !result.success { throw ExitCode(ExitStatus.taskFailed.rawValue) }
    }
}
