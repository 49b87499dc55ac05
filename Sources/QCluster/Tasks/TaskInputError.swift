/// A task that cannot be enqueued as given.
public enum TaskInputError: UserFacingError, Equatable {
    case emptyCommand
    case unknownNamedTask(name: String, known: [String])
    case missingArguments(task: String, needed: Int, given: Int)
    case extraArguments(task: String, accepted: Int, given: Int)
    case badEnvironment(String)
    case badDuration(option: String, value: String)
    case badClusterName(String)
    case unknownCluster(name: String, known: [String])
    case malformedLine(number: Int, reason: String)
    case workingDirectoryMissing(String)
    /// A working directory that exists but cannot be run in, and why ("is not a directory").
    case workingDirectoryUnusable(String, reason: String)
    /// A NUL byte in text that a process receives as a C string (see ``TaskTextRules``).
    case nulByte(field: String)
    /// A name or group longer than ``TaskTextRules/maximumLabelBytes``.
    case labelTooLong(field: String, bytes: Int)
    /// An environment variable name that is empty or holds '='.
    case badEnvironmentName(String)
    /// The task's command, environment and input together exceed ``TaskMessage/maximumEncodedSize``.
    case tooLarge(size: Int)
    /// Retries outside 0...``TaskRequest/maximumRetries``.
    case badRetries(Int)
    /// A task to run after that does not exist (yet).
    case unknownAfter(String)

    public var exitStatus: ExitStatus {
        switch self {
        // A task name the configuration does not define is wrong data, as a malformed line is.
        case .malformedLine, .unknownNamedTask, .tooLarge, .unknownAfter: return .dataError
        default: return .usage
        }
    }

    public var description: String {
        switch self {
        case .emptyCommand:
            return "no command given: put it after '--', e.g. qctl enqueue -- echo hello"
        case let .unknownNamedTask(name, known):
            let list = known.isEmpty ? "the configuration defines no tasks" : "known tasks: \(known.joined(separator: ", "))"
            let hint = KeySuggester.suggestion(for: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
            return "unknown task '\(name)' (\(list))\(hint)"
        case let .missingArguments(task, needed, given):
            return "task '\(task)' uses {\(needed)} but got \(given) argument\(given == 1 ? "" : "s")"
        case let .extraArguments(task, accepted, given):
            return "task '\(task)' takes \(accepted) argument\(accepted == 1 ? "" : "s") but got \(given)"
        case let .badEnvironment(text):
            return "bad --env '\(text)': write NAME=VALUE"
        case let .badDuration(option, value) where value.trimmingSpaces.first == "-"
            && DurationParser.milliseconds(String(value.trimmingSpaces.dropFirst())) != nil:
            return "\(option) must not be negative: \(value)"
        case let .badDuration(option, value):
            return "bad \(option) '\(value)': use seconds (90) or a duration such as 500ms, 90s, 15m, 2h"
        case let .badClusterName(name):
            return "bad cluster name '\(name)': use letters, digits, '-', '_' and '.' (at most 64)"
        case let .unknownCluster(name, known):
            return "unknown cluster '\(name)' (--strict): the configuration defines \(known.joined(separator: ", "))"
        case let .malformedLine(number, reason):
            return "stdin line \(number): \(reason); nothing was enqueued"
        case let .workingDirectoryMissing(path):
            // getcwd(3) fails once the directory qctl runs in has been deleted.
            if path.isEmpty { return "the current directory no longer exists; cd to one that does, or give --cwd" }
            return "working directory '\(path)' does not exist"
        case let .workingDirectoryUnusable(path, reason):
            return "working directory '\(path)' \(reason)"
        case let .nulByte(field):
            return "\(field) contains a NUL byte, which would cut it short where the task runs"
        case let .labelTooLong(field, bytes):
            return "\(field) is \(bytes) bytes long; a task's name or group may have at most \(TaskTextRules.maximumLabelBytes) bytes"
        case let .badEnvironmentName(name):
            return "bad environment variable name '\(name)': it must not be empty or contain '='"
        case let .unknownAfter(key):
            return "--after '\(key)': no such task; a task runs after tasks enqueued before it (an earlier --stdin line, or one in the broker)"
        case let .badRetries(count):
            return "retries must be between 0 and \(TaskRequest.maximumRetries), found \(count)"
        case let .tooLarge(size):
            return "the task takes \(ByteSizeParser.format(bytes: size)) (command, environment and input together); "
                + "the limit is \(ByteSizeParser.format(bytes: TaskMessage.maximumEncodedSize)): pass large data as a file the task reads"
        }
    }
}
