import Foundation
import Testing

@Suite("qctl result, end to end")
struct ResultEndToEndTests {
    @Test("a task that has not run yet is reported as not finished (75), by id, short id and name")
    func notFinishedYet() throws {
        let sandbox = try Sandbox()
        let enqueued = try sandbox.run(["enqueue", "--json", "--name", "my-job", "--", "echo", "hi"])
        let record = try #require(JSONSerialization.jsonObject(with: Data(enqueued.stdout.utf8)) as? [String: Any])
        let id = try #require(record["id"] as? String)
        for key in [id, String(id.prefix(8)), "my-job"] {
            let run = try sandbox.run(["result", key])
            #expect(run.status == 75, "\(key): \(run.stderr)")
            #expect(run.stderr.contains("task my-job is queued, not finished"))
        }
        let json = try sandbox.run(["result", "my-job", "--json"])
        #expect(json.stdout.contains("\"state\":\"queued\""))
    }

    @Test("--wait gives up after its duration with exit status 75")
    func waitRunsOut() throws {
        let sandbox = try Sandbox()
        let id = try sandbox.run(["enqueue", "--", "true"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let run = try sandbox.run(["result", id, "--wait", "300ms"])
        #expect(run.status == 75)
        let enqueueWait = try sandbox.run(["enqueue", "--wait", "--wait-timeout", "200ms", "--", "true"])
        #expect(enqueueWait.status == 75)
        #expect(enqueueWait.stderr.contains("not finished"))
    }

    @Test("output past 64 KiB is cut, and result says so: a line on stderr, byte counts and flags in --json")
    func cutOutputIsReported() throws {
        let sandbox = try Sandbox()
        let id = try sandbox.run(["enqueue", "--shell", "yes abc | head -c 100000; printf oops >&2"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cluster = try RunningCluster(sandbox, ["--workers", "1"])
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 1 })
        let text = try sandbox.run(["result", id])
        #expect(text.status == 0)
        #expect(text.stdout.utf8.count == 65_536 && text.stdout.hasPrefix("abc\nabc\n"))
        #expect(text.stderr == "oopsqctl: stdout shown up to its first 64KiB of 100000 bytes (qctl keeps no more)\n", "\(text.stderr)")
        let json = try sandbox.result(id)
        #expect(json["stdout_bytes"] as? Int == 100_000 && json["stdout_truncated"] as? Bool == true)
        #expect(json["stderr_bytes"] as? Int == 4 && json["stderr_truncated"] as? Bool == false)
        let listed = try sandbox.run(["tasks", "--json"])
        #expect(listed.stdout.contains("\"stdout_truncated\":true"), "\(listed.stdout)")
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }
}
