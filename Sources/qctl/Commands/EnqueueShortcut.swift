import FoundationEssentials
import Glibc
import QCluster

/// The everyday `qctl enqueue [--cluster NAME] [--group …] [--name …] [--timeout …] [--cwd …]
/// [--env …] [--hook …] [--config …] -- COMMAND …`, run without building ArgumentParser's model
/// of qctl.
///
/// Building that model reflects every option of every subcommand, and each reflection is a
/// runtime type lookup: together several times the work of the enqueue itself (see
/// docs/decisions.md). Anything outside this narrow grammar — help, a flag, `--stdin`, `--opt=value`,
/// a misspelled option, a missing value — returns nil and goes to the full parser, which also
/// writes every usage error; so both paths accept the same words and queue the same task.
struct EnqueueShortcut {
    var config: String?
    var request = TaskRequest()

    /// Reads `arguments` (without the program name); nil when they are not of the shortcut's form.
    init?(arguments: [String]) {
        guard arguments.first == "enqueue" else { return nil }
        var index = 1
        while index < arguments.count, arguments[index] != "--" {
            // The options the shortcut understands each take one value (the switch below).
            let option = arguments[index]
            guard index + 1 < arguments.count else { return nil }
            let value = arguments[index + 1]
            // A value that looks like an option is a usage error the full parser words better.
            guard !value.hasPrefix("-") else { return nil }
            switch option {
            case "--config": config = value
            case "--cluster": request.cluster = value
            case "--group": request.group = value
            case "--name": request.name = value
            case "--timeout": request.timeout = value
            case "--cwd": request.workingDirectory = value
            case "--env": request.environment.append(value)
            case "--hook": request.hook = value
            default: return nil
            }
            index += 2
        }
        // `--` and at least one word: the command.
        guard index + 1 < arguments.count else { return nil }
        request.command = Array(arguments[(index + 1)...])
    }

    /// Queues the task durably and prints its id, as `EnqueueCommand` does for the same words.
    func run() throws {
        let configuration = try ConfigLoader().load(explicitPath: config)
        let message = try request.message(configuration: configuration, currentDirectory: PathResolver.currentDirectory)
        try GlobalOptions.broker(of: configuration).enqueue([message])
        Terminal.print(message.id.hex)
    }
}
