import Foundation
import Testing

@Suite("qctl config, end to end")
struct ConfigEndToEndTests {
    @Test("config show resolves an alternative cluster and names each value's source")
    func showAltCluster() throws {
        let sandbox = try Sandbox()
        sandbox.environment["LONG_WORKERS"] = "3"
        try sandbox.write("qcluster.yaml", """
        cluster:
          workers: 4
          timeout: 60
          retry: 90
        alt_clusters:
          long:
            timeout: 1h
            retry: 3700
            workers: ${LONG_WORKERS}
        """)
        let run = try sandbox.run(["config", "show", "--name", "long", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let cluster = try #require(object["cluster"] as? [String: Any])
        let sources = try #require(object["sources"] as? [String: String])
        #expect(cluster["name"] as? String == "long")
        #expect(cluster["workers"] as? Int == 3)
        #expect(cluster["timeout"] as? Int == 3600)
        #expect(cluster["queue_limit"] as? Int == 9)
        #expect(sources["workers"] == "env LONG_WORKERS via alt_clusters.long (line 9)")
        #expect(sources["timeout"] == "alt_clusters.long (line 7)")
        #expect(sources["queue_limit"] == "default (workers²)")
        #expect(sources["save_limit"] == "default")
        #expect(object["clusters"] as? [String] == ["default", "long"])

        let table = try sandbox.run(["config", "show"])
        #expect(table.stdout.contains("workers"))
        #expect(table.stdout.contains("cluster (line 2)"))
        #expect(!table.stdout.contains("LONG"))
    }

    @Test("config check names the file and its clusters; QCTL_CONFIG is honoured")
    func checkWithEnvironment() throws {
        let sandbox = try Sandbox()
        try sandbox.write("other.yaml", "alt_clusters:\n  long:\n    timeout: 10\n")
        sandbox.environment["QCTL_CONFIG"] = sandbox.file("other.yaml")
        let run = try sandbox.run(["config", "check"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("other.yaml: OK (clusters: default, long)"))
    }

    @Test("a configuration read from a pipe (--config <(...)) or /dev/stdin puts the broker under the current directory")
    func configFromPipe() throws {
        let sandbox = try Sandbox()
        // A named pipe in a folder of its own stands for the /dev/fd/N of a process substitution:
        // relative paths must not start from that folder.
        try FileManager.default.createDirectory(atPath: sandbox.file("pipes"), withIntermediateDirectories: true)
        let fifo = sandbox.file("pipes/config.yaml")
        try #require(mkfifo(fifo, 0o600) == 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "printf 'cluster:\\n  workers: 1\\n' > \"$0\"", fifo]
        try writer.runAlone()
        defer {
            if writer.isRunning { writer.terminate() }
            writer.waitUntilExit()
        }
        let run = try sandbox.run(["enqueue", "--config", fifo, "--", "true"])
        #expect(run.status == 0, "\(run.stderr)")
        let expected = URL(fileURLWithPath: sandbox.file(".qctl/broker.lmdb")).resolvingSymlinksInPath().path
        #expect(FileManager.default.fileExists(atPath: expected))
        #expect(!FileManager.default.fileExists(atPath: sandbox.file("pipes/.qctl")))
        // /dev/stdin redirected from a regular file is a regular file too, but its folder is /dev.
        let fromStdin = try sandbox.run(["info", "--config", "/dev/stdin", "--json"], stdin: "cluster:\n  workers: 1\n")
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        let stdinInfo = try #require(try JSONSerialization.jsonObject(with: Data(fromStdin.stdout.utf8)) as? [String: Any])
        #expect(stdinInfo["broker"] as? String == expected, "broker at \(stdinInfo["broker"] ?? "?")")
    }

    @Test("the repository's qcluster.yaml is valid and defines a long cluster")
    func repositoryExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sandbox = try Sandbox()
        let run = try sandbox.run(["config", "check", "--config", root.appendingPathComponent("qcluster.yaml").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("long"))
    }

    /// Rendering once took time in the square of a value's length: a megabyte
    /// must come out whole well inside the generous deadline, and must not pad the other rows.
    @Test("config show prints a 1 MiB broker.path whole, and the other rows stay narrow")
    func showVeryLongValue() throws {
        let sandbox = try Sandbox()
        let folder = String(repeating: "d", count: 1 << 20)
        try sandbox.write("qcluster.yaml", "broker:\n  path: \(folder)\n")
        let run = try sandbox.run(["config", "show"], timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.lines
        let path = try #require(lines.first { $0.hasPrefix("broker.path") })
        #expect(path.hasSuffix("/" + folder), "the value is printed whole")
        let workers = try #require(lines.first { $0.hasPrefix("workers") })
        #expect(workers.count < 100, "a row beside the long value is padded to it: \(workers.count) characters")
        #expect(!lines.contains { $0.hasSuffix(" ") }, "no line ends in spaces")
    }
}
