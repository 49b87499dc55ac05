import Foundation
import Testing

/// The cluster with real processes and signals: `qctl start` in a sandbox.
@Suite("qctl start: the cluster, end to end")
struct ClusterEndToEndTests {
    /// A task line that appends its id to `file` (so runs can be counted) and then runs `then`.
    static func recording(_ file: String, then script: String = "true", extra: String = "") -> String {
        let shell = "echo $QCTL_TASK_ID >> \(file); \(script)".replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"shell\":\"\(shell)\"\(extra)}"
    }

    @Test("500 tasks through 4 workers: every task succeeds exactly once")
    func drain500() throws {
        let sandbox = try Sandbox()
        let ids = try sandbox.enqueue(lines: (0..<500).map { _ in Self.recording("runs.txt") })
        let cluster = try RunningCluster(sandbox, ["--workers", "4"])
        #expect(eventually(timeout: 120) { (try? sandbox.queue()["succeeded"]) == 500 })
        let runs = sandbox.lines(of: "runs.txt")
        #expect(runs.count == 500)
        #expect(Set(runs) == Set(ids))
        let queue = try sandbox.queue()
        #expect(queue["queued"] == 0 && queue["leased"] == 0 && queue["failed"] == 0)
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("two clusters named default share one queue: 1,000 tasks each run once, and both work")
    func twoClustersShareAQueue() throws {
        let sandbox = try Sandbox()
        let first = try RunningCluster(sandbox, ["--workers", "2"])
        let second = try RunningCluster(sandbox, ["--workers", "2"])
        let ids = try sandbox.enqueue(lines: (0..<1_000).map { _ in Self.recording("runs.txt") })
        #expect(eventually(timeout: 180) { (try? sandbox.queue()["succeeded"]) == 1_000 })
        let runs = sandbox.lines(of: "runs.txt")
        #expect(runs.count == 1_000)
        #expect(Set(runs) == Set(ids))
        let processedByFirst = first.logLines.filter { $0.contains(" processing '") }.count
        let processedBySecond = second.logLines.filter { $0.contains(" processing '") }.count
        #expect(processedByFirst > 0 && processedBySecond > 0)
        #expect(processedByFirst + processedBySecond == 1_000)
    }

    @Test("a long and a default cluster each run only their own queue, with their own timeout")
    func altClusterKeepsToItsQueue() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", """
        cluster:
          workers: 1
          timeout: 1
          retry: 30
          ack_failures: true
        alt_clusters:
          long:
            timeout: 20
            retry: 40
        """)
        let defaultIDs = try sandbox.enqueue(lines: [Self.recording("default.txt", then: "sleep 2")])
        let longIDs = try sandbox.enqueue(lines: [Self.recording("long.txt", then: "sleep 2")], ["--cluster", "long"])
        let defaultCluster = try RunningCluster(sandbox)
        let longCluster = try RunningCluster(sandbox, ["--name", "long"])
        #expect(eventually(timeout: 30) {
            (try? sandbox.queue()["failed"]) == 1 && (try? sandbox.queue("long")["succeeded"]) == 1
        })
        let timedOut = try sandbox.result(defaultIDs[0])
        #expect(timedOut["success"] as? Bool == false)
        #expect((timedOut["reason"] as? String)?.hasPrefix("timed out after 1s") == true)
        #expect(try sandbox.result(longIDs[0])["success"] as? Bool == true)
        #expect(!defaultCluster.log.contains(try #require(longIDs.first.map { _ in try sandbox.result(longIDs[0])["name"] as? String }) ?? "?"))
        #expect(longCluster.logLines.filter { $0.contains(" processing '") }.count == 1)
        #expect(defaultCluster.logLines.filter { $0.contains(" processing '") }.count == 1)
    }

    @Test("a timed-out task's whole process group is killed")
    func timeoutKillsTheGroup() throws {
        let sandbox = try Sandbox()
        let cluster = try RunningCluster(sandbox, ["--workers", "1"])
        let run = try sandbox.run(["enqueue", "--timeout", "1", "--shell", "sleep 100 & sleep 100"])
        let id = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(eventually(timeout: 30) { (try? sandbox.result(id))?["state"] as? String == "retrying" || (try? sandbox.result(id))?["success"] as? Bool == false })
        let result = try sandbox.result(id)
        #expect((result["reason"] as? String)?.hasPrefix("timed out") == true)
        // Only qctl's own processes remain in the sandbox: no sleep survived.
        let clusterPIDs = Set(RunningCluster.processes(in: sandbox).filter { pid in
            ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").contains("qctl")
        })
        #expect(eventually(timeout: 10) { Set(RunningCluster.processes(in: sandbox)).subtracting(clusterPIDs).isEmpty })
        _ = cluster
    }

    @Test("a killed worker is reincarnated and its task runs again after retry")
    func killedWorker() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  timeout: 5\n  retry: 6\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        let id = try #require(try sandbox.enqueue(lines: [Self.recording("starts.txt", then: "sleep 1.5")]).first)
        #expect(eventually(timeout: 20) { sandbox.lines(of: "starts.txt").count == 1 })
        var busy: [String: Any]?
        #expect(eventually(timeout: 10) {
            busy = ((try? sandbox.stats().first?["workers"] as? [[String: Any]]) ?? []).first { $0["state"] as? String == "busy" }
            return busy != nil
        })
        let workerPID = try #require(busy?["pid"] as? Int)
        kill(Int32(workerPID), SIGKILL)
        #expect(eventually(timeout: 20) {
            let stats = (try? sandbox.stats().first) ?? [:]
            let pids = (stats["workers"] as? [[String: Any]] ?? []).compactMap { $0["pid"] as? Int }
            return stats["reincarnations"] as? Int == 1 && !pids.isEmpty && !pids.contains(workerPID)
        })
        #expect(cluster.log.contains("reincarnated worker"))
        #expect(eventually(timeout: 30) { (try? sandbox.result(id))?["success"] as? Bool == true })
        #expect(try sandbox.result(id)["attempts"] as? Int == 2)
        #expect(sandbox.lines(of: "starts.txt").count == 2)
    }

    @Test("kill -9 of the sentinel leaves no process behind; a new cluster redelivers the leased tasks")
    func killedSentinel() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  timeout: 3\n  retry: 4\n  guard_cycle: 0.2\n")
        let script = "if [ -e first.$QCTL_TASK_ID ]; then echo again; else touch first.$QCTL_TASK_ID; echo $QCTL_TASK_ID >> starts.txt; sleep 100 & sleep 100; fi"
        let ids = try sandbox.enqueue(lines: ["{\"shell\":\"\(script)\"}", "{\"shell\":\"\(script)\"}"])
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 20) { sandbox.lines(of: "starts.txt").count == 2 })
        let sentinel = try #require(cluster.sentinelPID)
        kill(sentinel, SIGKILL)
        #expect(cluster.waitForExit(timeout: 20) != nil)
        #expect(eventually(timeout: 20) { RunningCluster.processes(in: sandbox).isEmpty }, "left: \(RunningCluster.processes(in: sandbox))")
        #expect(try sandbox.queue()["leased"] == 2)
        // Lease deadlines are absolute: a new cluster redelivers the tasks once retry (4 s) has passed.
        let again = try RunningCluster(sandbox)
        #expect(eventually(timeout: 60) { (try? sandbox.queue()["succeeded"]) == 2 })
        for id in ids { #expect(try sandbox.result(id)["attempts"] as? Int == 2) }
        _ = again
    }

    @Test("SIGTERM: running tasks finish and are recorded, queued ones stay, the stop sequence is logged in order")
    func gracefulStop() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 4\n  queue_limit: 4\n")
        let cluster = try RunningCluster(sandbox)
        _ = try sandbox.enqueue(lines: (0..<4).map { _ in Self.recording("starts.txt", then: "sleep 1.5; echo done") })
        #expect(eventually(timeout: 20) { sandbox.lines(of: "starts.txt").count == 4 })
        _ = try sandbox.enqueue(lines: (0..<10).map { _ in Self.recording("late.txt") })
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit(timeout: 30) == 0)
        let queue = try sandbox.queue()
        #expect(queue["succeeded"] == 4)
        #expect(queue["queued"] == 10 && queue["leased"] == 0)
        let lines = cluster.logLines
        let order = ["stopping.", "stopping cluster processes", "stopped pushing tasks", "stopped doing work",
                     "stopped monitoring results", "has stopped."]
        let positions = order.map { needle in lines.firstIndex { $0.hasSuffix(needle) } }
        #expect(positions.allSatisfy { $0 != nil }, "\(cluster.log)")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted())
        #expect(lines.filter { $0.hasSuffix("stopped doing work") }.count == 4)
        #expect(try sandbox.stats().isEmpty)
    }

    @Test("recycle 3: after 10 tasks the workers have been replaced")
    func recycle() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  recycle: 3\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        let before = Set((try sandbox.stats().first?["workers"] as? [[String: Any]] ?? []).compactMap { $0["pid"] as? Int })
        #expect(before.count == 2)
        _ = try sandbox.enqueue(lines: (0..<10).map { _ in Self.recording("runs.txt") })
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 10 })
        #expect(eventually(timeout: 10) {
            let now = Set(((try? sandbox.stats().first?["workers"] as? [[String: Any]]) ?? []).compactMap { $0["pid"] as? Int })
            return now.count == 2 && now.isDisjoint(with: before)
        })
        #expect(cluster.log.contains("recycled after 3 tasks"))
    }

    @Test("a worker that leaves is replaced at once, not at the next guard cycle")
    func immediateReplacement() throws {
        let sandbox = try Sandbox()
        // With a one-minute guard cycle, waiting for it would stop the cluster after 4 tasks.
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  recycle: 2\n  guard_cycle: 60\n")
        let cluster = try RunningCluster(sandbox)
        _ = try sandbox.enqueue(lines: (0..<12).map { _ in Self.recording("runs.txt") })
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 12 })
        // The last recycles may be logged a moment after the last result is recorded.
        #expect(eventually(timeout: 10) { cluster.log.components(separatedBy: "recycled after 2 tasks").count - 1 >= 5 }, "\(cluster.log)")
    }

    @Test("recycle 1: each recycled worker is logged with its one task, however close together they exit")
    func recycledCountsAreExact() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 3\n  recycle: 1\n")
        let cluster = try RunningCluster(sandbox)
        _ = try sandbox.enqueue(lines: Array(repeating: "{\"command\":[\"true\"]}", count: 30))
        #expect(eventually(timeout: 60) { (try? sandbox.queue()["succeeded"]) == 30 })
        #expect(eventually(timeout: 10) { cluster.logLines.filter { $0.contains(" recycled after ") }.count >= 30 })
        // A worker that exited just after the sentinel read its reports was counted with its
        // last task still running ("recycled after 0 tasks").
        let recycled = cluster.logLines.filter { $0.contains(" recycled after ") }
        #expect(recycled.allSatisfy { $0.hasSuffix(" recycled after 1 tasks") }, "\(recycled.filter { !$0.hasSuffix(" 1 tasks") })")
    }

    @Test("under load the monitor leases each finished task's replacement with its result (--verbose shows it)")
    func monitorRefills() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  queue_limit: 2\n")
        _ = try sandbox.enqueue(lines: (0..<30).map { _ in "{\"command\":[\"true\"]}" })
        let cluster = try RunningCluster(sandbox, ["--verbose", "--log-format", "json"])
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 30 })
        let refills = cluster.logLines.filter { $0.contains("\"event\":\"refilled\"") }
        #expect(!refills.isEmpty)
        #expect(try sandbox.queue()["leased"] == 0)
    }

    @Test("a task that waited for a worker keeps its lease while it runs: it is not delivered twice")
    func leaseCoversTheRun() throws {
        let sandbox = try Sandbox()
        // The second task waits 1.8 s for the only worker, then runs 1.8 s: past its 3 s lease.
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  queue_limit: 2\n  timeout: 2\n  retry: 3\n  guard_cycle: 0.1\n")
        _ = try sandbox.enqueue(lines: (0..<3).map { _ in Self.recording("starts.txt", then: "sleep 1.8") })
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 3 })
        #expect(sandbox.lines(of: "starts.txt").count == 3)
        #expect(!cluster.log.contains("lease ran out"))
    }

    @Test("a task whose lease runs out while it waits for a worker runs once, from the queue")
    func leaseRunsOutWhileWaiting() throws {
        let sandbox = try Sandbox()
        // The third task waits 3.6 s for the only worker, past its 3 s lease: the sentinel
        // requeues it and the pusher leases it again, so two copies reach the task socket.
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  queue_limit: 3\n  timeout: 2\n  retry: 3\n  guard_cycle: 0.1\n")
        let ids = try sandbox.enqueue(lines: (0..<3).map { _ in Self.recording("starts.txt", then: "sleep 1.8") })
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 3 })
        let starts = sandbox.lines(of: "starts.txt")
        #expect(starts.count == 3, "\(starts)")
        #expect(Set(starts).count == 3)
        #expect(try sandbox.result(ids[2])["attempts"] as? Int == 2)
        #expect(cluster.log.contains("its lease ran out while it waited for a worker"))
        #expect(try sandbox.queue()["leased"] == 0)
    }

    @Test("queue_limit 2: never more than 2 tasks at once, even with 4 workers")
    func queueLimit() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 4\n  queue_limit: 2\n")
        let script = "mkdir running.$QCTL_TASK_ID; ls -d running.* | wc -l >> concurrency.txt; sleep 0.3; rmdir running.$QCTL_TASK_ID"
        _ = try sandbox.enqueue(lines: (0..<12).map { _ in "{\"shell\":\"\(script)\"}" })
        let cluster = try RunningCluster(sandbox)
        var maxLeased = 0
        #expect(eventually(timeout: 60) {
            maxLeased = max(maxLeased, (try? sandbox.queue()["leased"]) ?? 0)
            return (try? sandbox.queue()["succeeded"]) == 12
        })
        let seen = sandbox.lines(of: "concurrency.txt").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(seen.count == 12)
        #expect(seen.max() == 2)
        #expect(maxLeased <= 2)
        _ = cluster
    }

    @Test("Django Q's ack_failures false with max_attempts 2: a failing task runs twice, then its failure is final")
    func maxAttempts() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", """
        cluster:\n  workers: 1\n  timeout: 1\n  retry: 2\n  ack_failures: false\n  max_attempts: 2\n  retry_backoff: 200ms\n  guard_cycle: 0.1\n
        """)
        let id = try #require(try sandbox.enqueue(lines: [Self.recording("runs.txt", then: "exit 7")]).first)
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["failed"]) == 1 })
        let result = try sandbox.result(id)
        #expect(result["state"] as? String == "failed")
        #expect(result["attempts"] as? Int == 2)
        #expect(result["exit_code"] as? Int == 7)
        #expect(sandbox.lines(of: "runs.txt").count == 2)
        #expect(try sandbox.run(["result", id]).status == 1)
        _ = cluster
    }

    @Test("ack_failures: a failing task runs once")
    func ackFailures() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  timeout: 1\n  retry: 2\n  ack_failures: true\n  guard_cycle: 0.1\n")
        let id = try #require(try sandbox.enqueue(lines: [Self.recording("runs.txt", then: "exit 3")]).first)
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["failed"]) == 1 })
        #expect(try sandbox.result(id)["state"] as? String == "failed")
        // Past the lease (2 s) and several guard cycles, nothing ran it again.
        #expect(!eventually(timeout: 3) { sandbox.lines(of: "runs.txt").count > 1 })
        #expect(try sandbox.queue()["leased"] == 0)
        _ = cluster
    }

    @Test("a cluster with another secret key never runs the tasks: they fail with 'bad signature'")
    func otherSecretKey() throws {
        let sandbox = try Sandbox()
        sandbox.environment["QCTL_SECRET_KEY"] = "the-enqueuers-key-0123456789"
        try sandbox.write("qcluster.yaml", "secret_key: ${QCTL_SECRET_KEY}\n")
        let id = try #require(try sandbox.enqueue(lines: [Self.recording("ran.txt")]).first)
        sandbox.environment["QCTL_SECRET_KEY"] = "another-key-9876543210-abcdef"
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 20) { (try? sandbox.queue()["failed"]) == 1 })
        let result = try sandbox.result(id)
        #expect((result["reason"] as? String)?.hasPrefix("bad signature") == true)
        #expect(sandbox.lines(of: "ran.txt").isEmpty)
        #expect(cluster.log.contains("bad signature"))
    }

    @Test("signals ignored by whoever started qctl (nohup, trap '') are not ignored by its tasks")
    func inheritedIgnoredSignals() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n")
        // The shell ignores SIGUSR2 and SIGQUIT, and qctl inherits that; a spawn resets only the
        // signals it knows are not at SIG_DFL, found by the first spawn of each process.
        let cluster = try RunningCluster(sandbox, wrapper: ["/bin/sh", "-c", "trap '' USR2 QUIT; exec \"$@\"", "sh"])
        let signals = try sandbox.run(["enqueue", "--wait", "--", "grep", "^SigIgn:", "/proc/self/status"])
        #expect(signals.status == 0)
        let ignored = signals.stdout.split(separator: ":").last.flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16) }
        // Bits 31 and 32 (signals 32, 33) are glibc's own, which its sigaction cannot change.
        #expect(ignored.map { $0 & 0x7FFF_FFFF } == 0, "\(signals.stdout)")
        // And qctl start itself did inherit them (the wrapper worked).
        let own = try String(contentsOfFile: "/proc/\(cluster.process.process.processIdentifier)/status", encoding: .utf8)
        let ownIgnored = own.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }.flatMap { UInt64($0.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) }
        #expect(ownIgnored.map { $0 & (1 << (SIGUSR2 - 1)) != 0 && $0 & (1 << (SIGQUIT - 1)) != 0 } == true, "\(own)")
        _ = cluster
    }

    @Test("a command that does not exist fails with a clear reason; output and exit status are recorded")
    func taskOutcomes() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  ack_failures: true\n")
        let cluster = try RunningCluster(sandbox)
        let missing = try sandbox.run(["enqueue", "--", "no-such-command-qctl"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let output = try sandbox.run(["enqueue", "--env", "GREETING=hi", "--input", "-", "--shell", "cat; echo $GREETING; echo oops >&2; exit 4"],
                                     stdin: "from stdin\n").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(eventually(timeout: 20) { (try? sandbox.queue()["failed"]) == 2 })
        #expect(try sandbox.result(missing)["reason"] as? String == "command not found: no-such-command-qctl")
        let run = try sandbox.run(["result", output])
        #expect(run.status == 1)
        #expect(run.stdout == "from stdin\nhi\n")
        #expect(run.stderr.hasPrefix("oops\n"))
        #expect(run.stderr.contains("failed: exit status 4"))
        let waited = try sandbox.run(["enqueue", "--wait", "--", "echo", "waited"])
        #expect(waited.status == 0)
        #expect(waited.stdout == "waited\n")
        let named = try sandbox.run(["enqueue", "--wait", "--name", "greeter", "--", "printenv", "QCTL_TASK_NAME"])
        #expect(named.stdout == "greeter\n")
        // --env wins over the cluster's own variable of the same name (getenv reads the first).
        let overridden = try sandbox.run(["enqueue", "--wait", "--env", "PATH=/qctl-path:/usr/bin:/bin", "--", "printenv", "PATH"])
        #expect(overridden.stdout == "/qctl-path:/usr/bin:/bin\n")
        let twice = try sandbox.run(["enqueue", "--wait", "--env", "QCTL_TEST_TWICE=1", "--env", "QCTL_TEST_TWICE=2", "--", "env"])
        #expect(twice.stdout.split(separator: "\n").filter { $0.hasPrefix("QCTL_TEST_TWICE=") } == ["QCTL_TEST_TWICE=2"],
                "a variable set twice is set once, to its last value")
        let forged = try sandbox.run(["enqueue", "--wait", "--env", "QCTL_TASK_ID=forged", "--env", "QCTL_CLUSTER=other", "--", "env"])
        let taskLines = forged.stdout.split(separator: "\n").filter { $0.hasPrefix("QCTL_TASK_ID=") || $0.hasPrefix("QCTL_CLUSTER=") }
        #expect(taskLines.count == 2 && taskLines.contains("QCTL_CLUSTER=default")
                    && taskLines.contains { $0.hasPrefix("QCTL_TASK_ID=") && $0.count == 13 + 32 && !$0.hasSuffix("=forged") },
                "qctl's task variables win over --env, each set once: \(taskLines)")
        // Output beyond a pipe's 64 KiB on both streams: the worker reads while the task runs
        // (it would block on a full pipe otherwise), keeps the first 64 KiB of each and drops the rest.
        let chatty = try sandbox.run(["enqueue", "--wait", "--timeout", "20s", "--shell",
                                      "head -c 300000 /dev/zero | tr '\\0' a; head -c 300000 /dev/zero | tr '\\0' b >&2; echo end >&2"])
        #expect(chatty.status == 0)
        #expect(chatty.stdout == String(repeating: "a", count: 65_536))
        #expect(chatty.stderr == String(repeating: "b", count: 65_536)
                    + "qctl: stdout shown up to its first 64KiB of 300000 bytes (qctl keeps no more)\n"
                    + "qctl: stderr shown up to its first 64KiB of 300004 bytes (qctl keeps no more)\n")
        // Without --input a task reads /dev/null: a reader of stdin ends at once.
        let reader = try sandbox.run(["enqueue", "--wait", "--timeout", "5s", "--shell", "cat; test ! -t 0 && readlink /proc/self/fd/0"])
        #expect(reader.status == 0)
        #expect(reader.stdout == "/dev/null\n")
        // Workers block SIGCHLD to await short tasks; a task starts with no signal blocked and
        // no standard signal ignored, as from a shell (a blocked SIGCHLD would break a script's
        // `wait`). Signals 32 and 33 are glibc's own, which its sigaction cannot change: they
        // stay as the test runner left them.
        let signals = try sandbox.run(["enqueue", "--wait", "--", "grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status"])
        #expect(signals.status == 0)
        let masks = Dictionary(uniqueKeysWithValues: signals.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: ":")
            return (String(parts[0]), UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16) ?? .max)
        })
        #expect(masks["SigBlk"] == 0, "\(signals.stdout)")
        #expect(masks["SigIgn"].map { $0 & 0x7FFF_FFFF } == 0, "\(signals.stdout)")
        // A background job and `wait` in a task: the shell gets its child's SIGCHLD.
        let waiting = try sandbox.run(["enqueue", "--wait", "--timeout", "10s", "--shell", "(sleep 0.2; exit 3) & wait $!; echo waited $?"])
        #expect(waiting.stdout == "waited 3\n")
        _ = cluster
    }
}
