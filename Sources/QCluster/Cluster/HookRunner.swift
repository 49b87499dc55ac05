import Glibc

/// Runs task hooks (`--hook`) with /bin/sh after their result is recorded, without waiting for them.
struct HookRunner {
    let environment: [String]
    let log: ClusterLog

    init(environment: [String: String], log: ClusterLog) {
        self.environment = environment.filter { !$0.key.hasPrefix(ChildEnvironment.prefix) }.map { "\($0.key)=\($0.value)" }
        self.log = log
    }

    func run(_ result: TaskResult) {
        var options = ProcessSpawner.Options(arguments: ["/bin/sh", "-c", result.message.hook], environment: environment + [
            "QCTL_TASK_ID=\(result.id.hex)", "QCTL_TASK_NAME=\(result.message.name)", "QCTL_CLUSTER=\(result.message.cluster)",
            "QCTL_SUCCESS=\(result.success ? 1 : 0)", "QCTL_EXIT_CODE=\(result.exitCode.map(String.init) ?? "")",
            "QCTL_REASON=\(result.reason)",
        ])
        options.workingDirectory = result.message.workingDirectory.isEmpty ? nil : result.message.workingDirectory
        options.newProcessGroup = true
        options.fileDescriptors = []
        do {
            _ = try ProcessSpawner.spawn(options)
        } catch {
            log.error("hook of '\(result.message.name)' failed to start: \(error)", event: "hook_failed")
        }
    }

    /// Collects finished hooks so they do not linger as zombies.
    func reap() {
        var status: Int32 = 0
        while waitpid(-1, &status, WNOHANG) > 0 {}
    }
}
