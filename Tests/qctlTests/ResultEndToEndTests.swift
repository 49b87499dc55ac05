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
}
