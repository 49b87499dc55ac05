import FoundationEssentials
import Glibc

/// Reads `qctl enqueue --stdin` input: one JSON object per line.
///
/// Keys: `command` (list of strings), `shell` (string), `task` and `args` (a named task),
/// `cluster`, `group`, `name`, `timeout` (seconds or a duration string), `hook`, `cwd`,
/// `env` (object of strings), `stdin` (string), `save` (bool). Blank lines are skipped.
/// The whole input is checked before anything is enqueued: a malformed line stops with its
/// number and nothing from that input is in the broker.
public struct TaskLineParser: Sendable {
    public var defaults: TaskRequest
    public var configuration: Configuration
    public var currentDirectory: String
    public var strict: Bool
    /// The working directory of the last line, known to exist.
    private var checkedDirectory: String?
    /// Whether each task runs after the one of the line before (`--chain`).
    public var chain = false
    /// The ids of earlier lines' tasks by their names, for `after`.
    private var earlierNames: [String: TaskID] = [:]
    private var previous: TaskID?

    private static let knownKeys: Set<String> = ["command", "shell", "task", "args", "cluster", "group", "name", "timeout", "hook", "cwd", "env", "stdin", "save", "retries", "after"]

    public init(defaults: TaskRequest, configuration: Configuration, currentDirectory: String, strict: Bool) {
        self.defaults = defaults
        self.configuration = configuration
        self.currentDirectory = currentDirectory
        self.strict = strict
    }

    /// The message for one line, or nil for a blank line. `lookup` finds the tasks in the broker
    /// that an `after` names when no earlier line has that name.
    public mutating func message(line: ArraySlice<UInt8>, number: Int, lookup: TaskLookup? = nil) throws(TaskInputError) -> TaskMessage? {
        // Blank lines are skipped; JSON itself ignores the spaces around an object.
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        let members: [(String, JSONValue)]
        do {
            guard case let .object(object) = try JSONReader.parse(line) else { throw JSONReader.Failure(offset: 0, reason: "") }
            members = object
        } catch {
            throw .malformedLine(number: number, reason: "not a JSON object")
        }
        var request = defaults
        func strings(_ key: String, _ value: JSONValue) throws(TaskInputError) -> [String] {
            guard case let .array(list) = value else { throw .malformedLine(number: number, reason: "'\(key)' must be a list of strings") }
            var words: [String] = []
            words.reserveCapacity(list.count)
            for item in list {
                guard case let .string(word) = item else { throw .malformedLine(number: number, reason: "'\(key)' must be a list of strings") }
                words.append(word)
            }
            return words
        }
        func string(_ key: String, _ value: JSONValue) throws(TaskInputError) -> String {
            switch value {
            case let .string(text): return text
            case let .int(seconds) where key == "timeout": return String(seconds)
            case let .double(seconds) where key == "timeout": return String(seconds)
            default: throw .malformedLine(number: number, reason: "'\(key)' must be a string")
            }
        }
        var command: [String]?
        var task: String?
        var args: [String]?
        for (key, value) in members {
            switch key {
            case "command": command = try strings(key, value)
            case "args": args = try strings(key, value)
            case "task": task = try string(key, value)
            case "shell": request.shell = try string(key, value)
            case "cluster": request.cluster = try string(key, value)
            case "group": request.group = try string(key, value)
            case "name": request.name = try string(key, value)
            case "timeout": request.timeout = try string(key, value)
            case "hook": request.hook = try string(key, value)
            case "cwd": request.workingDirectory = try string(key, value)
            case "stdin": request.standardInput = Array(try string(key, value).utf8)
            case "after":
                let keys: [String]
                if case let .string(one) = value { keys = [one] } else {
                    guard case .array = value else { throw .malformedLine(number: number, reason: "'after' must be a task id or name, or a list of them") }
                    keys = try strings(key, value)
                }
                for key in keys {
                    if let earlier = earlierNames[key] {
                        request.after.append(earlier)
                        continue
                    }
                    let found: TaskID?
                    do {
                        found = try lookup?.id(of: key)
                    } catch {
                        throw .malformedLine(number: number, reason: "after '\(key)': \(error)")
                    }
                    guard let found else { throw .malformedLine(number: number, reason: TaskInputError.unknownAfter(key).description) }
                    request.after.append(found)
                }
            case "retries":
                guard case let .int(count) = value else { throw .malformedLine(number: number, reason: "'retries' must be a whole number") }
                request.retries = count
            case "save":
                guard case let .bool(flag) = value else { throw .malformedLine(number: number, reason: "'save' must be true or false") }
                request.saveResult = flag
            case "env":
                guard case let .object(pairs) = value else { throw .malformedLine(number: number, reason: "'env' must be an object of strings") }
                var values: [String: String] = [:]
                for (name, item) in pairs {
                    guard case let .string(text) = item else { throw .malformedLine(number: number, reason: "'env' must be an object of strings") }
                    // Checked before NAME=VALUE is formed: a '=' in the name would move into the value.
                    do {
                        try TaskTextRules.checkEnvironmentName(name)
                    } catch {
                        throw .malformedLine(number: number, reason: error.description)
                    }
                    values[name] = text
                }
                request.environment += values.keys.sorted().map { "\($0)=\(values[$0]!)" }
            default:
                let hint = KeySuggester.suggestion(for: key, among: Self.knownKeys.sorted()).map { "; did you mean '\($0)'?" } ?? ""
                throw .malformedLine(number: number, reason: "unknown key '\(key)'\(hint)")
            }
        }
        if let command { request.command = command }
        if let task {
            request.namedTask = task
            request.command = args ?? []
        }
        if chain, let previous, !request.after.contains(previous) { request.after.append(previous) }
        do {
            let message = try request.message(configuration: configuration, currentDirectory: currentDirectory, strict: strict,
                                              checkedDirectory: checkedDirectory)
            checkedDirectory = message.workingDirectory
            if !message.customName.isEmpty { earlierNames[message.customName] = message.id }
            previous = message.id
            return message
        } catch {
            throw .malformedLine(number: number, reason: error.description)
        }
    }
}
