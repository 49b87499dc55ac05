import FoundationEssentials
import Glibc

/// Finds, reads and validates `qcluster.yaml`.
///
/// The file is composed into a node tree rather than decoded, because only the tree keeps
/// every value's line and column: each error then points at the exact spot to fix.
public struct ConfigLoader: Sendable {
    /// The variables `${NAME}` and `QCTL_CONFIG` are read from; nil reads this process's own,
    /// one getenv(3) per name used (copying the whole environment costs a one-shot command more).
    public var environment: [String: String]?
    public var currentDirectory: String

    public init(environment: [String: String]? = nil,
                currentDirectory: String = PathResolver.currentDirectory) {
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// The configuration named by `explicitPath` (`--config`), else `$QCTL_CONFIG`, else
    /// `./qcluster.yaml`, else the built-in defaults.
    public func load(explicitPath: String? = nil) throws(ConfigError) -> Configuration {
        let chosen = chosenFile(explicitPath: explicitPath)
        // getcwd(3) fails once the directory has been deleted; resolving against "" would read
        // /qcluster.yaml and create /.qctl.
        if currentDirectory.isEmpty, !chosen.path.hasPrefix("/") { throw .currentDirectoryMissing }
        let path = absolute(chosen.path)
        var info = stat()
        guard stat(path, &info) == 0 else {
            if chosen.required { throw .fileNotFound(path: chosen.path, origin: chosen.origin) }
            var defaults = Configuration(directory: currentDirectory)
            try applyBrokerURLVariable(to: &defaults)
            return defaults
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw .unreadable(path: chosen.path, reason: "it is a directory") }
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path)
        } catch {
            throw .unreadable(path: chosen.path, reason: error.code == EACCES ? "permission denied" : error.description)
        }
        guard let text = UTF8Text.string(bytes) else {
            let offset = UTF8Text.offsetOfFirstInvalidByte(bytes) ?? 0
            let position = TextPosition(ofOffset: offset, in: bytes)
            throw .notUTF8(ConfigLocation(file: chosen.path, line: position.line, column: position.column),
                           byte: offset < bytes.count ? bytes[offset] : 0)
        }
        // A configuration that is not a regular file (`--config <(...)`, /dev/null), or is one
        // only through /dev or /proc (/dev/stdin redirected from a file), has no folder of its
        // own: /dev/fd is no place for a broker, so its relative paths start from the current
        // directory.
        let ownFolder = info.st_mode & S_IFMT == S_IFREG && !path.hasPrefix("/dev/") && !path.hasPrefix("/proc/")
        let directory = ownFolder ? PathResolver.folder(of: path) : currentDirectory
        return try parse(yaml: text, file: chosen.path, directory: directory)
    }

    /// Parses configuration text; `file` names it in errors and `directory` anchors relative paths.
    public func parse(yaml: String, file: String, directory: String) throws(ConfigError) -> Configuration {
        var configuration = Configuration(file: file, directory: directory)
        let root: YAMLNode?
        do {
            root = try YAMLComposer.compose(yaml)
        } catch {
            throw .syntax(ConfigLocation(file: file, line: error.line, column: error.column), problem: error.problem)
        }
        guard let root else {  // An empty file means all defaults.
            try applyBrokerURLVariable(to: &configuration)
            return configuration
        }
        let walker = NodeWalker(file: file, expander: EnvironmentExpander(environment: environment))
        let top = try walker.mapping(root, key: "the file", section: "")
        var brokerURLLocation: ConfigLocation?
        /// The variable that left `secret_key` empty (`${QCTL_SECRET_KEY}` not set), if one did.
        var emptySecretVariable: String?
        for (keyNode, value) in top {
            let key = try walker.keyName(keyNode)
            switch key {
            case "broker":
                for (brokerKeyNode, brokerValue) in try walker.mapping(value, key: "broker", section: "broker") {
                    let brokerKey = try walker.keyName(brokerKeyNode)
                    switch brokerKey {
                    case "path":
                        let text = try walker.string(brokerValue, key: "broker.path").text
                        guard !text.isEmpty else { throw .invalidValue(walker.location(brokerValue), key: "broker.path", reason: "must not be empty") }
                        configuration.brokerPath = PathResolver.absolute(text, from: directory)
                    case "map_size":
                        configuration.mapSize = try walker.size(brokerValue, key: "broker.map_size", minimum: 1 << 20)
                    case "url":
                        let text = try walker.string(brokerValue, key: "broker.url").text
                        if !text.isEmpty {
                            try Self.checkBrokerURL(text, at: walker.location(brokerValue), key: "broker.url")
                            configuration.brokerURL = text
                            brokerURLLocation = walker.location(brokerValue)
                        }
                    default:
                        throw walker.unknown(brokerKeyNode, key: brokerKey, section: "broker", known: ["path", "map_size", "url"])
                    }
                }
            case "web":
                for (webKeyNode, webValue) in try walker.mapping(value, key: "web", section: "web") {
                    let webKey = try walker.keyName(webKeyNode)
                    guard webKey == "token" else { throw walker.unknown(webKeyNode, key: webKey, section: "web", known: ["token"]) }
                    let token = try walker.string(webValue, key: "web.token").text
                    // A short token is guessed by whoever can reach the port.
                    guard token.isEmpty || token.utf8.count >= 16 else {
                        throw .invalidValue(walker.location(webValue), key: "web.token", reason: "must be at least 16 characters long")
                    }
                    configuration.webToken = token.isEmpty ? nil : token
                }
            case "secret_key":
                let (secret, variable) = try walker.string(value, key: "secret_key")
                configuration.secretKey = secret.isEmpty ? nil : secret
                emptySecretVariable = secret.isEmpty ? variable : nil
            case "timezone":
                let zone = try walker.string(value, key: "timezone").text
                if !zone.isEmpty {
                    guard ZoneRules.named(zone) != nil else {
                        throw .invalidValue(walker.location(value), key: "timezone", reason: ZoneRules.unknownZoneReason(zone))
                    }
                    configuration.timeZone = zone
                }
            case "cluster":
                configuration.clusterSection = try walker.clusterSection(value, section: "cluster", allowName: true)
            case "alt_clusters":
                for (nameNode, section) in try walker.mapping(value, key: "alt_clusters", section: "alt_clusters") {
                    let name = try walker.keyName(nameNode)
                    guard ClusterName.isValid(name) else {
                        throw .invalidValue(walker.location(nameNode), key: "alt_clusters.\(name)", reason: "is not a valid cluster name: use letters, digits, '-', '_' and '.'")
                    }
                    configuration.altClusters[name] = try walker.clusterSection(section, section: "alt_clusters.\(name)", allowName: false)
                }
            case "tasks":
                for (nameNode, definition) in try walker.mapping(value, key: "tasks", section: "tasks") {
                    let name = try walker.keyName(nameNode)
                    configuration.tasks[name] = try walker.namedTask(definition, name: name)
                }
            default:
                throw walker.unknown(keyNode, key: key, section: "", known: ["broker", "secret_key", "timezone", "cluster", "alt_clusters", "tasks", "web"])
            }
        }
        try applyBrokerURLVariable(to: &configuration, emptySecretVariable: emptySecretVariable)
        if let brokerURLLocation, configuration.brokerURL != nil, configuration.secretKey == nil {
            throw .invalidValue(brokerURLLocation, key: "broker.url", reason: Self.sharedKeyReason(emptySecretVariable))
        }
        try configuration.validateAllClusters()
        return configuration
    }

    /// A non-empty `$QCTL_BROKER_URL` names the broker in place of `broker.url`.
    private func applyBrokerURLVariable(to configuration: inout Configuration, emptySecretVariable: String? = nil) throws(ConfigError) {
        guard let url = EnvironmentExpander(environment: environment).value(of: "QCTL_BROKER_URL"), !url.isEmpty else { return }
        let location = ConfigLocation(file: "environment", line: 0, column: 0)
        try Self.checkBrokerURL(url, at: location, key: "$QCTL_BROKER_URL")
        guard configuration.secretKey != nil else {
            throw .invalidValue(location, key: "$QCTL_BROKER_URL", reason: Self.sharedKeyReason(emptySecretVariable))
        }
        configuration.brokerURL = url
    }

    /// Why a PostgreSQL broker needs `secret_key`: a key generated on one host would not verify
    /// the tasks enqueued on another. When the file names a variable for it that is not set
    /// (a command run outside the service that sets it), the reason says so.
    private static func sharedKeyReason(_ emptyVariable: String?) -> String {
        let why = "every host that shares a PostgreSQL broker must sign tasks with the same key"
        guard let emptyVariable else { return "needs secret_key in qcluster.yaml: " + why }
        return "needs secret_key, which is empty as $\(emptyVariable) is empty or not set here: " + why
    }

    /// libpq's URI forms; its `key=value` strings are left out, as a YAML value they read as a
    /// mistake more often than as a connection string.
    private static func checkBrokerURL(_ url: String, at location: ConfigLocation, key: String) throws(ConfigError) {
        if let problem = BrokerURL.problem(url) { throw .invalidValue(location, key: key, reason: problem) }
    }

    /// The first of `--config`, a non-empty `$QCTL_CONFIG` and `./qcluster.yaml`. Written as
    /// branches: an array of optional tuples has its generic type built at run time.
    private func chosenFile(explicitPath: String?) -> (path: String, origin: String, required: Bool) {
        if let explicitPath { return (explicitPath, "--config", true) }
        if let variable = EnvironmentExpander(environment: environment).value(of: "QCTL_CONFIG"), !variable.isEmpty {
            return (variable, "QCTL_CONFIG", true)
        }
        return ("qcluster.yaml", "default location", false)
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : PathResolver.absolute(path, from: currentDirectory)
    }
}

/// The rules for cluster (and so queue) names.
public enum ClusterName {
    public static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64 else { return false }
        // ASCII names are decided byte by byte; Unicode properties (an ICU look-up per scalar,
        // once per line of a bulk enqueue) only for the others.
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            return name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ".")
            }
        }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }
}
