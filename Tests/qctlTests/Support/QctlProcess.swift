import Foundation
import Testing

/// The outcome of one run of the real `qctl` binary.
struct QctlRun {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Whether a signal ended it (`status` is then the signal's number).
    var signaled = false

    var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// A temporary directory with its own broker, where tests run the built `qctl` binary.
final class Sandbox {
    let directory: URL
    var environment: [String: String]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // No PG* variable of the test run's: they would change the tests' connections.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment.removeValue(forKey: "QCTL_CONFIG")
        environment.removeValue(forKey: "QCTL_SECRET_KEY")
        environment.removeValue(forKey: "Q_CLUSTER_NAME")
        self.environment = environment
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    var path: String { directory.path }

    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ name: String, _ contents: String) throws {
        try contents.write(toFile: file(name), atomically: true, encoding: .utf8)
    }

    /// Runs qctl with `arguments`, feeding `stdin`, and waits for it with a deadline.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 60) throws -> QctlRun {
        try run(arguments, input: stdin.map { Data($0.utf8) }, timeout: timeout)
    }

    /// ``run(_:stdin:timeout:)`` with standard input as bytes (which need not be UTF-8) and,
    /// with a `wrapper`, through that command as ``start(_:input:wrapper:)`` runs it.
    @discardableResult
    func run(_ arguments: [String], input: Data?, wrapper: [String] = [], timeout: TimeInterval = 60) throws -> QctlRun {
        let process = try start(arguments, input: input, wrapper: wrapper)
        if !process.awaitExit(timeout: timeout) {
            kill(process.process.processIdentifier, SIGKILL)
            Issue.record("qctl \(arguments.joined(separator: " ")) did not finish within \(timeout)s")
            process.awaitExit(timeout: 10)
        }
        process.finishWaiting(for: "qctl \(arguments.joined(separator: " "))")
        return process.output()
    }

    /// Starts qctl without waiting; the caller waits or kills. With a `wrapper` (a command and
    /// its arguments), that command runs instead, with qctl's path and `arguments` after its own.
    func start(_ arguments: [String], stdin: String? = nil, wrapper: [String] = []) throws -> RunningQctl {
        try start(arguments, input: stdin.map { Data($0.utf8) }, wrapper: wrapper)
    }

    /// ``start(_:stdin:wrapper:)`` with standard input as bytes.
    func start(_ arguments: [String], input: Data?, wrapper: [String] = []) throws -> RunningQctl {
        let id = UUID().uuidString.prefix(8)
        let outPath = file(".out-\(id)"), errPath = file(".err-\(id)")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        let qctl = try QctlBinary.path()
        process.executableURL = URL(fileURLWithPath: wrapper.first ?? qctl)
        process.arguments = wrapper.isEmpty ? arguments : wrapper.dropFirst() + [qctl] + arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        if let input {
            let inPath = file(".in-\(id)")
            _ = FileManager.default.createFile(atPath: inPath, contents: input)
            process.standardInput = FileHandle(forReadingAtPath: inPath)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.runAlone()
        return RunningQctl(process: process, outPath: outPath, errPath: errPath)
    }
}

/// A qctl process started in the background.
struct RunningQctl {
    let process: Process
    let outPath: String
    let errPath: String

    /// Waits up to `timeout` for the process to end; whether it ended. It polls rather than
    /// calling `waitUntilExit`, which has been seen to wait forever for a child whose exit
    /// Foundation's Process missed: a child gone from the kernel's table (reaped) for a second
    /// counts as ended even when `isRunning` still says otherwise (its status is then unknown).
    @discardableResult
    func awaitExit(timeout: TimeInterval) -> Bool {
        var goneSince: Date?
        return eventually(timeout: timeout, every: 0.001) {
            guard process.isRunning else { return true }
            guard Self.isReaped(process.processIdentifier) else { return false }
            let since = goneSince ?? Date()
            goneSince = since
            return Date().timeIntervalSince(since) > 1
        }
    }

    /// Lets Process release what it holds for an ended child (waitUntilExit, which returns at
    /// once then; without it every run leaks its output's descriptors); records an issue
    /// instead when Process missed the exit.
    func finishWaiting(for what: String) {
        if process.isRunning {
            Issue.record("\(what) ended, but Foundation's Process missed its exit")
        } else {
            process.waitUntilExit()
        }
    }

    /// Whether `pid` is no longer a child of this process (reaped), without reaping it.
    private static func isReaped(_ pid: Int32) -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == -1 && errno == ECHILD
    }

    func output() -> QctlRun {
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return QctlRun(status: process.isRunning ? -1 : process.terminationStatus, stdout: out, stderr: err,
                       signaled: !process.isRunning && process.terminationReason == .uncaughtSignal)
    }
}

enum QctlBinary {
    struct NotFound: Error, CustomStringConvertible {
        var description: String { "the qctl binary was not found; run swift build first (or set QCTL_BINARY)" }
    }

    /// The built binary: $QCTL_BINARY, else next to the test bundle, else .build/debug/qctl.
    static func path() throws -> String {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["QCTL_BINARY"] { candidates.append(explicit) }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(bundle.appendingPathComponent("qctl").path)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("qctl").path)
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("qctl").path)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/qctl").path)
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { throw NotFound() }
        return found
    }
}

/// The build tools the tests run (generate-manual, generate-order-file): not part of what ships,
/// so beside the binary under test (a debug build), or beside the tests when they run a release
/// binary (QCTL_BINARY), whose folder holds only what ships.
enum BuildTool {
    static func path(_ name: String) throws -> String {
        let folders = [URL(fileURLWithPath: try QctlBinary.path()), URL(fileURLWithPath: CommandLine.arguments[0])].map { $0.deletingLastPathComponent() }
        let candidates = folders.map { $0.appendingPathComponent(name).path }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
                            "\(name) is missing from \(candidates): make test builds it (swift build --build-tests)")
    }
}

/// Polls `condition` every `interval` seconds until it holds or `timeout` passes; returns
/// whether it held.
func eventually(timeout: TimeInterval = 30, every interval: TimeInterval = 0.01, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try condition() { return true }
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { return false }
        // The next look: after the poll interval, or at the deadline if that comes first.
        usleep(useconds_t(min(interval, remaining) * 1_000_000))
    }
}
