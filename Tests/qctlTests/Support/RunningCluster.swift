import Foundation
import Testing

/// A `qctl start` running in a sandbox. Whatever happens in the test, every process it started
/// (qctl's and the tasks') is killed when this goes away: they all run in the sandbox folder,
/// so they are found by their working directory.
final class RunningCluster {
    let sandbox: Sandbox
    let process: RunningQctl

    /// Starts `qctl start ARGS` (through `wrapper`, see ``Sandbox/start(_:stdin:wrapper:)``)
    /// and waits for "running." in its log.
    init(_ sandbox: Sandbox, _ arguments: [String] = [], wrapper: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        self.sandbox = sandbox
        process = try sandbox.start(["start"] + arguments, wrapper: wrapper)
        let started = eventually(timeout: 30) { log.contains(" running.") || !process.process.isRunning }
        try #require(started && process.process.isRunning, "cluster did not start: \(log)", sourceLocation: sourceLocation)
    }

    deinit {
        killAll()
    }

    /// The cluster's log so far.
    var log: String { (try? String(contentsOfFile: process.errPath, encoding: .utf8)) ?? "" }

    var logLines: [String] { log.split(separator: "\n").map(String.init) }

    /// The pid after "guarding cluster at".
    var sentinelPID: Int32? {
        logLines.first { $0.contains("guarding cluster at") }.flatMap { Int32($0.split(separator: " ").last ?? "") }
    }

    /// Sends `signal` to `qctl start`.
    func signal(_ signal: Int32) {
        kill(process.process.processIdentifier, signal)
    }

    /// Waits for `qctl start` to exit; its status, or nil after the deadline.
    func waitForExit(timeout: TimeInterval = 60) -> Int32? {
        guard process.awaitExit(timeout: timeout) else { return nil }
        process.finishWaiting(for: "qctl start")
        return process.process.isRunning ? nil : process.process.terminationStatus
    }

    /// Every live process whose working directory is in the sandbox (cluster processes and tasks).
    static func processes(in sandbox: Sandbox) -> [Int32] {
        let root = URL(fileURLWithPath: sandbox.path).resolvingSymlinksInPath().path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != getpid(), let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
            guard cwd == root || cwd.hasPrefix(root + "/") else { return false }
            // Zombies keep their cwd link on some kernels; only running processes count.
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return !stat.contains(") Z ")
        }
    }

    func killAll() {
        for _ in 0..<5 {
            let pids = Self.processes(in: sandbox)
            if pids.isEmpty { break }
            for pid in pids { kill(pid, SIGKILL) }
            _ = eventually(timeout: 2) { Self.processes(in: sandbox).isEmpty }
        }
        if process.process.isRunning { kill(process.process.processIdentifier, SIGKILL) }
        process.awaitExit(timeout: 10)
        process.finishWaiting(for: "qctl start")
    }
}

extension Sandbox {
    /// `qctl info --json` as a dictionary.
    func info() throws -> [String: Any] {
        let run = try self.run(["info", "--json"])
        return try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    /// Per-cluster counts from `qctl info --json`.
    func queue(_ cluster: String = "default") throws -> [String: Int] {
        let queues = try info()["queues"] as? [[String: Any]] ?? []
        let queue = queues.first { $0["cluster"] as? String == cluster } ?? [:]
        return queue.compactMapValues { $0 as? Int }
    }

    /// `qctl stats --json`.
    func stats() throws -> [[String: Any]] {
        let run = try self.run(["stats", "--json"])
        return try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
    }

    /// `qctl result ID --json` as a dictionary (whatever the task's state).
    func result(_ id: String) throws -> [String: Any] {
        let run = try self.run(["result", id, "--json"])
        return try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    }

    /// Enqueues `lines` of --stdin JSON and returns the ids.
    func enqueue(lines: [String], _ extra: [String] = []) throws -> [String] {
        let run = try self.run(["enqueue", "--stdin"] + extra, stdin: lines.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        return run.lines
    }

    /// The lines of a file in the sandbox (empty when it does not exist).
    func lines(of name: String) -> [String] {
        ((try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
