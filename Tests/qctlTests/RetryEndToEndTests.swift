import Foundation
import Testing

/// Failures end by default; retries are asked for, spaced by a backoff, and `--wait` reports
/// each failed attempt and ends with the outcome.
@Suite("retries: failures that end")
struct RetryEndToEndTests {
    /// A shell task that appends the time and its attempt to `runs.txt`, then exits with `status`.
    private static func failing(_ status: Int) -> [String] {
        ["--shell", "echo \"$(date +%s.%N) $QCTL_TASK_ATTEMPT\" >> runs.txt; exit \(status)"]
    }

    @Test("with the shipped qcluster.yaml a failing command runs exactly once and enqueue --wait exits 1 with its reason")
    func shippedConfigurationRunsAFailureOnce() throws {
        let sandbox = try Sandbox()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try FileManager.default.copyItem(atPath: root.appendingPathComponent("qcluster.yaml").path, toPath: sandbox.file("qcluster.yaml"))
        let cluster = try RunningCluster(sandbox)
        let run = try sandbox.run(["enqueue", "--wait"] + Self.failing(3))
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("failed: exit status 3\n") && !run.stderr.contains("attempt 1 failed"), "\(run.stderr)")
        #expect(sandbox.lines(of: "runs.txt").count == 1)
        #expect(try sandbox.queue()["failed"] == 1 && sandbox.queue()["leased"] == 0)
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
        #expect(sandbox.lines(of: "runs.txt").count == 1)
    }

    @Test("retries 2 with a backoff: three runs spaced by the doubling backoff, --wait prints two attempt lines, then exit 1")
    func retriesWithBackoff() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  retries: 2\n  retry_backoff: 1s\n  guard_cycle: 0.05\n")
        let cluster = try RunningCluster(sandbox)
        let run = try sandbox.run(["enqueue", "--wait"] + Self.failing(4))
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(run.stderr)")
        #expect(lines.first?.hasPrefix("qctl: attempt 1 failed: exit status 4; attempt 2 in ") == true, "\(lines)")
        #expect(lines.dropFirst().first?.hasPrefix("qctl: attempt 2 failed: exit status 4; attempt 3 in ") == true, "\(lines)")
        #expect(lines.last?.hasSuffix("failed: exit status 4") == true)
        let runs = sandbox.lines(of: "runs.txt").map { $0.split(separator: " ") }
        #expect(runs.map { $0.last.map(String.init) } == ["1", "2", "3"])
        let times = runs.compactMap { $0.first.flatMap { Double($0) } }
        try #require(times.count == 3)
        // The backoff with its jitter: at least 0.75 × 1 s, then 0.75 × 2 s.
        #expect(times[1] - times[0] >= 0.74 && times[2] - times[1] >= 1.49, "\(times)")
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("a task whose worker dies every time is given up after the default max_attempts (3), with the reason")
    func lostDeliveriesAreBoundedByDefault() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  timeout: 1\n  retry: 2\n  guard_cycle: 0.1\n")
        let id = try #require(try sandbox.enqueue(lines: ["{\"shell\":\"echo x >> runs.txt; kill -9 $PPID; sleep 5\"}"]).first)
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 60) { (try? sandbox.queue()["failed"]) == 1 })
        let result = try sandbox.result(id)
        #expect(result["attempts"] as? Int == 3)
        #expect((result["reason"] as? String)?.contains("no result within the lease (worker or cluster died); gave up after 3 attempts") == true,
                "\(result)")
        #expect(sandbox.lines(of: "runs.txt").count == 3)
        #expect(cluster.log.contains("whose deliveries kept getting lost (max_attempts 3)"))
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("retries with ack_failures true is refused with the place and a way out (exit 78)")
    func retriesConflictWithAckFailures() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  ack_failures: true\n  retries: 2\n")
        let run = try sandbox.run(["config", "check"])
        #expect(run.status == 78)
        #expect(run.stderr == "qctl: qcluster.yaml:3:12: 'cluster.retries' asks for 2 retries, but ack_failures: true makes every failure final; remove one of them\n",
                "\(run.stderr)")
    }

    @Test("ack_failures false with max_attempts 0 retries forever, as in Django Q, and the cluster says so when it starts")
    func unlimitedRetriesAreAnnounced() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  ack_failures: false\n  max_attempts: 0\n")
        let shown = try sandbox.run(["config", "show", "--json"])
        #expect(shown.stdout.contains("\"retries\":\"unlimited\""), "\(shown.stdout)")
        let cluster = try RunningCluster(sandbox)
        #expect(cluster.log.contains("retries a failed task forever (ack_failures: false with max_attempts: 0)"))
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("a task's own retries win over the cluster's: --retries, a --stdin line's retries and a tasks: entry's")
    func retriesOfOneTask() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", """
        cluster:\n  workers: 1\n  retry_backoff: 100ms\n  guard_cycle: 0.05\ntasks:\n  flaky:\n    shell: 'echo t >> tasks.txt; exit 2'\n    retries: 2\n
        """)
        let cluster = try RunningCluster(sandbox)
        let option = try sandbox.run(["enqueue", "--wait", "--retries", "1", "--shell", "echo o >> option.txt; exit 1"])
        #expect(option.status == 1)
        #expect(option.stderr.hasPrefix("qctl: attempt 1 failed: exit status 1; attempt 2 in "), "\(option.stderr)")
        #expect(sandbox.lines(of: "option.txt").count == 2)
        let line = try #require(try sandbox.enqueue(lines: ["{\"shell\":\"echo l >> line.txt; exit 1\",\"retries\":3}"]).first)
        let named = try sandbox.run(["enqueue", "--task", "flaky", "--json"])
        let namedID = try #require((try JSONSerialization.jsonObject(with: Data(named.stdout.utf8)) as? [String: Any])?["id"] as? String)
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["failed"]) == 3 })
        #expect(sandbox.lines(of: "line.txt").count == 4 && sandbox.lines(of: "tasks.txt").count == 3)
        #expect(try sandbox.result(line)["retries"] as? Int == 3 && sandbox.result(namedID)["attempts"] as? Int == 3)
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("retries out of range: one line and exit 64 on the command line, 65 in a --stdin line, 78 in qcluster.yaml")
    func badRetries() throws {
        let sandbox = try Sandbox()
        for value in ["-1", "1001"] {
            let run = try sandbox.run(["enqueue", "--retries", value, "--", "true"])
            #expect(run.status == 64 && run.stderr == "qctl: retries must be between 0 and 1000, found \(value)\n", "\(run.stderr)")
        }
        let line = try sandbox.run(["enqueue", "--stdin"], stdin: "{\"command\":[\"true\"],\"retries\":\"two\"}\n")
        #expect(line.status == 65 && line.stderr == "qctl: stdin line 1: 'retries' must be a whole number; nothing was enqueued\n", "\(line.stderr)")
        try sandbox.write("qcluster.yaml", "cluster:\n  retries: -3\n")
        let config = try sandbox.run(["config", "check"])
        #expect(config.status == 78 && config.stderr.contains("qcluster.yaml:2:12: 'cluster.retries'"), "\(config.stderr)")
    }
}
