import Foundation

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

    private static let knownKeys: Set<String> = ["command", "shell", "task", "args", "cluster", "group", "name", "timeout", "hook", "cwd", "env", "stdin", "save"]

    public init(defaults: TaskRequest, configuration: Configuration, currentDirectory: String, strict: Bool) {
        self.defaults = defaults
        self.configuration = configuration
        self.currentDirectory = currentDirectory
        self.strict = strict
    }

    /// The message for one line, or nil for a blank line.
    public func message(line: Substring, number: Int) throws(TaskInputError) -> TaskMessage? {
        // Blank lines are skipped; JSON itself ignores the spaces around an object.
        if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            throw .malformedLine(number: number, reason: "not a JSON object")
        }
        if let unknown = object.keys.first(where: { !Self.knownKeys.contains($0) }) {
            let hint = KeySuggester.suggestion(for: unknown, among: Self.knownKeys.sorted()).map { "; did you mean '\($0)'?" } ?? ""
            throw .malformedLine(number: number, reason: "unknown key '\(unknown)'\(hint)")
        }
        var request = defaults
        func strings(_ key: String) throws(TaskInputError) -> [String]? {
            guard let value = object[key] else { return nil }
            guard let list = value as? [Any], let words = list as? [String] else {
                throw .malformedLine(number: number, reason: "'\(key)' must be a list of strings")
            }
            return words
        }
        func string(_ key: String) throws(TaskInputError) -> String? {
            guard let value = object[key] else { return nil }
            if let text = value as? String { return text }
            if key == "timeout", let seconds = value as? Double { return String(seconds) }
            throw .malformedLine(number: number, reason: "'\(key)' must be a string")
        }
        if let command = try strings("command") { request.command = command }
        request.shell = try string("shell") ?? request.shell
        if let task = try string("task") {
            request.namedTask = task
            request.command = try strings("args") ?? []
        }
        request.cluster = try string("cluster") ?? request.cluster
        request.group = try string("group") ?? request.group
        request.name = try string("name") ?? request.name
        request.timeout = try string("timeout") ?? request.timeout
        request.hook = try string("hook") ?? request.hook
        request.workingDirectory = try string("cwd") ?? request.workingDirectory
        if let stdin = try string("stdin") { request.standardInput = Array(stdin.utf8) }
        if let save = object["save"] {
            guard let flag = save as? Bool else { throw .malformedLine(number: number, reason: "'save' must be true or false") }
            request.saveResult = flag
        }
        if let env = object["env"] {
            guard let pairs = env as? [String: Any], let values = pairs as? [String: String] else {
                throw .malformedLine(number: number, reason: "'env' must be an object of strings")
            }
            request.environment += values.keys.sorted().map { "\($0)=\(values[$0]!)" }
        }
        do {
            return try request.message(configuration: configuration, currentDirectory: currentDirectory, strict: strict)
        } catch {
            throw .malformedLine(number: number, reason: error.description)
        }
    }
}
