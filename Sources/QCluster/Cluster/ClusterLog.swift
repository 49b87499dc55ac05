import FoundationEssentials
import Glibc

/// The cluster's log, worded as Django Q's (`10:57:40 [Q] INFO Q Cluster ... running.`), one
/// line per event written with a single write(2) so lines of several processes never mix.
public struct ClusterLog: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error

        var word: String {
            switch self {
            case .debug: return "DEBUG"
            case .info: return "INFO"
            case .warning: return "WARNING"
            case .error: return "ERROR"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public enum Format: String, Sendable {
        case text, json
    }

    public var format: Format
    public var minimumLevel: Level

    public init(format: Format = .text, minimumLevel: Level = .info) {
        self.format = format
        self.minimumLevel = minimumLevel
    }

    /// `format:level`, as passed to cluster child processes.
    var encoded: String { "\(format.rawValue):\(minimumLevel.rawValue)" }

    init(encoded: String?) {
        let parts = (encoded ?? "").split(separator: ":")
        format = parts.first.flatMap { Format(rawValue: String($0)) } ?? .text
        minimumLevel = parts.count > 1 ? Int(parts[1]).flatMap(Level.init(rawValue:)) ?? .info : .info
    }

    /// Writes one event. `event` is a stable machine name (`ready`, `processed`, ...) for JSON.
    /// The message and fields are only built when the level is logged: some are per task.
    public func log(_ level: Level, _ message: @autoclosure () -> String, event: String,
                    fields: @autoclosure () -> [(String, JSONValue)] = []) {
        guard level >= minimumLevel else { return }
        let bytes = Array(line(level, message(), event: event, fields: fields()).utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Lines collected to go out together: the monitor logs a whole commit's results with one
    /// write(2) instead of one per task.
    public struct Batch {
        /// The bytes of each write(2), in order: whole lines, within PIPE_BUF (a larger write to
        /// a pipe may be interleaved with other processes' lines) unless one line alone is longer.
        private(set) var chunks: [[UInt8]] = []

        public init() {}

        mutating func add(_ line: String) {
            if let last = chunks.indices.last, chunks[last].count + line.utf8.count <= Int(PIPE_BUF) {
                chunks[last].append(contentsOf: line.utf8)
            } else {
                chunks.append(Array(line.utf8))
            }
        }
    }

    public func write(_ batch: Batch) {
        for chunk in batch.chunks {
            chunk.withUnsafeBytes { _ = Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
    }

    /// Adds one event to `batch` (nothing when its level is not logged).
    public func append(_ level: Level, _ message: @autoclosure () -> String, event: String,
                       fields: @autoclosure () -> [(String, JSONValue)] = [], to batch: inout Batch) {
        guard level >= minimumLevel else { return }
        batch.add(line(level, message(), event: event, fields: fields()))
    }

    /// One event as a line of text or JSON, newline included.
    private func line(_ level: Level, _ message: String, event: String, fields: @autoclosure () -> [(String, JSONValue)]) -> String {
        let milliseconds = Clock.nowMilliseconds()
        var line: String
        switch format {
        case .text:
            var seconds = time_t(milliseconds / 1000)
            var parts = tm()
            localtime_r(&seconds, &parts)
            line = Self.twoDigits(parts.tm_hour) + ":" + Self.twoDigits(parts.tm_min) + ":" + Self.twoDigits(parts.tm_sec)
                + " [Q] \(level.word) \(message)"
        case .json:
            var members: [(String, JSONValue)] = [
                ("time", .double(Double(milliseconds) / 1000)), ("level", .string(level.word)),
                ("event", .string(event)), ("pid", .int(Int(getpid()))), ("message", .string(message)),
            ]
            members += fields()
            line = JSONValue.object(members).rendered()
        }
        return line + "\n"
    }

    public func debug(_ message: @autoclosure () -> String, event: String, fields: @autoclosure () -> [(String, JSONValue)] = []) {
        log(.debug, message(), event: event, fields: fields())
    }

    public func info(_ message: @autoclosure () -> String, event: String, fields: @autoclosure () -> [(String, JSONValue)] = []) {
        log(.info, message(), event: event, fields: fields())
    }

    public func warning(_ message: @autoclosure () -> String, event: String, fields: @autoclosure () -> [(String, JSONValue)] = []) {
        log(.warning, message(), event: event, fields: fields())
    }

    public func error(_ message: @autoclosure () -> String, event: String, fields: @autoclosure () -> [(String, JSONValue)] = []) {
        log(.error, message(), event: event, fields: fields())
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
