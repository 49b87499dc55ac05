import ArgumentParser
import QCluster

/// The options that describe a task, shared by `qctl enqueue` and `qctl schedule add`.
struct TaskOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The cluster (queue) to run on (default: the config's cluster.name, normally 'default').", valueName: "name"),
            completion: .custom(CompletionProvider.clusterNames))
    var cluster: String?

    @Option(help: ArgumentHelp("Put the task in a group (at most 200 bytes), to list or delete results together.", valueName: "group"))
    var group: String?

    // Unconditional: a negative value is read as the value (and refused as negative), not as an option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Kill the task after this long (90, 90s, 15m, 2h; default: the cluster's timeout).", valueName: "duration"))
    var timeout: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Run a failed task again up to N times, after a backoff (default: the cluster's retries, normally 0).", valueName: "n"))
    var retries: Int?

    @Option(help: ArgumentHelp("The directory to run in (default: the current directory).", valueName: "dir"), completion: .directory)
    var cwd: String?

    @Option(name: .customLong("env"), help: ArgumentHelp("Set an environment variable for the task; repeatable.", valueName: "name=value"))
    var environment: [String] = []

    @Option(help: ArgumentHelp("Run a task defined under 'tasks:' in qcluster.yaml; the words after it are its arguments.", valueName: "name"),
            completion: .custom(CompletionProvider.taskNames))
    var task: String?

    @Option(help: ArgumentHelp("Run this script with /bin/sh -c instead of a command.", valueName: "script"))
    var shell: String?

    func validate() throws {
        if task != nil, shell != nil { throw ValidationError("give either --task or --shell, not both") }
    }

    /// The request these options describe, for `command` (the words after `--`).
    func request(command: [String]) -> TaskRequest {
        var request = TaskRequest()
        request.command = command
        request.shell = shell
        request.namedTask = task
        request.cluster = cluster
        request.group = group
        request.timeout = timeout
        request.retries = retries
        request.workingDirectory = cwd
        request.environment = environment
        return request
    }
}
