import Foundation
import Testing

/// A detached tmux session in a sandbox, for driving programs that need a real terminal.
/// The session is killed when this goes away.
final class TmuxSession {
    let name = "qctl-test-\(UUID().uuidString.prefix(8))"
    let sandbox: Sandbox

    /// Starts `command` (a shell command line) in a 120x30 terminal.
    init(_ sandbox: Sandbox, command: String) throws {
        self.sandbox = sandbox
        _ = try run(["new-session", "-d", "-s", name, "-x", "120", "-y", "30", command])
    }

    deinit {
        _ = try? run(["kill-session", "-t", name])
    }

    /// The visible screen.
    func screen() -> String {
        (try? run(["capture-pane", "-p", "-t", name])) ?? ""
    }

    /// Types `keys` (tmux key names such as `Tab` are understood).
    func send(_ keys: String...) throws {
        _ = try run(["send-keys", "-t", name] + keys)
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = arguments
        process.currentDirectoryURL = sandbox.directory
        process.environment = sandbox.environment
        // A file, not a pipe: the tmux server started by the first call inherits stdout and never closes it.
        let output = sandbox.file(".tmux-\(UUID().uuidString.prefix(8))")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle.nullDevice
        try process.runAlone()
        // Poll rather than waitUntilExit, which can miss the exit of a process that forks a daemon.
        if !eventually(timeout: 10, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}
