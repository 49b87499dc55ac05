import Foundation
import QCluster
import Testing

/// Performance is measured by `qctl bench`, never asserted in a timed test; these guard the
/// mechanisms that make qctl fast, by counting instead of timing.
@Suite("batching and the benchmark")
struct BatchingEndToEndTests {
    @Test("draining 1,000 tasks takes few write transactions, and few wake-ups of the sentinel")
    func writeTransactionsStayBatched() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  queue_limit: 100\n  guard_cycle: 0.5\n")
        _ = try sandbox.enqueue(lines: Array(repeating: "{\"command\":[\"/bin/true\"]}", count: 1_000))
        let before = try #require(try sandbox.info()["write_transactions"] as? Int)
        let cluster = try RunningCluster(sandbox)
        #expect(eventually { (try? sandbox.stats().first?["pid"] as? Int) != nil })
        let sentinel = try #require(try sandbox.stats().first?["pid"] as? Int)
        #expect(eventually(timeout: 120) { (try? sandbox.queue()["succeeded"]) == 1_000 })
        let after = try #require(try sandbox.info()["write_transactions"] as? Int)
        // One lease and one acknowledgement per task would be 2,000: the monitor records results
        // in batches while the workers are fed, and leases their replacements in the same commit.
        // A loaded machine fits fewer results in each 10 ms batch window (the whole suite runs
        // beside this test), hence the margin.
        #expect(after - before <= 150, "\(after - before) write transactions for 1,000 tasks")
        // Workers report each task to the sentinel; it reads those reports in batches instead of
        // waking up once per task.
        let wakeUps = try #require(Self.voluntaryContextSwitches(of: sentinel))
        #expect(wakeUps <= 500, "the sentinel woke up \(wakeUps) times for 1,000 tasks")
        _ = cluster
    }

    @Test("queue_limit unset: short tasks deepen the queue, so a drain batches like a deep fixed one, not a commit per task as at workers²")
    func unsetQueueLimitFollowsThePace() throws {
        func transactions(drainingWith queueLimit: String) throws -> Int {
            let sandbox = try Sandbox()
            try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n\(queueLimit)  guard_cycle: 0.5\n")
            _ = try sandbox.enqueue(lines: Array(repeating: "{\"command\":[\"/bin/true\"]}", count: 1_000))
            let before = try #require(try sandbox.info()["write_transactions"] as? Int)
            let cluster = try RunningCluster(sandbox)
            #expect(eventually(timeout: 120) { (try? sandbox.queue()["succeeded"]) == 1_000 })
            _ = cluster
            return try #require(try sandbox.info()["write_transactions"] as? Int) - before
        }
        let fixed = try transactions(drainingWith: "  queue_limit: 4\n")
        let unset = try transactions(drainingWith: "")
        // At 4 (workers²) the monitor holds one result and commits it with its replacement (about
        // 530 transactions here); unset, the queue deepens within a tenth of a second.
        #expect(unset * 3 <= fixed, "queue_limit unset: \(unset) write transactions for 1,000 tasks, against \(fixed) with 4")
    }

    @Test("queue_limit unset: tasks that take a while keep workers² leased, no deeper")
    func unsetQueueLimitStaysAtWorkersSquaredForLongerTasks() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  guard_cycle: 0.1\n")
        _ = try sandbox.enqueue(lines: Array(repeating: "{\"command\":[\"sleep\",\"0.2\"]}", count: 12))
        let cluster = try RunningCluster(sandbox)
        var mostLeased = 0
        #expect(eventually(timeout: 60) {
            let counts = (try? sandbox.queue()) ?? [:]
            mostLeased = max(mostLeased, counts["leased"] ?? 0)
            return counts["succeeded"] == 12
        })
        #expect(mostLeased > 0, "the drain was never seen")
        #expect(mostLeased <= 4, "\(mostLeased) tasks leased at once by 2 workers of 0.2 s tasks")
        _ = cluster
    }

    @Test("an idle cluster rewrites its stat once a second to refresh the heartbeat, not every guard cycle; qctl start sleeps")
    func idleClusterWritesLittle() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        #expect(eventually { (try? sandbox.stats().first?["status"] as? String) == "Idle" })
        let sentinel = try #require(try sandbox.stats().first?["pid"] as? Int)
        let before = try #require(try sandbox.info()["write_transactions"] as? Int)
        let wakeUpsBefore = try #require(Self.voluntaryContextSwitches(of: sentinel))
        let start = Int(cluster.process.process.processIdentifier)
        let startWakeUpsBefore = try #require(Self.voluntaryContextSwitches(of: start))
        let started = Date()
        // The window ends once the heartbeat has been refreshed three times: about 3 s at one
        // refresh a second, a fraction of that if every guard cycle wrote it. What is checked is
        // the rate of writes and wake-ups over that time, so either way it tells them apart.
        var beats: Set<String> = []
        if let beat = try sandbox.stats().first?["heartbeat_at"] as? String { beats.insert(beat) }
        #expect(eventually {
            if let beat = try? sandbox.stats().first?["heartbeat_at"] as? String { beats.insert(beat) }
            return beats.count >= 4
        }, "the heartbeat was not refreshed: \(beats)")
        let seconds = Date().timeIntervalSince(started)
        let writes = Double(try #require(try sandbox.info()["write_transactions"] as? Int) - before) / seconds
        let wakeUps = Double(try #require(Self.voluntaryContextSwitches(of: sentinel)) - wakeUpsBefore) / seconds
        // One heartbeat a second; a write every guard cycle was ten a second.
        #expect(writes <= 2.5, "\(writes) write transactions a second in an idle cluster")
        // One wake-up per guard cycle plus the heartbeats' flushes; waking a moment early and
        // again for the last millisecond would nearly double that.
        #expect(wakeUps <= 18, "the idle sentinel woke up \(wakeUps) times a second")
        // qctl start sleeps until its sentinel exits or a signal comes (it looked 100 times a second).
        let startWakeUps = Double(try #require(Self.voluntaryContextSwitches(of: start)) - startWakeUpsBefore) / seconds
        #expect(startWakeUps <= 1, "the idle qctl start woke up \(startWakeUps) times a second")
        #expect(try sandbox.stats().first?["status"] as? String == "Idle")
        _ = cluster
    }

    @Test("once idle, the monitor unmaps the broker pages it touched; the sentinel and pusher keep about a MiB at most")
    func idleProcessesUnmapBrokerPages() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  queue_limit: 100\n  save_limit: 0\n")
        _ = try sandbox.enqueue(lines: Array(repeating: "{\"command\":[\"/bin/true\"]}", count: 2_000))
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 120) { (try? sandbox.queue()["succeeded"]) == 2_000 })
        let stat = try #require(try sandbox.stats().first)
        let pids = try ["pid", "pusher_pid", "monitor_pid"].map { try #require(stat[$0] as? Int) }
        let broker = URL(fileURLWithPath: sandbox.file(".qctl/broker.lmdb")).resolvingSymlinksInPath().path
        // Each touched page of the file maps 64 KiB around it; the monitor's commits touch most
        // of them, which would stay mapped without the release when it goes idle. The others
        // release once their RSS grew by a MiB, looking at most every 100 ms.
        var mapped: [Int] = []
        #expect(eventually(timeout: 10) {
            mapped = pids.map { Self.residentKiB(of: $0, mapping: broker) ?? -1 }
            return mapped.allSatisfy { $0 >= 0 } && mapped[0] <= 1_536 && mapped[1] <= 1_536 && mapped[2] <= 256
        }, "KiB of the broker mapped by sentinel, pusher, monitor: \(mapped)")
        _ = cluster
    }

    /// The RSS of `pid`'s mapping of `path` in KiB, from /proc/PID/smaps; nil when not mapped.
    static func residentKiB(of pid: Int, mapping path: String) -> Int? {
        // FileContents reads to the end: Foundation's readers stop at the file's size, 0 in /proc.
        guard let smaps = try? FileContents.read("/proc/\(pid)/smaps") else { return nil }
        let lines = String(decoding: smaps, as: UTF8.self).split(separator: "\n")
        guard let header = lines.firstIndex(where: { $0.hasSuffix(" " + path) }),
              let rss = lines[header...].first(where: { $0.hasPrefix("Rss:") }) else { return nil }
        return Int(rss.split(separator: " ")[1])
    }

    /// How many times the process gave up the CPU to wait (its wake-ups), from /proc.
    static func voluntaryContextSwitches(of pid: Int) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") }
        return line.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }
    }

    @Test("one enqueue is one write transaction, and --stdin commits 10,000 tasks in one")
    func enqueueTransactions() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["enqueue", "--", "true"]).status == 0)
        let start = try #require(try sandbox.info()["write_transactions"] as? Int)
        #expect(try sandbox.run(["enqueue", "--", "true"]).status == 0)
        #expect(try sandbox.info()["write_transactions"] as? Int == start + 1)
        _ = try sandbox.enqueue(lines: Array(repeating: "{\"command\":[\"true\"]}", count: 10_000))
        #expect(try sandbox.info()["write_transactions"] as? Int == start + 2)
    }

    @Test("qctl bench runs end to end and verifies its drain")
    func benchSmoke() throws {
        let sandbox = try Sandbox()
        let run = try sandbox.run(["bench", "--tasks", "20", "--workers", "1", "--queue-limit", "3", "--json"], timeout: 240)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let names = figures.compactMap { $0["name"] as? String }
        for expected in ["machine: spawn+wait", "machine: spawn+wait /bin/true, one at a time", "machine: durable 1-record LMDB commits", "machine: 1000-record LMDB transactions", "qctl start-up", "qctl start-up, the binary as exec read it from disk", "floor: qctl start-up + one durable commit", "qctl enqueue", "qctl enqueue: page faults", "bulk enqueue", "broker alone: lease + complete in batches of 64", "drain 20", "drain / spawn limit (median round)", "drain / spawn limit, lowest round", "drain: bytes the monitor wrote per task", "drain: times the monitor waited", "idle enqueue->start latency p50", "idle latency p99, its enqueue's durable commit", "idle latency p99, from that commit to the start", "machine: an idle task's commits alone (enqueue + lease, LMDB), p50", "machine: an idle task's commits alone (enqueue + lease, LMDB), p99", "worker RSS", "cluster process RSS", "cluster process peak RSS", "cluster process anonymous memory", "idle cluster CPU"] {
            #expect(names.contains { $0.hasPrefix(expected) }, "\(expected) missing from \(names)")
        }
        #expect(figures.allSatisfy { ($0["value"] as? Double ?? -1) >= 0 })
        // The kernel's count from wait4: mapping any binary's code, data and stack takes dozens.
        let faults = figures.first { ($0["name"] as? String)?.hasPrefix("qctl enqueue: page faults") == true }?["value"] as? Double
        #expect((faults ?? 0) > 20, "page faults of an enqueue: \(String(describing: faults))")
        // The shipped default (queue_limit unset: 1 to 32 for 1 worker) drains first, then --queue-limit's.
        let shipped = names.firstIndex { $0.hasPrefix("drain 20 x /bin/true, 1 workers, queue_limit unset (the default: 1 to 32 by the pace) ") }
        let deeper = names.firstIndex { $0.hasPrefix("drain 20 x /bin/true, 1 workers, queue_limit 3 (--queue-limit) ") }
        #expect(shipped != nil && deeper != nil && shipped! < deeper!, "each drain names its queue_limit, the default's first: \(names)")
        for limit in ["unset", "3"] {
            #expect(names.contains("drain / spawn limit (median round), queue_limit \(limit)"), "\(names)")
        }
    }
    @Test("Ctrl-C during the drain stops the bench's cluster, removes its temporary broker and exits 130")
    func benchInterrupted() throws {
        let sandbox = try Sandbox()
        let temporary = sandbox.file("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        sandbox.environment["TMPDIR"] = temporary
        let bench = try sandbox.start(["bench", "--tasks", "5000", "--workers", "1", "--rounds", "1"])
        // Every process of the bench works in the sandbox (the bench, its cluster, their tasks).
        defer {
            for pid in RunningCluster.processes(in: sandbox) { kill(pid, SIGKILL) }
            if bench.process.isRunning { kill(bench.process.processIdentifier, SIGKILL) }
            bench.process.waitUntilExit()
        }
        func workers() -> [Int32] {
            RunningCluster.processes(in: sandbox).filter {
                ((try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8)) ?? "").contains("cluster-process\u{0}worker")
            }
        }
        #expect(eventually(timeout: 240) { !workers().isEmpty || !bench.process.isRunning }, "the drain's cluster never started")
        try #require(bench.process.isRunning, "the bench ended before the drain: \(bench.output().stderr)")
        kill(bench.process.processIdentifier, SIGINT)
        #expect(eventually(timeout: 60) { !bench.process.isRunning })
        bench.process.waitUntilExit()
        let output = bench.output()
        #expect(bench.process.terminationStatus == 130)
        #expect(output.stderr == "qctl: bench: interrupted; its cluster was stopped and its temporary broker removed\n")
        #expect(eventually(timeout: 30) { RunningCluster.processes(in: sandbox).isEmpty }, "processes left: \(RunningCluster.processes(in: sandbox))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
    }
}
