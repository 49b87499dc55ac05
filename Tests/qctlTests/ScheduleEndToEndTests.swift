import Foundation
import Testing

@Suite("qctl schedule, end to end")
struct ScheduleEndToEndTests {
    /// A schedule's record from `qctl schedule show --json`.
    func schedule(_ sandbox: Sandbox, _ name: String) throws -> [String: Any] {
        let run = try sandbox.run(["schedule", "show", name, "--json"])
        return try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    }

    @Test("--every 1s --repeats 3 on a running cluster runs exactly three times, then is done")
    func repeatsThree() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.1\n")
        let cluster = try RunningCluster(sandbox)
        let added = try sandbox.run(["schedule", "add", "tick", "--every", "1s", "--repeats", "3", "--shell", "echo $QCTL_TASK_ID >> ticks.txt"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(eventually(timeout: 20) { (try? schedule(sandbox, "tick"))?["done"] as? Bool == true })
        #expect(eventually(timeout: 20) { sandbox.lines(of: "ticks.txt").count == 3 })
        // Well past the next second, nothing more ran.
        #expect(!eventually(timeout: 2) { sandbox.lines(of: "ticks.txt").count > 3 })
        let record = try schedule(sandbox, "tick")
        #expect(record["repeats"] as? Int == 0)
        #expect(record["last_result"] as? String == "success")
        #expect(cluster.logLines.filter { $0.contains("from schedule [tick]") }.count == 3)
        let list = try sandbox.run(["schedule", "list"])
        #expect(list.stdout.contains("tick") && list.stdout.contains("done"))
    }

    @Test("a --next-run years in the past (a typo) makes up at most 100 runs with catch_up, and the log says what it skipped")
    func catchUpIsBounded() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 2\n  guard_cycle: 0.02\n")
        let added = try sandbox.run(["schedule", "add", "typo", "--every", "1h", "--next-run", "2016-01-01T00:00:00Z", "--group", "typo", "--", "true"])
        #expect(added.status == 0, "\(added.stderr)")
        let cluster = try RunningCluster(sandbox)
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        #expect(eventually(timeout: 60) {
            let next = ((try? schedule(sandbox, "typo"))?["next_run"] as? String).flatMap(format.date(from:))
            return next.map { $0 > Date() } ?? false
        })
        #expect(cluster.log.contains("schedule [typo] missed more than 100 runs: skipped those before"), "\(cluster.log)")
        let fired = cluster.logLines.filter { $0.contains("from schedule [typo]") }.count
        #expect((99...101).contains(fired), "\(fired) runs made up")
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("two clusters of the same name fire each occurrence once")
    func twoClustersFireOnce() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.05\n")
        let first = try RunningCluster(sandbox)
        let second = try RunningCluster(sandbox)
        #expect(try sandbox.run(["schedule", "add", "beat", "--every", "1s", "--group", "beats", "--", "true"]).status == 0)
        // Let it beat a few times, then stop both clusters.
        #expect(eventually(timeout: 30) { (try? sandbox.run(["tasks", "--group", "beats", "--json"]).lines.count) ?? 0 >= 4 })
        first.signal(SIGTERM)
        second.signal(SIGTERM)
        #expect(first.waitForExit() == 0 && second.waitForExit() == 0)
        let fired = first.logLines.filter { $0.contains("from schedule [beat]") }.count + second.logLines.filter { $0.contains("from schedule [beat]") }.count
        let tasks = try sandbox.run(["tasks", "--group", "beats", "--limit", "1000", "--json"]).lines.count
        #expect(fired == tasks)
        #expect(fired >= 3)
        // One task per occurrence: the schedule is not ahead of the clock.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let nextText = try #require(try schedule(sandbox, "beat")["next_run"] as? String)
        let next = try #require(formatter.date(from: nextText))
        #expect(next.timeIntervalSinceNow <= 1.5)
    }

    @Test("a schedule for --cluster long is fired by long, not by default")
    func clusterOfASchedule() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  guard_cycle: 0.05\nalt_clusters:\n  long:\n    timeout: 100\n")
        let defaultCluster = try RunningCluster(sandbox, ["--workers", "1"])
        #expect(try sandbox.run(["schedule", "add", "nightly", "--once", "--cluster", "long", "--", "true"]).status == 0)
        #expect(!eventually(timeout: 2) { (try? schedule(sandbox, "nightly"))?["last_run"] is String })
        let longCluster = try RunningCluster(sandbox, ["--name", "long", "--workers", "1"])
        #expect(eventually(timeout: 20) { (try? schedule(sandbox, "nightly"))?["last_result"] as? String == "success" })
        #expect(!defaultCluster.log.contains("from schedule [nightly]"))
        #expect(longCluster.log.contains("from schedule [nightly]"))
    }

    /// An hourly schedule whose first run was 5 hours ago: 5 missed occurrences plus the current one.
    func outage(catchUp: Bool) throws -> (runs: Int, nextRunIn: TimeInterval) {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  guard_cycle: 0.05\n  catch_up: \(catchUp)\n")
        let formatter = ISO8601DateFormatter()
        let start = formatter.string(from: Date().addingTimeInterval(-5 * 3600 - 60))
        let added = try sandbox.run(["schedule", "add", "h", "--hourly", "--next-run", start, "--shell", "echo run >> runs.txt"])
        #expect(added.status == 0, "\(added.stderr)")
        let cluster = try RunningCluster(sandbox)
        let expected = catchUp ? 6 : 1
        #expect(eventually(timeout: 20) { sandbox.lines(of: "runs.txt").count >= expected })
        #expect(!eventually(timeout: 1) { sandbox.lines(of: "runs.txt").count > expected })
        let record = try schedule(sandbox, "h")
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let nextText = try #require(record["next_run"] as? String)
        let next = try #require(withFraction.date(from: nextText))
        _ = cluster
        return (sandbox.lines(of: "runs.txt").count, next.timeIntervalSinceNow)
    }

    @Test("after a 5-hour outage, catch_up true runs the 5 missed occurrences and the current one")
    func catchUpTrue() throws {
        let outcome = try outage(catchUp: true)
        #expect(outcome.runs == 6)
        #expect(outcome.nextRunIn > 0 && outcome.nextRunIn <= 3600)
    }

    @Test("after a 5-hour outage, catch_up false runs once and skips to the next future time")
    func catchUpFalse() throws {
        let outcome = try outage(catchUp: false)
        #expect(outcome.runs == 1)
        #expect(outcome.nextRunIn > 0 && outcome.nextRunIn <= 3600)
    }

    @Test("bad schedules get one line and exit 64")
    func badInput() throws {
        let sandbox = try Sandbox()
        func expect(_ arguments: [String], _ needle: String, status: Int32 = 64, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let run = try sandbox.run(["schedule"] + arguments)
            #expect(run.status == status, "\(run.stderr)", sourceLocation: sourceLocation)
            #expect(run.stderr.contains(needle), "\(run.stderr)", sourceLocation: sourceLocation)
            #expect(run.stderr.split(separator: "\n").count <= 3, sourceLocation: sourceLocation)
        }
        try expect(["add", "x", "--daily", "--cron", "0 * * * *", "--", "true"], "not several")
        try expect(["add", "x", "--cron", "61 * * * *", "--", "true"], "bad cron expression '61 * * * *': minute: 61 is out of range 0-59")
        try expect(["add", "x", "--once", "--next-run", "2001-01-01T00:00", "--", "true"], "is in the past")
        try expect(["add", "x", "--", "true"], "say how often")
        try expect(["add", "x", "--daily", "--next-run", "someday", "--", "true"], "bad --next-run 'someday'")
        try expect(["add", "x", "--every", "0s", "--", "true"], "bad --every '0s'")
        #expect(try sandbox.run(["schedule", "add", "x", "--daily", "--", "true"]).status == 0)
        try expect(["add", "x", "--hourly", "--", "true"], "a schedule named 'x' exists; use --replace")
        #expect(try sandbox.run(["schedule", "add", "x", "--hourly", "--replace", "--", "true"]).status == 0)
        try expect(["remove", "nope"], "no schedule named 'nope'", status: 65)
        try expect(["show", "nope"], "no schedule named 'nope'", status: 65)
    }

    @Test("pause, resume and run")
    func pauseResumeRun() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["schedule", "add", "p", "--daily", "--next-run", "+1h", "--", "true"]).status == 0)
        #expect(try sandbox.run(["schedule", "pause", "p"]).status == 0)
        #expect(try schedule(sandbox, "p")["paused"] as? Bool == true)
        #expect(try sandbox.run(["schedule", "resume", "p"]).status == 0)
        let nextBefore = try schedule(sandbox, "p")["next_run"] as? String
        let run = try sandbox.run(["schedule", "run", "p"])
        #expect(run.status == 0)
        let id = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try sandbox.result(id)["state"] as? String == "queued")
        #expect(try schedule(sandbox, "p")["next_run"] as? String == nextBefore)
        #expect(try schedule(sandbox, "p")["last_task"] as? String == id)
        #expect(try sandbox.run(["schedule", "remove", "p"]).status == 0)
        #expect(try sandbox.run(["schedule", "list"]).stdout.contains("no schedules"))
    }
}
