import ArgumentParser
import FoundationEssentials
import Glibc
import QCluster

struct EnqueueCommand: TrailingCommandWords {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Queue a command for a cluster and print its id.",
        discussion: """
        The command runs without a shell, in the directory qctl enqueue was run from (or --cwd), \
        with the cluster's environment plus --env. The task is durably in the broker when this \
        command returns. Use --shell for pipes and redirections, --task for a task defined in \
        qcluster.yaml, or --stdin to queue many tasks at once.

        EXAMPLES:
          qctl enqueue -- convert in.png -resize 50% out.png
          qctl enqueue --cluster long --timeout 2h -- ./nightly-report.sh
          qctl enqueue --shell 'gzip -c big.log > big.log.gz'
          qctl enqueue --task thumbnail a.png a-small.png
          qctl enqueue --wait -- make test            # wait and exit with the task's status
          qctl enqueue --name deploy --after build,test -- ./deploy.sh
          printf '%s\\n' '{"command":["make"]}' '{"command":["make","install"]}' | qctl enqueue --stdin --chain
          printf '%s\\n' '{"command":["echo","hi"]}' | qctl enqueue --stdin

        --stdin reads one JSON object per line with the keys command, shell, task, args, cluster, \
        group, name, timeout, hook, cwd, env, stdin, save, retries and after (an id or name, or a \
        list: a name of an earlier line or a task in the broker); options given on the command line \
        are the defaults for every line. The whole input is checked first: a malformed line stops \
        with its line number and nothing is enqueued.

        Names and groups have at most 200 bytes. No text that reaches the task (its command, \
        environment, working directory, hook; its name and group) may hold a NUL byte, and an \
        environment variable's name must not be empty or contain '='.

        A task is at most 1 MiB: its command, arguments, environment and input together. A \
        larger one is refused (exit 65) and nothing is enqueued.
        """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var taskOptions: TaskOptions

    @Option(help: ArgumentHelp("A name for the task, at most 200 bytes (default: four words from its id, such as hamper-ten-hotel-finch).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("A shell command run after the task, with QCTL_TASK_ID, QCTL_TASK_NAME and QCTL_SUCCESS set.", valueName: "command"))
    var hook: String?

    @Option(help: ArgumentHelp("Feed this file to the task's standard input (a task is at most 1 MiB in all).", valueName: "file"),
            completion: .file())
    var input: String?

    @Flag(name: .customLong("no-save"), help: "Do not keep the result if the task succeeds (failures are always kept).")
    var noSave = false

    @Flag(help: "Read many tasks from standard input, one JSON object per line.")
    var stdin = false

    @Option(help: ArgumentHelp("Run only once these tasks succeeded (ids or names, comma-separated or repeated); cancelled if one fails.",
                               valueName: "id-or-name"),
            completion: .custom(CompletionProvider.queuedTaskNames))
    var after: [String] = []

    @Flag(help: "With --stdin: each task runs after the one on the line before (a chain; one failure cancels the rest).")
    var chain = false

    @Flag(help: "Refuse a cluster name that qcluster.yaml does not define.")
    var strict = false

    @Flag(help: "Wait until the task is final (after its retries; each failed attempt is reported on stderr), print its output and exit with its status.")
    var wait = false

    @Option(name: .customLong("wait-timeout"), parsing: .unconditional, help: ArgumentHelp("With --wait, give up after this long (exit 75).", valueName: "duration"))
    var waitTimeout: String?

    @Flag(help: "Print the full task record as JSON instead of the id.")
    var json = false

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The command and its arguments, after '--'.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        // Passthrough capture takes every word from the first one it does not know, options too.
        if let first = command.first, first != "--", first.hasPrefix("-") {
            if first == "-h" || first == "--help" || first == "-help" { throw CleanExit.helpRequest(self) }
            // The words before a `--` of their own: the ones after it are not parsed here (see TrailingCommandWords).
            let words = command.prefix { $0 != "--" }.joined(separator: " ") + (command.contains("--") ? " ..." : "")
            throw ValidationError("unknown option '\(first)'; put the command after '--' (qctl enqueue -- \(words))")
        }
        if stdin, wait { throw ValidationError("--wait cannot be combined with --stdin") }
        if stdin, input == "-" { throw ValidationError("--input - cannot be combined with --stdin: both read standard input") }
        if waitTimeout != nil, !wait { throw ValidationError("--wait-timeout needs --wait") }
        if chain, !stdin { throw ValidationError("--chain goes with --stdin") }
    }

    /// The words of --after, split at commas.
    private var afterKeys: [String] { after.flatMap { $0.split(separator: ",").map(String.init) } }

    /// Passthrough capture keeps the `--` (or the words before it, from the first it did not
    /// know): the rest follows it.
    mutating func appendTrailing(_ words: [String]) {
        command += words
    }

    /// The task these options describe, before --input is read.
    var request: TaskRequest {
        var request = taskOptions.request(command: command.first == "--" ? Array(command.dropFirst()) : command)
        request.name = name
        request.hook = hook
        request.saveResult = !noSave
        return request
    }

    func run() throws {
        let configuration = try global.loadConfiguration()
        var request = self.request
        if let input { request.standardInput = try readInput(input) }
        let directory = PathResolver.currentDirectory

        if stdin {
            let messages = try readLines(request, configuration: configuration, directory: directory)
            try enqueue(messages, broker: try GlobalOptions.broker(of: configuration))
            return
        }
        if !afterKeys.isEmpty { request.after = try TaskLookup(configuration: configuration).ids(of: afterKeys) }
        let message = try request.message(configuration: configuration, currentDirectory: directory, strict: strict)
        let waitLimit = try waitTimeout.map { text throws(TaskInputError) in
            guard let milliseconds = DurationParser.milliseconds(text) else { throw .badDuration(option: "--wait-timeout", value: text) }
            return milliseconds
        }
        let broker = try GlobalOptions.broker(of: configuration)
        try broker.enqueue([message])
        if json {
            Terminal.print(TaskPresenter.json(.queued(QueuedTask(message: message, attempts: 0))).rendered())
        } else if !wait {
            Terminal.print(message.id.hex)
        }
        if wait {
            let status = try ResultWaiter(broker: broker).wait(for: message.id.hex, timeoutMilliseconds: waitLimit,
                                                               onFailedAttempt: json ? { _ in } : ResultPrinter.reportFailedAttempt)
            try ResultPrinter.finish(status, json: json, waited: waitTimeout)
        }
    }

    private func readInput(_ path: String) throws -> [UInt8] {
        do {
            // Beyond the task size limit the input is refused anyway: no need to read all of it.
            let maximum = TaskMessage.maximumEncodedSize
            return path == "-" ? try FileContents.read(descriptor: STDIN_FILENO, maximum: maximum) : try FileContents.read(path, maximum: maximum)
        } catch {
            throw CommandExit(exitStatus: .ioError, description: "\(path): cannot read --input file (\(error))")
        }
    }

    /// Every task of standard input, checked before any is enqueued.
    private func readLines(_ defaults: TaskRequest, configuration: Configuration, directory: String) throws -> [TaskMessage] {
        var parser = TaskLineParser(defaults: defaults, configuration: configuration, currentDirectory: directory, strict: strict)
        parser.chain = chain
        let lookup = TaskLookup(configuration: configuration)
        if !afterKeys.isEmpty { parser.defaults.after = try lookup.ids(of: afterKeys) }
        let input: [UInt8]
        do {
            input = try FileContents.read(descriptor: STDIN_FILENO)
        } catch {
            throw CommandExit(exitStatus: .ioError, description: "cannot read standard input (\(error))")
        }
        return try BulkEnqueue.messages(from: input, parser: &parser, lookup: lookup)
    }

    /// Enqueues `messages` and prints each id once its transaction is durable.
    private func enqueue(_ messages: [TaskMessage], broker: any Broker) throws {
        var output = ""
        try BulkEnqueue.enqueue(messages, into: broker) { batch in
            output.removeAll(keepingCapacity: true)
            for message in batch {
                output += json ? TaskPresenter.json(.queued(QueuedTask(message: message, attempts: 0))).rendered() : message.id.hex
                output += "\n"
            }
            Terminal.write(Array(output.utf8), to: STDOUT_FILENO)
        }
    }
}
