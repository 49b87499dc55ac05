/// Reads typed values out of a composed YAML tree, turning every mismatch into a ``ConfigError``
/// that points at the node's line and column.
struct NodeWalker {
    let file: String
    let expander: EnvironmentExpander

    func location(_ node: YAMLNode) -> ConfigLocation {
        ConfigLocation(file: file, line: node.line, column: node.column)
    }

    func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, _): return text.isEmpty ? "an empty value" : "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// A section's pairs; an empty or null section has none.
    func mapping(_ node: YAMLNode, key: String, section: String) throws(ConfigError) -> [(YAMLNode, YAMLNode)] {
        if node.isNull || node.scalarText == "" { return [] }
        guard let mapping = node.mapping else {
            throw .wrongType(location(node), key: key, expected: "a mapping of keys to values", found: describe(node))
        }
        return mapping.map { ($0.key, $0.value) }
    }

    func keyName(_ node: YAMLNode) throws(ConfigError) -> String {
        guard let text = node.scalarText else {
            throw .wrongType(location(node), key: "key", expected: "a plain word", found: describe(node))
        }
        return text
    }

    func unknown(_ keyNode: YAMLNode, key: String, section: String, known: [String]) -> ConfigError {
        .unknownKey(location(keyNode), key: key, section: section, suggestion: KeySuggester.suggestion(for: key, among: known))
    }

    /// A scalar's text after `${VAR}` expansion, and the variable it came from.
    func string(_ node: YAMLNode, key: String) throws(ConfigError) -> (text: String, variable: String?) {
        guard let text = node.scalarText else {
            throw .wrongType(location(node), key: key, expected: "a single value", found: describe(node))
        }
        if node.isNull { return ("", nil) }
        do {
            return try expander.expand(text)
        } catch {
            throw .badEnvironmentReference(location(node), key: key, text: text)
        }
    }

    func integer(_ node: YAMLNode, key: String, minimum: Int, maximum: Int = Int.max, meaning: String) throws(ConfigError) -> (Int, String?) {
        let (text, variable) = try string(node, key: key)
        guard let value = Int(text.trimmingSpaces) else {
            throw .wrongType(location(node), key: key, expected: "a whole number", found: describe(node, expanded: text))
        }
        guard value >= minimum, value <= maximum else {
            throw .invalidValue(location(node), key: key, reason: "must be \(meaning), found \(value)")
        }
        return (value, variable)
    }

    func boolean(_ node: YAMLNode, key: String) throws(ConfigError) -> (Bool, String?) {
        let (text, variable) = try string(node, key: key)
        switch text.lowercased() {
        case "true", "yes", "on": return (true, variable)
        case "false", "no", "off": return (false, variable)
        default: throw .wrongType(location(node), key: key, expected: "true or false", found: describe(node, expanded: text))
        }
    }

    func duration(_ node: YAMLNode, key: String, minimum: Int64) throws(ConfigError) -> (Int64, String?) {
        let (text, variable) = try string(node, key: key)
        guard let milliseconds = DurationParser.milliseconds(text) else {
            throw .wrongType(location(node), key: key, expected: "a duration such as 90, 90s, 15m or 2h", found: describe(node, expanded: text))
        }
        guard milliseconds >= minimum else {
            throw .invalidValue(location(node), key: key, reason: "must be at least \(DurationParser.format(milliseconds: minimum)), found \(text)")
        }
        return (milliseconds, variable)
    }

    func size(_ node: YAMLNode, key: String, minimum: Int, bareUnit: Double = 1) throws(ConfigError) -> Int {
        let (text, _) = try string(node, key: key)
        guard let bytes = ByteSizeParser.bytes(text, bareUnit: bareUnit) else {
            throw .wrongType(location(node), key: key, expected: "a size such as 1GiB or 512MiB", found: describe(node, expanded: text))
        }
        guard bytes >= minimum else {
            throw .invalidValue(location(node), key: key, reason: "must be at least \(ByteSizeParser.format(bytes: minimum)), found \(text)")
        }
        return bytes
    }

    private func describe(_ node: YAMLNode, expanded: String) -> String {
        if let text = node.scalarText, text != expanded { return "'\(expanded)' (from '\(text)')" }
        return describe(node)
    }

    /// A `cluster` or `alt_clusters.NAME` section.
    func clusterSection(_ node: YAMLNode, section: String, allowName: Bool) throws(ConfigError) -> ClusterOverrides {
        var overrides = ClusterOverrides()
        let known = ClusterSettings.keys.filter { allowName || $0 != "name" }
        for (keyNode, value) in try mapping(node, key: section, section: section) {
            let key = try keyName(keyNode)
            let path = "\(section).\(key)"
            let parsed: (ClusterOverrides.Value, String?)
            switch key {
            case "name" where allowName:
                let (text, variable) = try string(value, key: path)
                guard ClusterName.isValid(text) else {
                    throw .invalidValue(location(value), key: path, reason: "is not a valid cluster name: use letters, digits, '-', '_' and '.'")
                }
                parsed = (.string(text), variable)
            case "workers":
                let (number, variable) = try integer(value, key: path, minimum: 1, maximum: 1024, meaning: "between 1 and 1024")
                parsed = (.int(number), variable)
            case "timeout", "retry":
                let (milliseconds, variable) = try duration(value, key: path, minimum: 1000)
                parsed = (.milliseconds(milliseconds), variable)
            case "guard_cycle":
                let (milliseconds, variable) = try duration(value, key: path, minimum: 10)
                parsed = (.milliseconds(milliseconds), variable)
            case "retry_backoff", "retry_backoff_max":
                let (milliseconds, variable) = try duration(value, key: path, minimum: 0)
                parsed = (.milliseconds(milliseconds), variable)
            case "retries":
                let (number, variable) = try integer(value, key: path, minimum: 0, maximum: 1_000, meaning: "between 0 and 1000")
                parsed = (.int(number), variable)
            case "max_attempts", "cpu_affinity":
                let (number, variable) = try integer(value, key: path, minimum: 0, meaning: "0 or more")
                parsed = (.int(number), variable)
            case "queue_limit", "recycle":
                let (number, variable) = try integer(value, key: path, minimum: 1, meaning: "1 or more")
                parsed = (.int(number), variable)
            case "save_limit":
                let (number, variable) = try integer(value, key: path, minimum: -1, meaning: "-1 (keep none), 0 (keep all) or more")
                parsed = (.int(number), variable)
            case "max_rss":
                // A bare number is KiB, as in Django Q; a size with a unit is converted.
                parsed = (.int(try size(value, key: path, minimum: 0, bareUnit: 1024) / 1024), nil)
            case "ack_failures", "catch_up", "scheduler":
                let (flag, variable) = try boolean(value, key: path)
                parsed = (.bool(flag), variable)
            default:
                throw unknown(keyNode, key: key, section: section, known: known)
            }
            overrides.entries[key] = .init(value: parsed.0, location: location(value), environmentVariable: parsed.1)
        }
        return overrides
    }

    /// A string of a task definition, refused where a task given on the command line would be
    /// (``TaskTextRules``): a NUL byte, and for a group (`isLabel`) more than its byte limit.
    func taskText(_ node: YAMLNode, key: String, isLabel: Bool = false) throws(ConfigError) -> String {
        let text = try string(node, key: key).text
        if TaskTextRules.hasNUL(text) {
            throw .invalidValue(location(node), key: key, reason: "contains a NUL byte, which would cut it short where the task runs")
        }
        if isLabel, text.utf8.count > TaskTextRules.maximumLabelBytes {
            throw .invalidValue(location(node), key: key, reason: "is \(text.utf8.count) bytes long; a group may have at most \(TaskTextRules.maximumLabelBytes) bytes")
        }
        return text
    }

    /// One entry of `tasks`.
    func namedTask(_ node: YAMLNode, name: String) throws(ConfigError) -> NamedTask {
        var task = NamedTask(name: name, command: [])
        let section = "tasks.\(name)"
        for (keyNode, value) in try mapping(node, key: section, section: section) {
            let key = try keyName(keyNode)
            let path = "\(section).\(key)"
            switch key {
            case "command":
                guard let sequence = value.sequence else {
                    throw .wrongType(location(value), key: path, expected: "a list of words, such as [convert, \"{1}\", out.png] (or use 'shell:' for a script)", found: describe(value))
                }
                var words: [String] = []
                for item in sequence { words.append(try taskText(item, key: path)) }
                guard !words.isEmpty else { throw .invalidValue(location(value), key: path, reason: "must not be empty") }
                task.command = words
            case "shell":
                task.shell = try taskText(value, key: path)
            case "timeout":
                task.timeoutMilliseconds = try duration(value, key: path, minimum: 1000).0
            case "cwd":
                task.workingDirectory = try taskText(value, key: path)
            case "cluster":
                let text = try string(value, key: path).text
                guard ClusterName.isValid(text) else { throw .invalidValue(location(value), key: path, reason: "is not a valid cluster name") }
                task.cluster = text
            case "group":
                task.group = try taskText(value, key: path, isLabel: true)
            case "hook":
                task.hook = try taskText(value, key: path)
            case "retries":
                task.retries = try integer(value, key: path, minimum: 0, maximum: TaskRequest.maximumRetries,
                                           meaning: "between 0 and \(TaskRequest.maximumRetries)").0
            case "env":
                for (nameNode, variableValue) in try mapping(value, key: path, section: path) {
                    let name = try keyName(nameNode)
                    guard TaskTextRules.isValidEnvironmentName(name) else {
                        throw .invalidValue(location(nameNode), key: "\(path).\(name)",
                                            reason: "is not a valid environment variable name: it must not be empty or contain '=' or a NUL byte")
                    }
                    task.environment.append(EnvironmentVariable(name: name, value: try taskText(variableValue, key: "\(path).\(name)")))
                }
            default:
                throw unknown(keyNode, key: key, section: section, known: ["command", "shell", "timeout", "cwd", "env", "cluster", "group", "hook", "retries"])
            }
        }
        if task.command.isEmpty && task.shell == nil {
            throw .invalidValue(location(node), key: section, reason: "needs a 'command' (a list of words) or a 'shell' script")
        }
        if !task.command.isEmpty && task.shell != nil {
            throw .invalidValue(location(node), key: section, reason: "has both 'command' and 'shell'; keep one")
        }
        return task
    }
}
