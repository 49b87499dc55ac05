import Foundation
import Testing

@Suite("qctl enqueue, tasks, info and purge, end to end")
struct EnqueueEndToEndTests {
    @Test("an enqueued task is listed as queued, counted by info, and gone after purge")
    func enqueueListPurge() throws {
        let sandbox = try Sandbox()
        let enqueued = try sandbox.run(["enqueue", "--group", "g1", "--", "echo", "hello world"])
        #expect(enqueued.status == 0, "\(enqueued.stderr)")
        let id = enqueued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 32)

        let listed = try sandbox.run(["tasks", "--queued", "--json"])
        #expect(listed.status == 0)
        #expect(listed.lines.count == 1)
        let record = try #require(JSONSerialization.jsonObject(with: Data(listed.lines[0].utf8)) as? [String: Any])
        #expect(record["id"] as? String == id)
        #expect(record["state"] as? String == "queued")
        #expect(record["group"] as? String == "g1")
        #expect(record["command"] as? [String] == ["echo", "hello world"])
        #expect(record["cwd"] as? String == URL(fileURLWithPath: sandbox.path).resolvingSymlinksInPath().path || record["cwd"] as? String == sandbox.path)

        let table = try sandbox.run(["tasks"])
        #expect(table.stdout.contains("echo 'hello world'"))
        #expect(table.stdout.contains("queued"))

        let info = try sandbox.run(["info", "--json"])
        let stats = try #require(JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        #expect(stats["queued"] as? Int == 1)
        #expect(stats["enqueued_total"] as? Int == 1)

        let purged = try sandbox.run(["purge"])
        #expect(purged.status == 0)
        #expect(purged.stdout.contains("purged 1 queued task from 'default'"))
        #expect(try sandbox.run(["tasks", "--queued", "--json"]).stdout.isEmpty)
        let after = try sandbox.run(["info", "--json"])
        let statsAfter = try #require(JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        #expect(statsAfter["queued"] as? Int == 0)
    }

    @Test("the broker folder is created 0700 and its files 0600")
    func brokerPermissions() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["enqueue", "--", "true"]).status == 0)
        func mode(_ path: String) throws -> Int {
            try #require((FileManager.default.attributesOfItem(atPath: sandbox.file(path))[.posixPermissions] as? NSNumber)?.intValue)
        }
        #expect(try mode(".qctl") == 0o700)
        #expect(try mode(".qctl/broker.lmdb") == 0o600)
        #expect(try mode(".qctl/broker.lmdb.key") == 0o600)
    }

    @Test("--stdin enqueues 10,000 lines in order, each with its own options")
    func stdinBulk() throws {
        let sandbox = try Sandbox()
        var input = ""
        for index in 0..<10_000 {
            input += index % 2 == 0 ? "{\"command\":[\"echo\",\"\(index)\"]}\n" : "{\"shell\":\"echo \(index)\",\"group\":\"odd\",\"cluster\":\"long\"}\n"
        }
        let run = try sandbox.run(["enqueue", "--stdin"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.lines.count == 10_000)
        #expect(Set(run.lines).count == 10_000)
        let info = try sandbox.run(["info", "--json"])
        let stats = try #require(JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        let queues = try #require(stats["queues"] as? [[String: Any]])
        #expect(queues.first { $0["cluster"] as? String == "default" }?["queued"] as? Int == 5_000)
        #expect(queues.first { $0["cluster"] as? String == "long" }?["queued"] as? Int == 5_000)
        let first = try sandbox.run(["tasks", "--queued", "--cluster", "default", "--limit", "2", "--json"])
        #expect(first.lines.count == 2)
        #expect(first.lines[0].contains("\"command\":[\"echo\",\"0\"]"))
        #expect(first.lines[1].contains("\"command\":[\"echo\",\"2\"]"))
    }

    @Test("--stdin with a malformed line names the line and enqueues nothing")
    func stdinMalformedLine() throws {
        let sandbox = try Sandbox()
        let input = "{\"command\":[\"echo\",\"1\"]}\n{\"command\":[\"echo\",\"2\"]}\n{\"command\": \"echo 3\"}\n"
        let run = try sandbox.run(["enqueue", "--stdin"], stdin: input)
        #expect(run.status == 65)
        #expect(run.stderr.contains("stdin line 3"))
        #expect(run.stderr.contains("nothing was enqueued"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        // The input is checked before the broker is opened: not even an empty one is made.
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl")))

        let typo = try sandbox.run(["enqueue", "--stdin"], stdin: "{\"comand\":[\"x\"]}\n")
        #expect(typo.status == 65)
        #expect(typo.stderr.contains("did you mean 'command'"))

        // Each line's working directory is checked, also after lines that share another one.
        try FileManager.default.createDirectory(atPath: sandbox.file("here"), withIntermediateDirectories: true)
        let lines = ["{\"command\":[\"true\"]}", "{\"command\":[\"true\"],\"cwd\":\"here\"}", "{\"command\":[\"true\"],\"cwd\":\"here\"}",
                     "{\"command\":[\"true\"],\"cwd\":\"gone\"}"]
        let missing = try sandbox.run(["enqueue", "--stdin"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("stdin line 4"))
        #expect(missing.stderr.contains("gone' does not exist"))
    }

    @Test("four concurrent enqueue processes of 500 tasks each leave exactly 2,000 distinct tasks")
    func concurrentEnqueue() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["enqueue", "--", "true"]).status == 0)  // create the broker and key first
        #expect(try sandbox.run(["purge"]).status == 0)
        let script = (0..<500).map { "{\"command\":[\"echo\",\"\($0)\"]}" }.joined(separator: "\n")
        var processes: [RunningQctl] = []
        for worker in 0..<4 {
            // Two of them send one process per task, two send a batch: both paths race for the write lock.
            if worker < 2 {
                processes.append(try sandbox.start(["enqueue", "--stdin"], stdin: script))
            } else {
                processes.append(try sandbox.start(["enqueue", "--stdin", "--group", "w\(worker)"], stdin: script))
            }
        }
        let finished = eventually(timeout: 120) { processes.allSatisfy { !$0.process.isRunning } }
        for process in processes where process.process.isRunning { kill(process.process.processIdentifier, SIGKILL) }
        #expect(finished)
        var ids: [String] = []
        for process in processes {
            process.process.waitUntilExit()
            let output = process.output()
            #expect(output.status == 0, "\(output.stderr)")
            ids += output.lines
        }
        #expect(ids.count == 2_000)
        #expect(Set(ids).count == 2_000)
        let listed = try sandbox.run(["tasks", "--queued", "--limit", "5000", "--json"])
        #expect(listed.lines.count == 2_000)
        let stats = try #require(JSONSerialization.jsonObject(with: Data(try sandbox.run(["info", "--json"]).stdout.utf8)) as? [String: Any])
        #expect(stats["queued"] as? Int == 2_000)
    }

    @Test("many single-task processes at once lose nothing")
    func concurrentSingleEnqueues() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["enqueue", "--", "true"]).status == 0)
        var processes: [RunningQctl] = []
        for index in 0..<40 { processes.append(try sandbox.start(["enqueue", "--", "echo", "\(index)"])) }
        #expect(eventually(timeout: 60) { processes.allSatisfy { !$0.process.isRunning } })
        for process in processes where process.process.isRunning { kill(process.process.processIdentifier, SIGKILL) }
        let ids = processes.map { $0.output().stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(Set(ids).count == 40)
        #expect(try sandbox.run(["tasks", "--queued", "--limit", "100", "--json"]).lines.count == 41)
    }

    @Test("a named task from qcluster.yaml fills in its arguments")
    func namedTask() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", """
        tasks:
          thumbnail:
            command: [convert, "{1}", -resize, 200x200, "{2}"]
            timeout: 30
            cluster: long
        """)
        let run = try sandbox.run(["enqueue", "--json", "--task", "thumbnail", "a.png", "b.png"])
        #expect(run.status == 0, "\(run.stderr)")
        let record = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(record["command"] as? [String] == ["convert", "a.png", "-resize", "200x200", "b.png"])
        #expect(record["cluster"] as? String == "long")
        #expect(record["timeout"] as? Int == 30)

        let missing = try sandbox.run(["enqueue", "--task", "thumbnail", "a.png"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("uses {2} but got 1 argument"))
        let unknown = try sandbox.run(["enqueue", "--task", "thumb"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("known tasks: thumbnail"))
    }

    @Test("--strict refuses a cluster the configuration does not define")
    func strictCluster() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "alt_clusters:\n  long:\n    timeout: 3600\n    retry: 3700\n")
        #expect(try sandbox.run(["enqueue", "--cluster", "nightly", "--", "true"]).status == 0)
        let strict = try sandbox.run(["enqueue", "--strict", "--cluster", "nightly", "--", "true"])
        #expect(strict.status == 64)
        #expect(strict.stderr.contains("unknown cluster 'nightly'"))
        #expect(strict.stderr.contains("default, long"))
        #expect(try sandbox.run(["enqueue", "--strict", "--cluster", "long", "--", "true"]).status == 0)
    }

    @Test("tasks lists 50 by default, and every task with --limit 0 or --all")
    func tasksWithoutLimit() throws {
        let sandbox = try Sandbox()
        let input = String(repeating: #"{"command":["true"]}"# + "\n", count: 60)
        #expect(try sandbox.run(["enqueue", "--stdin"], stdin: input).status == 0)
        #expect(try sandbox.run(["tasks", "--json"]).lines.count == 50)
        #expect(try sandbox.run(["tasks", "--json", "--limit", "0"]).lines.count == 60)
        #expect(try sandbox.run(["tasks", "--json", "--all"]).lines.count == 60)
        #expect(try sandbox.run(["tasks", "--json", "--all", "--limit", "0"]).lines.count == 60)
        #expect(try sandbox.run(["tasks", "--json", "--limit", "7"]).lines.count == 7)
    }

    /// The argument parser took time in the square of the words after `--`; they
    /// are handed over after it, so a long command is parsed whole well inside the deadline.
    @Test("50,000 words after -- reach the task whole, through the full parser and schedule add")
    func manyCommandWords() throws {
        let sandbox = try Sandbox()
        let words = (0..<50_000).map { "w\($0)" }
        let run = try sandbox.run(["enqueue", "--json", "--", "echo"] + words, timeout: 60)
        #expect(run.status == 0, "\(run.stderr.prefix(300))")
        let task = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(task["command"] as? [String] == ["echo"] + words)
        let schedule = try sandbox.run(["schedule", "add", "long", "--daily", "--json", "--", "echo"] + words, timeout: 60)
        #expect(schedule.status == 0, "\(schedule.stderr.prefix(300))")
        #expect(schedule.stdout.contains("w49999"))
    }
}
