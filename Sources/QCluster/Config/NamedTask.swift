/// A task defined under `tasks:` in the configuration, run with `qctl enqueue --task NAME ARG...`.
public struct NamedTask: Sendable, Equatable {
    public var name: String
    /// The argv, with `{1}`, `{2}`… replaced by the arguments and `{@}` by all of them.
    public var command: [String]
    /// A shell script instead of an argv (`shell:`), with the same placeholders, each argument shell-quoted.
    public var shell: String?
    public var timeoutMilliseconds: Int64?
    public var workingDirectory: String?
    public var environment: [EnvironmentVariable]
    public var cluster: String?
    public var group: String?
    public var hook: String?
    /// How many times a failed run of it runs again; nil: its cluster's `retries`.
    public var retries: Int?

    public init(name: String, command: [String], shell: String? = nil, timeoutMilliseconds: Int64? = nil,
                workingDirectory: String? = nil, environment: [EnvironmentVariable] = [],
                cluster: String? = nil, group: String? = nil, hook: String? = nil) {
        self.name = name
        self.command = command
        self.shell = shell
        self.timeoutMilliseconds = timeoutMilliseconds
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.cluster = cluster
        self.group = group
        self.hook = hook
    }

    /// The argv for `arguments`, or an error naming the missing or extra arguments.
    public func argv(with arguments: [String]) throws(TaskInputError) -> [String] {
        var used = Set<Int>()
        var usesAll = false
        func substitute(_ word: String, quote: Bool) throws(TaskInputError) -> String {
            var out = ""
            var rest = Substring(word)
            while let open = rest.firstIndex(of: "{") {
                out += rest[..<open]
                let afterOpen = rest.index(after: open)
                guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
                let inner = rest[afterOpen..<close]
                if inner == "@" {
                    usesAll = true
                    out += arguments.map { quote ? ShellQuoting.quote($0) : $0 }.joined(separator: " ")
                } else if let number = Int(inner), number >= 1 {
                    guard number <= arguments.count else {
                        throw .missingArguments(task: name, needed: number, given: arguments.count)
                    }
                    used.insert(number)
                    out += quote ? ShellQuoting.quote(arguments[number - 1]) : arguments[number - 1]
                } else {
                    out += rest[open...close]
                }
                rest = rest[rest.index(after: close)...]
            }
            return out + rest
        }
        let result: [String]
        if let shell {
            result = ["/bin/sh", "-c", try substitute(shell, quote: true)]
        } else {
            var words: [String] = []
            for word in command {
                // A word that is exactly {@} expands to one word per argument, as "$@" does.
                if word == "{@}" {
                    usesAll = true
                    words += arguments
                } else {
                    words.append(try substitute(word, quote: false))
                }
            }
            result = words
        }
        if !usesAll, arguments.count > used.count {
            throw .extraArguments(task: name, accepted: used.count, given: arguments.count)
        }
        return result
    }
}
