/// Where in a configuration file something was found: file, 1-based line and column.
public struct ConfigLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// A configuration that cannot be used. Every case names the file and, where there is one,
/// the line, column and key, so that the one-line message is enough to fix it.
public enum ConfigError: UserFacingError, Equatable {
    /// The file named by `--config` or `$QCTL_CONFIG` does not exist.
    case fileNotFound(path: String, origin: String)
    /// The file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not UTF-8 text: where its first byte that is not, and that byte.
    case notUTF8(ConfigLocation, byte: UInt8)
    /// The YAML itself is malformed.
    case syntax(ConfigLocation, problem: String)
    /// A key that qctl does not know, with the nearest known key when one is close.
    case unknownKey(ConfigLocation, key: String, section: String, suggestion: String?)
    /// A value of the wrong kind (a word where a number belongs, a list where a mapping belongs).
    case wrongType(ConfigLocation, key: String, expected: String, found: String)
    /// A value of the right kind that is not allowed (workers: 0, a negative timeout).
    case invalidValue(ConfigLocation, key: String, reason: String)
    /// `retry` must be longer than `timeout`, or running tasks are delivered twice.
    case retryNotAboveTimeout(ConfigLocation, cluster: String, retry: String, timeout: String)
    /// `${NAME}` with an unterminated brace or an empty name.
    case badEnvironmentReference(ConfigLocation, key: String, text: String)
    /// The directory qctl runs in was deleted, so a relative path (the default ./qcluster.yaml,
    /// and the broker beside it) would be taken from the root.
    case currentDirectoryMissing

    public var exitStatus: ExitStatus { self == .currentDirectoryMissing ? .usage : .configuration }

    public var description: String {
        switch self {
        case let .fileNotFound(path, origin):
            return "\(path): configuration file not found (given by \(origin))"
        case let .unreadable(path, reason):
            return "\(path): cannot read configuration: \(reason)"
        case let .notUTF8(location, byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "\(location): not UTF-8 (byte 0x\(hex.count < 2 ? "0" + hex : hex)); save the file as UTF-8"
        case let .syntax(location, problem):
            return "\(location): invalid YAML: \(problem)"
        case let .unknownKey(location, key, section, suggestion):
            let place = section.isEmpty ? "at the top level" : "in '\(section)'"
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
            return "\(location): unknown key '\(key)' \(place)\(hint)"
        case let .wrongType(location, key, expected, found):
            return "\(location): '\(key)' must be \(expected), found \(found)"
        case let .invalidValue(location, key, reason):
            return "\(location): '\(key)' \(reason)"
        case let .retryNotAboveTimeout(location, cluster, retry, timeout):
            return "\(location): cluster '\(cluster)': retry (\(retry)) must be longer than timeout (\(timeout)), "
                + "or a task still running is delivered again to another worker; raise retry or lower timeout"
        case .currentDirectoryMissing:
            return "the current directory no longer exists; cd to one that does, or give --config with an absolute path"
        case let .badEnvironmentReference(location, key, text):
            return "\(location): '\(key)' has a malformed environment reference in '\(text)'; write ${NAME} or ${NAME:-default}"
        }
    }
}
