import FoundationEssentials
import Glibc

/// What a user asks to enqueue, before it becomes a ``TaskMessage``: the options of
/// `qctl enqueue` or one line of `qctl enqueue --stdin`.
public struct TaskRequest: Sendable, Equatable {
    public var command: [String] = []
    public var shell: String?
    public var namedTask: String?
    public var cluster: String?
    public var group: String?
    public var name: String?
    public var timeout: String?
    /// How many times it runs again after a failure; nil: the task definition's, else the cluster's.
    public var retries: Int?
    /// Tasks that must succeed before it runs, already resolved to ids.
    public var after: [TaskID] = []
    public var hook: String?
    public var workingDirectory: String?
    public var environment: [String] = []
    public var standardInput: [UInt8] = []
    public var saveResult = true

    public init() {}

    /// The most retries a task may ask for.
    public static let maximumRetries = 1_000

    /// Builds the message, with defaults from `configuration` and paths relative to `currentDirectory`.
    /// - Parameter strict: reject cluster names the configuration does not define.
    /// `checkedDirectory` is a working directory already found to exist (a bulk enqueue checks
    /// each distinct one once, not once per line).
    public func message(configuration: Configuration, currentDirectory: String, strict: Bool = false,
                        checkedDirectory: String? = nil) throws(TaskInputError) -> TaskMessage {
        try checkText()
        var argv: [String]
        var isShell = false
        // Not an Optional: destroying an `Optional<NamedTask>` went through its generic metadata,
        // which a one-shot enqueue built for that alone.
        var definition = NamedTask(name: "", command: [])
        if let taskName = namedTask {
            guard let task = configuration.tasks[taskName] else {
                throw .unknownNamedTask(name: taskName, known: configuration.tasks.keys.sorted())
            }
            definition = task
            argv = try task.argv(with: command)
            isShell = task.shell != nil
        } else if let shell {
            guard command.isEmpty else { throw .extraArguments(task: "--shell", accepted: 0, given: command.count) }
            argv = ["/bin/sh", "-c", shell]
            isShell = true
        } else {
            argv = command
        }
        guard let program = argv.first, !program.isEmpty, !(isShell && argv.last?.allSatisfy(\.isWhitespace) == true) else {
            throw .emptyCommand
        }

        let clusterName = cluster ?? definition.cluster ?? configuration.defaultClusterName
        guard ClusterName.isValid(clusterName) else { throw .badClusterName(clusterName) }
        if strict, !configuration.clusterNames.contains(clusterName) {
            throw .unknownCluster(name: clusterName, known: configuration.clusterNames)
        }

        var timeoutMilliseconds = definition.timeoutMilliseconds ?? 0
        if let timeout {
            guard let parsed = DurationParser.milliseconds(timeout), parsed >= 1000 else {
                throw .badDuration(option: "--timeout", value: timeout)
            }
            timeoutMilliseconds = parsed
        }
        let retries = self.retries ?? definition.retries
        if let retries, !(0...Self.maximumRetries).contains(retries) { throw .badRetries(retries) }

        var variables = definition.environment
        for pair in environment {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw .badEnvironment(pair) }
            let variable = EnvironmentVariable(name: String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]))
            try TaskTextRules.checkEnvironmentName(variable.name)
            try TaskTextRules.checkNoNUL(variable.value, field: "the value of environment variable '\(variable.name)'")
            variables.append(variable)
        }

        // Tasks run where they were enqueued, as a command typed in that shell would.
        let directory = (workingDirectory ?? definition.workingDirectory).map {
            PathResolver.absolute($0, from: currentDirectory)
        } ?? currentDirectory
        if directory != checkedDirectory { try Self.checkWorkingDirectory(directory) }

        let message = TaskMessage(
            cluster: clusterName, command: argv, customName: name ?? "", group: group ?? definition.group ?? "",
            shell: isShell, workingDirectory: directory, environment: variables, standardInput: standardInput,
            timeoutMilliseconds: timeoutMilliseconds, hook: hook ?? definition.hook ?? "", saveResult: saveResult,
            retries: retries, after: after)
        let size = message.encodedSize
        guard size <= TaskMessage.maximumEncodedSize else { throw .tooLarge(size: size) }
        return message
    }

    /// Refuses what the task could not run with as given: a NUL byte in what a process receives,
    /// a name or group the broker's indexes cannot hold (``TaskTextRules``).
    private func checkText() throws(TaskInputError) {
        for (index, word) in command.enumerated() {
            try TaskTextRules.checkNoNUL(word, field: namedTask.map { "argument \(index + 1) of task '\($0)'" } ?? "word \(index + 1) of the command")
        }
        if let shell { try TaskTextRules.checkNoNUL(shell, field: "the shell script") }
        if let workingDirectory { try TaskTextRules.checkNoNUL(workingDirectory, field: "the working directory") }
        if let hook { try TaskTextRules.checkNoNUL(hook, field: "the hook") }
        if let name { try TaskTextRules.checkLabel(name, field: "the name") }
        if let group { try TaskTextRules.checkLabel(group, field: "the group") }
    }

    /// Refuses a directory the task could not start in, saying why: missing, not a directory, or
    /// not searchable (the worker's chdir(2) would fail where nobody reads the message).
    private static func checkWorkingDirectory(_ directory: String) throws(TaskInputError) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            switch errno {
            case ENOENT: throw .workingDirectoryMissing(directory)
            case ENOTDIR: throw .workingDirectoryUnusable(directory, reason: "is not a directory (a part of its path is a file)")
            case EACCES: throw .workingDirectoryUnusable(directory, reason: "is not accessible (permission denied)")
            default: throw .workingDirectoryUnusable(directory, reason: "is not accessible (\(String(cString: strerror(errno))))")
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .workingDirectoryUnusable(directory, reason: "is not a directory") }
        guard access(directory, X_OK) == 0 else {
            throw .workingDirectoryUnusable(directory, reason: "is not accessible (\(String(cString: strerror(errno))))")
        }
    }
}
