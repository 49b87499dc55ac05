import Foundation
import Testing

/// Faults of a PostgreSQL broker's world, end to end with the real binary: a host (a whole
/// cluster) dies by kill -9 while another of the same name drains the queue with it, and the
/// database server restarts, or is gone for a few seconds, while a cluster works.
@Suite("qctl on a PostgreSQL broker: a host killed, the server restarted or stopped")
struct PostgreSQLFaultEndToEndTests {
    // MARK: Processes

    /// A live process's parent and process group, from /proc/PID/stat; nil when it is gone or a zombie.
    static func parentAndGroup(_ pid: Int32) -> (parent: Int32, group: Int32)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After the command's name (which may hold spaces and parentheses): state, ppid, pgrp.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count >= 3, fields[0] != "Z", fields[0] != "X", let parent = Int32(fields[1]), let group = Int32(fields[2]) else { return nil }
        return (parent, group)
    }

    static func isAlive(_ pid: Int32) -> Bool { parentAndGroup(pid) != nil }

    /// Every live process below `root`: its children, theirs, and so on.
    static func descendants(of root: Int32) -> Set<Int32> {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var children: [Int32: [Int32]] = [:]
        for pid in entries.compactMap(Int32.init) {
            if let parent = parentAndGroup(pid)?.parent { children[parent, default: []].append(pid) }
        }
        var found: Set<Int32> = [], pending = [root]
        while let next = pending.popLast() {
            for child in children[next] ?? [] where found.insert(child).inserted { pending.append(child) }
        }
        return found
    }

    /// kill -9 of a whole host's cluster at once: `qctl start`, its sentinel, pusher, monitor and
    /// workers, and the tasks they run. The sentinel's process group (the cluster's processes;
    /// tasks run in groups of their own) is stopped first, so that no worker starts a task
    /// between the look for processes and the kill. Returns the processes killed.
    static func killHost(_ cluster: RunningCluster) throws -> Set<Int32> {
        let sentinel = try #require(cluster.sentinelPID, "\(cluster.log)")
        let start = cluster.process.process.processIdentifier
        kill(-sentinel, SIGSTOP)
        let victims = descendants(of: start).union([start])
        #expect(victims.contains(sentinel))
        kill(-sentinel, SIGKILL)
        for pid in victims { kill(pid, SIGKILL) }
        return victims
    }

    // MARK: Tasks and their runs

    /// Lines of `{"shell": …}` tasks for `qctl enqueue --stdin`.
    static func shellTasks(_ script: String, count: Int) -> [String] {
        Array(repeating: "{\"shell\":\"\(script.replacingOccurrences(of: "\"", with: "\\\""))\"}", count: count)
    }

    /// `qctl tasks --json --all`: every task's record by id.
    static func records(_ sandbox: Sandbox) throws -> [String: [[String: Any]]] {
        let all = try sandbox.run(["tasks", "--json", "--all"])
        #expect(all.status == 0, "\(all.stderr)")
        let records = try all.lines.map(PostgreSQLEndToEndTests.json)
        return Dictionary(grouping: records) { $0["id"] as? String ?? "" }
    }

    /// The error lines of a cluster's log from line `from` on.
    static func errorLines(_ cluster: RunningCluster, from: Int = 0) -> [String] {
        cluster.logLines.dropFirst(from).filter { $0.contains("[Q] ERROR") }
    }

    // MARK: A host killed

    @Test("two hosts drain 2,000 tasks; one is killed (kill -9 of all its processes) mid-drain: the other finishes everything, each task succeeds once, only the killed host's tasks run twice")
    func hostKilledMidDrain() throws {
        let database = try TestPostgres.shared().createDatabase()
        // A short lease (retry 8 s, above timeout 5 s), so that the killed host's tasks come back
        // soon; queue_limit keeps either host from leasing much ahead of its workers; save_limit
        // 0 keeps every result.
        let extra = "cluster:\n  workers: 2\n  queue_limit: 8\n  timeout: 5\n  retry: 8\n  save_limit: 0\n"
        let hostA = try PostgreSQLEndToEndTests.sandbox(url: database.tcpURL, path: "spool-a", extra: extra)
        let hostB = try PostgreSQLEndToEndTests.sandbox(url: database.tcpURL, path: "spool-b", extra: extra)
        // Tasks run where they were enqueued: in a folder of neither host, whose processes are
        // found by their working directory. Each run appends its task's id and the host that ran
        // it (each host's environment names it) to one file there.
        let enqueuer = try PostgreSQLEndToEndTests.sandbox(url: database.tcpURL)
        hostA.environment["FAULT_HOST"] = "A"
        hostB.environment["FAULT_HOST"] = "B"
        let clusterA = try RunningCluster(hostA)
        let clusterB = try RunningCluster(hostB)
        #expect(eventually(timeout: 30) { ((try? enqueuer.stats()) ?? []).count == 2 }, "both hosts publish to the one database")

        let total = 2_000
        let ids = try enqueuer.enqueue(lines: Self.shellTasks("echo $QCTL_TASK_ID $FAULT_HOST >> runs.txt", count: total))
        try #require(ids.count == total && Set(ids).count == total)
        let midDrain = eventually(timeout: 120) { enqueuer.lines(of: "runs.txt").count >= 300 }
        try #require(midDrain, "\(enqueuer.lines(of: "runs.txt").count) runs")

        let victims = try Self.killHost(clusterA)
        #expect(eventually(timeout: 10) { victims.allSatisfy { !Self.isAlive($0) } },
                "left: \(victims.filter(Self.isAlive))")
        #expect(clusterA.waitForExit(timeout: 10) != nil)
        #expect(RunningCluster.processes(in: hostA).isEmpty, "left: \(RunningCluster.processes(in: hostA))")
        let ranOnA = Set(enqueuer.lines(of: "runs.txt").filter { $0.hasSuffix(" A") }.map { String($0.prefix(32)) })
        #expect(!ranOnA.isEmpty, "host A ran no task before it was killed")

        // Host B's sentinel requeues host A's leases once they run out (lease deadlines are
        // absolute; a running task's lease was extended to outlive its timeout), and runs them.
        let drained = eventually(timeout: 240) { (try? enqueuer.queue()["succeeded"]) == total }
        #expect(drained, "\((try? enqueuer.queue()) ?? [:])")
        let queue = try enqueuer.queue()
        #expect(queue["succeeded"] == total && queue["queued"] == 0 && queue["leased"] == 0 && queue["failed"] == 0, "\(queue)")

        // Every task has exactly one final result, a success.
        let records = try Self.records(enqueuer)
        #expect(Set(records.keys) == Set(ids), "records: \(records.count)")
        let notOnce = records.filter { $0.value.count != 1 || $0.value.first?["state"] as? String != "success" }
        #expect(notOnce.isEmpty, "\(notOnce.prefix(5))")

        // At least once: every task ran. Running a task and recording its result are two steps,
        // and a host that dies between them leaves the task leased without a result: the tasks
        // host A was running when it died, or had run while its monitor still held their
        // results, may have written their line already, and host B runs them again once their
        // lease runs out. So a task runs twice only if host A had leased it (once there, once
        // on host B); a task whose result host A recorded never runs again, and host B runs
        // each task once.
        var runs: [String: [Substring]] = [:]
        for line in enqueuer.lines(of: "runs.txt") {
            let parts = line.split(separator: " ")
            runs[String(parts.first ?? ""), default: []].append(parts.count > 1 ? parts[1] : "?")
        }
        #expect(Set(runs.keys) == Set(ids), "lost: \(Set(ids).subtracting(runs.keys).count), strangers: \(Set(runs.keys).subtracting(ids).count)")
        let twice = runs.filter { $0.value.count > 1 }
        let unexplained = twice.filter { $0.value.sorted() != ["A", "B"] }
        #expect(unexplained.isEmpty, "ran more than once other than once on the killed host and once on the other: \(unexplained.prefix(5))")
        for id in twice.keys {
            #expect((records[id]?.first?["attempts"] as? Int ?? 0) >= 2, "\(id) ran twice on one lease: \(records[id] ?? [])")
        }
        let processedB = clusterB.logLines.filter { $0.contains(" processing '") }.count
        #expect(processedB == runs.values.reduce(0) { $0 + $1.filter { $0 == "B" }.count }, "host B ran each task it started once")

        clusterB.signal(SIGTERM)
        #expect(clusterB.waitForExit() == 0)
        #expect(eventually(timeout: 20) { [hostA, hostB, enqueuer].allSatisfy { RunningCluster.processes(in: $0).isEmpty } },
                "left: \([hostA, hostB, enqueuer].flatMap(RunningCluster.processes(in:)))")
        // The killed host could not remove its Stat: it shows as Lost; host B's is gone.
        let left = try enqueuer.stats()
        #expect(left.count == 1 && left.first?["status"] as? String == "Lost", "\(left)")
    }

    // MARK: The server restarted or stopped

    enum Outage: String, CaseIterable, CustomTestStringConvertible, Sendable {
        /// `pg_ctl restart -m fast`: every session ends, the server is back within a second.
        case restart
        /// `pg_ctl stop -m fast`, about 3 s without a server, then `pg_ctl start`.
        case stopped
        /// As `stopped`, and the pusher is killed (kill -9) while the server is gone: its
        /// replacement cannot open the broker until the server is back.
        case stoppedPusherKilled

        var testDescription: String {
            switch self {
            case .restart: return "restarted"
            case .stopped: return "stopped for 3 s"
            case .stoppedPusherKilled: return "stopped for 3 s, the pusher killed meanwhile"
            }
        }
    }

    /// The most failed tries one cluster process may log for an outage of `seconds`: a first
    /// one, then one after each wait of its backoff (250 ms, doubling up to 2 s) that ends within
    /// the outage, and one more for the connection a restart broke, found at the first call
    /// after the server is back (the call after it connects again).
    static func triesAllowed(within seconds: Double) -> Int {
        var tries = 1, at = 0.0, delay = 0.25
        while at + delay <= seconds {
            at += delay
            tries += 1
            delay = min(delay * 2, 2)
        }
        return tries + 1
    }

    /// A cluster's error lines by the process that logged them: the pusher's (and a process
    /// that cannot open the broker) name it, the sentinel's and the monitor's are told by their
    /// words. Lines of none of these are under "other".
    static func errorsByProcess(_ lines: [String]) -> [String: [String]] {
        let sentinel = ["cannot publish the cluster's stat", "cannot requeue expired leases", "cannot fire schedules", "cannot read kill requests",
                        "cannot extend the leases"]
        return Dictionary(grouping: lines) { line in
            if sentinel.contains(where: line.contains) { return "sentinel" }
            if line.contains("cannot record ") { return "monitor" }
            if line.contains(" reincarnated ") { return "reincarnated" }
            if let process = line.split(separator: " ").first(where: { $0.hasPrefix("Process-") }),
               line.contains("cannot lease tasks") || line.contains("cannot open the broker") {
                return String(process)
            }
            return "other"
        }
    }

    @Test("the server restarts, or is gone for 3 s, while a cluster drains 200 tasks: the cluster logs the outage with a backoff, stays up and finishes every task, one success each",
          arguments: Outage.allCases)
    func serverOutageMidDrain(_ outage: Outage) throws {
        // A server of this test's own: the shared one serves other tests meanwhile.
        let server = try TestPostgres.startPrivate()
        let database = try server.createDatabase()
        // retry (30 s) outlasts the outage and the processes' backoff, so no lease runs out
        // meanwhile; connect_timeout bounds every connect.
        let url = database.tcpURL + "?connect_timeout=2"
        let sandbox = try PostgreSQLEndToEndTests.sandbox(url: url, extra: "cluster:\n  workers: 2\n  timeout: 5\n  retry: 30\n  save_limit: 0\n")
        let total = 200
        let ids = try sandbox.enqueue(lines: Self.shellTasks("sleep 0.05; echo $QCTL_TASK_ID >> runs.txt", count: total))
        try #require(ids.count == total && Set(ids).count == total)
        let cluster = try RunningCluster(sandbox)
        try #require(eventually(timeout: 60) { sandbox.lines(of: "runs.txt").count >= 40 }, "\(sandbox.lines(of: "runs.txt").count) runs")

        let logBefore = cluster.logLines.count
        let outageStart = Date()
        switch outage {
        case .restart:
            try server.restart()
        case .stopped, .stoppedPusherKilled:
            try server.stop()
            // A command meanwhile fails at once (the port refuses), in one line, exit 69.
            let enqueued = try sandbox.run(["enqueue", "--", "true"], timeout: 30)
            PostgreSQLEndToEndTests.expectOneLineError(enqueued, status: 69, "PostgreSQL unavailable")
            #expect(eventually(timeout: 15) { !Self.errorLines(cluster, from: logBefore).isEmpty }, "\(cluster.log)")
            if outage == .stoppedPusherKilled {
                let pusher = try #require(cluster.logLines.last { $0.contains("pushing tasks at") }.flatMap { Int32($0.split(separator: " ").last ?? "") })
                kill(pusher, SIGKILL)
                #expect(eventually(timeout: 10) { cluster.log.contains("cannot open the broker") }, "\(cluster.log)")
            }
            // The outage lasts until the cluster has backed off and tried again a few times.
            #expect(eventually(timeout: 15) { Self.errorLines(cluster, from: logBefore).count >= 3 }, "\(cluster.log)")
            #expect(cluster.process.process.isRunning, "the cluster exited while the server was gone: \(cluster.log)")
            try server.start()
        }
        let outageSeconds = Date().timeIntervalSince(outageStart)

        let drained = eventually(timeout: 120) { (try? sandbox.queue()["succeeded"]) == total }
        #expect(drained, "\((try? sandbox.queue()) ?? [:]) \(cluster.log)")
        #expect(cluster.process.process.isRunning, "\(cluster.log)")
        let queue = try sandbox.queue()
        #expect(queue["succeeded"] == total && queue["queued"] == 0 && queue["leased"] == 0 && queue["failed"] == 0, "\(queue)")

        // The outage shows in the log (a call on a connection the restart ended fails, and the
        // next connects again), each process backing off: a few lines, not one per look.
        let errors = Self.errorLines(cluster, from: logBefore)
        #expect(!errors.isEmpty, "\(cluster.log)")
        let byProcess = Self.errorsByProcess(errors)
        #expect(byProcess["other"] == nil, "\(byProcess["other"] ?? [])")
        let allowed = Self.triesAllowed(within: outageSeconds)
        for (process, lines) in byProcess where process != "reincarnated" {
            #expect(lines.count <= allowed, "\(process) logged \(lines.count) errors in a \(String(format: "%.1f", outageSeconds)) s outage (at most \(allowed)): \(lines.joined(separator: "\n"))")
        }
        // No process dies of the outage; a pusher killed meanwhile is replaced once, and its
        // replacement waits for the broker instead of exiting (and being replaced) again and again.
        let reincarnations = byProcess["reincarnated"] ?? []
        #expect(reincarnations.count == (outage == .stoppedPusherKilled ? 1 : 0), "\(reincarnations)")

        // Nothing lost, one final success each.
        let records = try Self.records(sandbox)
        #expect(Set(records.keys) == Set(ids))
        let notOnce = records.filter { $0.value.count != 1 || $0.value.first?["state"] as? String != "success" }
        #expect(notOnce.isEmpty, "\(notOnce.prefix(5))")
        let runs = sandbox.lines(of: "runs.txt")
        #expect(Set(runs) == Set(ids), "lost: \(Set(ids).subtracting(runs).count)")
        // A task runs again only on a second lease: after its first ran out before its result
        // could be recorded.
        let counted = Dictionary(runs.map { ($0, 1) }, uniquingKeysWith: +)
        let twice = counted.filter { $0.value > 1 }.keys
        for id in twice {
            #expect((records[id]?.first?["attempts"] as? Int ?? 0) >= 2, "\(id) ran twice on one lease: \(records[id] ?? [])")
        }

        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0, "\(cluster.log)")
        #expect(eventually(timeout: 20) { RunningCluster.processes(in: sandbox).isEmpty }, "left: \(RunningCluster.processes(in: sandbox))")
    }
}
