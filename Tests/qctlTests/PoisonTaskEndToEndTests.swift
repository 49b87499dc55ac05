import Foundation
@testable import QCluster
import Testing

/// No single task can stop a cluster: one too large to deliver, one that kills its worker every
/// time, one at the size limit. The other tasks run, and each bad one ends with a reason.
@Suite("poison tasks: no single task stops the others")
struct PoisonTaskEndToEndTests {
    @Test("a task over the size limit is refused at enqueue with one line, exit 65, nothing enqueued")
    func oversizedInputIsRefused() throws {
        let sandbox = try Sandbox()
        try Data(repeating: UInt8(ascii: "x"), count: TaskMessage.maximumEncodedSize + 1).write(to: URL(fileURLWithPath: sandbox.file("big")))
        let run = try sandbox.run(["enqueue", "--input", "big", "--", "wc", "-c"])
        #expect(run.status == 65)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("the limit is 1MiB"), "\(run.stderr)")
        // Refused before the broker is opened: not even one was created.
        #expect(try sandbox.run(["info"]).status == 69)

        let big = String(repeating: "y", count: TaskMessage.maximumEncodedSize)
        let lines = "{\"command\":[\"true\"]}\n{\"command\":[\"cat\"],\"stdin\":\"\(big)\"}\n"
        let bulk = try sandbox.run(["enqueue", "--stdin"], stdin: lines)
        #expect(bulk.status == 65)
        #expect(bulk.stderr.hasPrefix("qctl: stdin line 2: the task takes 1.0MiB"), "\(bulk.stderr)")
        #expect(bulk.stderr.hasSuffix("nothing was enqueued\n"), "\(bulk.stderr)")
        #expect(try sandbox.run(["info"]).status == 69)
    }

    @Test("a task just under the size limit is accepted, runs and reads all of its input")
    func largestTaskRuns() throws {
        let sandbox = try Sandbox()
        let size = TaskMessage.maximumEncodedSize - 4_096
        try Data(repeating: UInt8(ascii: "x"), count: size).write(to: URL(fileURLWithPath: sandbox.file("input")))
        let id = try sandbox.run(["enqueue", "--input", "input", "--", "wc", "-c"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cluster = try RunningCluster(sandbox, ["--workers", "1"])
        #expect(eventually(timeout: 30) { (try? sandbox.queue()["succeeded"]) == 1 })
        let result = try sandbox.run(["result", id])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(size))
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("a task too large to deliver (written by an older qctl) is recorded failed; the tasks behind it run")
    func undeliverableTaskIsRecordedFailed() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n  queue_limit: 1\n")
        // Enqueue refuses such a task: put it in the queue as an older qctl could have.
        let configuration = try ConfigLoader(environment: [:], currentDirectory: sandbox.path).load()
        let broker = try LMDBBroker(configuration: configuration)
        let oversized = TaskMessage(cluster: "default", command: ["cat"], workingDirectory: sandbox.path,
                                    standardInput: Array(repeating: 0x78, count: 4_500_000))
        _ = try broker.write { txn throws(LMDBError) in try broker.putQueued(txn, [oversized]) }
        let ids = try sandbox.enqueue(lines: (0..<5).map { _ in ClusterEndToEndTests.recording("runs.txt") })

        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 60) { (try? sandbox.queue()["succeeded"]) == 5 })
        #expect(Set(sandbox.lines(of: "runs.txt")) == Set(ids))
        let refused = try sandbox.result(oversized.id.hex)
        #expect(refused["success"] as? Bool == false)
        #expect((refused["reason"] as? String)?.hasPrefix("too large to run: the task takes 4.3MiB") == true, "\(refused)")
        #expect(cluster.log.contains("refused task \(oversized.id.hex): too large to run"))
        let queue = try sandbox.queue()
        #expect(queue["queued"] == 0 && queue["leased"] == 0 && queue["failed"] == 1)
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("tasks that kill their worker every time are given up after max_attempts; the others all run once")
    func workerKillingTasksAreGivenUp() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", """
        cluster:
          workers: 2
          timeout: 2
          retry: 3
          max_attempts: 2
          queue_limit: 2
          guard_cycle: 0.1
        """)
        let poison = try sandbox.enqueue(lines: (0..<3).map { _ in "{\"shell\":\"kill -9 $PPID; sleep 1\"}" })
        let ids = try sandbox.enqueue(lines: (0..<30).map { _ in ClusterEndToEndTests.recording("runs.txt") })
        let cluster = try RunningCluster(sandbox)
        #expect(eventually(timeout: 60) {
            let queue = (try? sandbox.queue()) ?? [:]
            return queue["succeeded"] == 30 && queue["failed"] == 3
        })
        let runs = sandbox.lines(of: "runs.txt")
        #expect(runs.count == 30 && Set(runs) == Set(ids))
        for id in poison {
            let result = try sandbox.result(id)
            #expect(result["success"] as? Bool == false)
            #expect((result["reason"] as? String)?.contains("gave up after 2 attempts") == true, "\(result)")
        }
        #expect(cluster.log.contains("reincarnated worker"))
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }
}
