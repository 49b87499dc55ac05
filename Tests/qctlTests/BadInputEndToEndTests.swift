import Foundation
import Testing

/// Every user mistake ends with one line on stderr and its own exit status (README, "Exit status").
@Suite("bad input gets one clear line and a distinct exit status")
struct BadInputEndToEndTests {
    /// Runs `arguments` in a sandbox whose qcluster.yaml is `config` and checks the outcome.
    private func expectFailure(config: String? = nil, _ arguments: [String], status: Int32, mentions needles: [String],
                               stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let sandbox = try Sandbox()
        if let config { try sandbox.write("qcluster.yaml", config) }
        let run = try sandbox.run(arguments, stdin: stdin)
        #expect(run.status == status, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(run.stderr)", sourceLocation: sourceLocation)
        for needle in needles {
            #expect(run.stderr.contains(needle), "'\(needle)' not in: \(run.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!run.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    @Test func malformedYAML() throws {
        try expectFailure(config: "cluster:\n  workers: [1, 2\n", ["config", "check"], status: 78, mentions: ["qcluster.yaml:", "invalid YAML"])
    }

    @Test("a configuration that is not UTF-8 is refused at its first bad byte")
    func configurationNotUTF8() throws {
        let sandbox = try Sandbox()
        try Data("cluster:\n  workers: 4  # caf\u{E9} ".utf8 + [0xFF, 0x0A]).write(to: URL(fileURLWithPath: sandbox.file("qcluster.yaml")))
        let run = try sandbox.run(["enqueue", "--", "true"])
        #expect(run.status == 78)
        #expect(run.stderr == "qctl: qcluster.yaml:2:22: not UTF-8 (byte 0xFF); save the file as UTF-8\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl")))
    }

    @Test func unknownKeySuggestsTheNearest() throws {
        try expectFailure(config: "cluster:\n  workrs: 4\n", ["config", "check"], status: 78,
                          mentions: ["qcluster.yaml:2:3", "unknown key 'workrs'", "did you mean 'workers'"])
    }

    @Test func wrongType() throws {
        try expectFailure(config: "cluster:\n  workers: many\n", ["enqueue", "--", "true"], status: 78,
                          mentions: ["qcluster.yaml:2:12", "'cluster.workers' must be a whole number", "'many'"])
    }

    @Test func negativeWorkers() throws {
        try expectFailure(config: "cluster:\n  workers: -2\n", ["config", "check"], status: 78,
                          mentions: ["qcluster.yaml:2:12", "between 1 and 1024", "-2"])
    }

    @Test func retryNotAboveTimeout() throws {
        try expectFailure(config: "cluster:\n  timeout: 60\n  retry: 10\n", ["config", "check"], status: 78,
                          mentions: ["qcluster.yaml:3:10", "retry (10s) must be longer than timeout (1m)", "delivered again"])
    }

    @Test func retryNotAboveTimeoutInAnAltCluster() throws {
        try expectFailure(config: "cluster:\n  retry: 90\nalt_clusters:\n  long:\n    timeout: 3600\n", ["config", "check"], status: 78,
                          mentions: ["qcluster.yaml:5:14", "cluster 'long'"])
    }

    @Test func badDurationInConfig() throws {
        try expectFailure(config: "cluster:\n  timeout: 10 minutes\n", ["config", "check"], status: 78,
                          mentions: ["qcluster.yaml:2:12", "a duration such as 90, 90s, 15m or 2h"])
    }

    @Test func badDurationOnTheCommandLine() throws {
        try expectFailure(["enqueue", "--timeout", "soon", "--", "true"], status: 64, mentions: ["bad --timeout 'soon'"])
    }

    @Test func benchRoundsOutOfRange() throws {
        try expectFailure(["bench", "--rounds", "0"], status: 64, mentions: ["--rounds must be between 1 and 99"])
        try expectFailure(["bench", "--workers", "4", "--queue-limit", "3"], status: 64, mentions: ["--queue-limit must be at least --workers (4)"])
    }

    /// The cluster's own processes start without the argument parser; by hand they still refuse.
    @Test func clusterProcessByHand() throws {
        try expectFailure(["cluster-process", "worker"], status: 64, mentions: ["cluster-process is started by qctl start, not by hand"])
    }

    @Test func unreadableConfig() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.file("dir.yaml"), withIntermediateDirectories: true)
        let run = try sandbox.run(["info", "--config", "dir.yaml"])
        #expect(run.status == 78)
        #expect(run.stderr.contains("dir.yaml: cannot read configuration"))
    }

    @Test func missingExplicitConfig() throws {
        try expectFailure(["info", "--config", "nope.yaml"], status: 78, mentions: ["nope.yaml: configuration file not found (given by --config)"])
    }

    @Test func brokerFolderBehindAFile() throws {
        let sandbox = try Sandbox()
        try sandbox.write("plain", "x")
        try sandbox.write("qcluster.yaml", "broker:\n  path: plain/broker.lmdb\n")
        let run = try sandbox.run(["enqueue", "--", "true"])
        #expect(run.status == 74, "\(run.stderr)")
        #expect(run.stderr.contains("cannot create the broker folder"))
    }

    @Test func brokerFolderThatCannotBeCreated() throws {
        // /proc refuses new folders even to root, so this holds when the tests run as root.
        try expectFailure(config: "broker:\n  path: /proc/qctl-test/broker.lmdb\n", ["enqueue", "--", "true"], status: 74,
                          mentions: ["/proc/qctl-test: cannot create the broker folder"])
    }

    @Test func brokerFileThatIsNotLMDB() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.file(".qctl"), withIntermediateDirectories: true)
        try sandbox.write(".qctl/broker.lmdb", String(repeating: "this is not a database\n", count: 500))
        let run = try sandbox.run(["info"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("not a qctl broker"))
    }

    @Test func unknownTaskID() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["enqueue", "--", "true"]).status == 0)
        let run = try sandbox.run(["result", "0123456789abcdef0123456789abcdef"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr == "qctl: no task '0123456789abcdef0123456789abcdef' in the broker (give a task id or name; see qctl tasks)\n")
    }

    @Test("a command that only reads or changes a broker's entries finds none where none exists, and creates nothing",
          arguments: [["info"], ["info", "--json"], ["stats"], ["monitor"], ["tasks"], ["result", "nightly"], ["group", "show", "g"],
                      ["group", "delete", "g"], ["purge"], ["schedule", "list"], ["schedule", "show", "s"], ["schedule", "remove", "s"],
                      ["schedule", "pause", "s"], ["schedule", "resume", "s"], ["schedule", "run", "s"]])
    func missingBroker(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let run = try sandbox.run(arguments)
        #expect(run.status == 69, "\(run.stderr)")
        let broker = URL(fileURLWithPath: sandbox.file(".qctl/broker.lmdb")).resolvingSymlinksInPath().path
        #expect(run.stderr == "qctl: \(broker): no broker there yet (qctl enqueue, qctl schedule add and qctl start create it); check broker.path, --config or $QCTL_CONFIG\n")
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl")))
    }

    /// A mount of its own (a small tmpfs in a private mount namespace) needs root and unshare(1).
    static let canMountTmpfs = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")

    /// A sandbox whose broker lives in `small/`, where ``runOnSmallDisk(_:size:script:)`` mounts a tmpfs.
    func smallDiskSandbox(cluster settings: String = "") throws -> Sandbox {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.file("small"), withIntermediateDirectories: true)
        try sandbox.write("qcluster.yaml", "broker:\n  path: small/broker.lmdb\n" + settings)
        return sandbox
    }

    /// Runs `script` (qctl's path is `$1`) with a `size` tmpfs on `small/`, in a mount and PID
    /// namespace of its own (`--kill-child`): however it ends, the mount and every process it
    /// started end with it. Requires the script to exit 0.
    func runOnSmallDisk(_ sandbox: Sandbox, size: String, script: String) throws {
        let mounted = "mount -t tmpfs -o size=\(size) tmpfs small || exit 90\n" + script
        let run = try sandbox.start([], wrapper: ["/usr/bin/unshare", "--fork", "--pid", "--kill-child", "-m", "/bin/sh", "-c", mounted, "sh"])
        let finished = eventually(timeout: 90) { !run.process.isRunning }
        if !finished { kill(run.process.processIdentifier, SIGKILL) }
        run.process.waitUntilExit()
        let outcome = run.output()
        try #require(finished && outcome.status == 0, "the scenario stopped with \(outcome.status): \(outcome.stderr)")
    }

    func json(_ sandbox: Sandbox, _ file: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sandbox.file(file)))) as? [String: Any])
    }

    @Test("a full disk fails an enqueue with one line and exit 74, and what was queued before stays",
          .enabled(if: canMountTmpfs, "needs root and unshare(1) for a small tmpfs of its own"))
    func fullDisk() throws {
        let sandbox = try smallDiskSandbox()
        let lines = (0..<3_000).map { #"{"command":["/bin/echo","line \#($0) of a batch too large for the disk"]}"# }
        try sandbox.write("batch.jsonl", lines.joined(separator: "\n") + "\n")
        // One task that fits, a batch that does not, then the broker as it is left.
        try runOnSmallDisk(sandbox, size: "256k", script: """
        "$1" enqueue -- echo kept > kept.out 2> kept.err || exit 91
        "$1" enqueue --stdin < batch.jsonl > batch.out 2> batch.err
        echo $? > batch.status
        "$1" info --json > info.json
        """)
        let broker = URL(fileURLWithPath: sandbox.file("small/broker.lmdb")).resolvingSymlinksInPath().path
        #expect(try String(contentsOfFile: sandbox.file("batch.status"), encoding: .utf8) == "74\n")
        #expect(try String(contentsOfFile: sandbox.file("batch.err"), encoding: .utf8)
                == "qctl: \(broker): the disk is full; free space and retry (nothing was lost)\n")
        let info = try json(sandbox, "info.json")
        #expect(info["queued"] as? Int == 1, "the task queued before the full disk stays, and nothing of the batch: \(info)")
    }

    @Test("a cluster whose result meets a full disk keeps it, says why, and records it once there is room",
          .enabled(if: canMountTmpfs, "needs root and unshare(1) for a small tmpfs of its own"))
    func fullDiskUnderACluster() throws {
        let sandbox = try smallDiskSandbox(cluster: "cluster:\n  workers: 1\n  save_limit: 0\n  guard_cycle: 0.1\n")
        // The task waits at the gate `go` (a named pipe: its read ends when the script opens and
        // closes the other end), so the disk is filled while it runs; its 60,000 bytes of output
        // need new pages of the broker, which a full disk refuses.
        try runOnSmallDisk(sandbox, size: "1m", script: """
        Q="$1"
        wait_for() { i=0; until eval "$1"; do i=$((i+1)); [ $i -ge 3000 ] && { echo "gave up waiting: $1" >&2; exit 92; }; sleep 0.01; done; }
        "$Q" start --quiet > cluster.log 2>&1 &
        cluster=$!
        wait_for '"$Q" stats --json 2>/dev/null | grep -q "\\"workers\\":\\[{"'
        mkfifo go
        "$Q" enqueue -- sh -c 'cat go > /dev/null; head -c 60000 /dev/zero | tr "\\0" x' > id.txt || exit 91
        wait_for '"$Q" tasks --json 2>/dev/null | grep -q "\\"state\\":\\"leased\\""'
        dd if=/dev/zero of=small/filler bs=4k 2>/dev/null
        timeout 30 sh -c ': > go' || exit 93
        wait_for 'grep -q "cannot record" cluster.log'
        rm small/filler
        "$Q" result "$(cat id.txt)" --wait 30s --json > result.json
        echo $? > result.status
        kill -INT $cluster
        wait $cluster
        """)
        let log = try String(contentsOfFile: sandbox.file("cluster.log"), encoding: .utf8)
        #expect(log.contains("cannot record 1 results, retrying: "), "\(log)")
        #expect(log.contains("the disk is full; free space and retry (nothing was lost)"), "\(log)")
        #expect(try String(contentsOfFile: sandbox.file("result.status"), encoding: .utf8) == "0\n")
        let result = try json(sandbox, "result.json")
        #expect(result["state"] as? String == "success")
        #expect((result["stdout"] as? String)?.utf8.count == 60_000)
    }

    @Test func emptyCommand() throws {
        try expectFailure(["enqueue"], status: 64, mentions: ["no command given"])
        try expectFailure(["enqueue", "--shell", "  "], status: 64, mentions: ["no command given"])
    }

    @Test func badEnvironmentOption() throws {
        try expectFailure(["enqueue", "--env", "NOVALUE", "--", "true"], status: 64, mentions: ["bad --env 'NOVALUE'"])
    }

    @Test("a secret key file that is short or unreadable is refused, not replaced")
    func badSecretKeyFile() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.file(".qctl"), withIntermediateDirectories: true)
        try sandbox.write(".qctl/broker.lmdb.key", "short\n")
        let short = try sandbox.run(["enqueue", "--", "true"])
        #expect(short.status == 74)
        #expect(short.stderr == "qctl: \(sandbox.file(".qctl/broker.lmdb.key")): cannot use this generated secret: it is shorter than 32 characters; delete it to generate a new one\n")
        try FileManager.default.removeItem(atPath: sandbox.file(".qctl/broker.lmdb.key"))
        try FileManager.default.createDirectory(atPath: sandbox.file(".qctl/broker.lmdb.key"), withIntermediateDirectories: true)
        let directory = try sandbox.run(["enqueue", "--", "true"])
        #expect(directory.status == 74)
        #expect(directory.stderr.contains("cannot use this generated secret: cannot read it (Is a directory)"))
        #expect(directory.stderr.split(separator: "\n").count == 1)
    }

    @Test func missingWorkingDirectory() throws {
        try expectFailure(["enqueue", "--cwd", "does/not/exist", "--", "true"], status: 64, mentions: ["does/not/exist' does not exist"])
    }

    @Test("enqueue run in a directory that was deleted says so in one line and queues nothing")
    func deletedCurrentDirectory() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n")
        let withConfig = try runInDeletedDirectory(sandbox, ["enqueue", "--config", sandbox.file("qcluster.yaml"), "--", "true"])
        #expect(withConfig.status == 64, "stderr: \(withConfig.stderr)")
        #expect(withConfig.stderr == "qctl: the current directory no longer exists; cd to one that does, or give --cwd\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl")), "refused input creates no broker")

        // Without --config, the default ./qcluster.yaml has no directory to be in: no file is
        // looked for at the root and no broker is made there.
        let rootBrokerExisted = FileManager.default.fileExists(atPath: "/.qctl")
        let bare = try runInDeletedDirectory(sandbox, ["enqueue", "--", "true"])
        #expect(bare.status == 64, "stderr: \(bare.stderr)")
        #expect(bare.stderr == "qctl: the current directory no longer exists; cd to one that does, or give --config with an absolute path\n")
        #expect(FileManager.default.fileExists(atPath: "/.qctl") == rootBrokerExisted)
    }

    /// Runs qctl with `arguments` from a folder of the sandbox that is removed just before: a
    /// shell enters it, removes it, then becomes qctl there.
    private func runInDeletedDirectory(_ sandbox: Sandbox, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let folder = "gone-\(UUID().uuidString.prefix(8))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "mkdir \(folder) && cd \(folder) && rmdir ../\(folder) && exec \"$@\"", "sh", try QctlBinary.path()] + arguments
        process.currentDirectoryURL = sandbox.directory
        process.environment = sandbox.environment
        let errors = Pipe.forChild()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.runAlone()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }

    @Test("enqueue --help teaches and enqueues nothing; an unknown option before the command is refused")
    func enqueueHelpAndUnknownOption() throws {
        let sandbox = try Sandbox()
        let help = try sandbox.run(["enqueue", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("OVERVIEW: Queue a command"))
        let bogus = try sandbox.run(["enqueue", "--bogus", "x"])
        #expect(bogus.status == 64)
        #expect(bogus.stderr.contains("unknown option '--bogus'; put the command after '--'"))
        #expect(try sandbox.run(["tasks", "--json"]).stdout.isEmpty)
        let dashed = try sandbox.run(["enqueue", "--json", "--", "-weird"])
        #expect(dashed.status == 0 && dashed.stdout.contains("\"command\":[\"-weird\"]"))
    }

    /// The argument parser's errors are one line too, with where the command's help is.
    @Test func unknownOptionIsAUsageError() throws {
        try expectFailure(["tasks", "--bogus"], status: 64, mentions: ["Unknown option '--bogus'", "see 'qctl tasks --help'"])
        try expectFailure(["frobnicate"], status: 64, mentions: ["Unexpected argument 'frobnicate'", "see 'qctl --help'"])
        try expectFailure(["tasks", "--limit", "many"], status: 64, mentions: ["'many' is invalid for '--limit"])
    }

    /// Runs `arguments` in `sandbox`, expects one line on stderr with `needles` and `status`, and
    /// that the broker did not change: still absent if it was, else nothing more ever enqueued.
    private func expectRefused(_ sandbox: Sandbox, _ arguments: [String], stdin: String? = nil, status: Int32, mentions needles: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let brokerExisted = FileManager.default.fileExists(atPath: sandbox.file(".qctl"))
        let enqueuedBefore = brokerExisted ? try sandbox.info()["enqueued_total"] as? Int : nil
        let run = try sandbox.run(arguments, stdin: stdin)
        #expect(run.status == status, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.hasPrefix("qctl: ") && run.stderr.split(separator: "\n").count == 1 && run.stderr.hasSuffix("\n"),
                "expected one line, got: \(run.stderr)", sourceLocation: sourceLocation)
        for needle in needles {
            #expect(run.stderr.contains(needle), "'\(needle)' not in: \(run.stderr)", sourceLocation: sourceLocation)
        }
        #expect(run.stdout.isEmpty, "stdout: \(run.stdout)", sourceLocation: sourceLocation)
        if brokerExisted {
            #expect(try sandbox.info()["enqueued_total"] as? Int == enqueuedBefore, sourceLocation: sourceLocation)
        } else {
            #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl")), "refused input created a broker", sourceLocation: sourceLocation)
        }
    }

    static let longLabel = String(repeating: "n", count: 201)

    @Test("a name or group over 200 bytes is refused on the command line, and a long cluster name too",
          arguments: [(["--name", longLabel], "the name is 201 bytes long"), (["--group", longLabel], "the group is 201 bytes long"),
                      (["--name", String(repeating: "é", count: 300)], "the name is 600 bytes long"),
                      (["--cluster", String(repeating: "c", count: 600)], "bad cluster name")])
    func longLabelOnTheCommandLine(options: [String], message: String) throws {
        let sandbox = try Sandbox()
        let limit = options[0] == "--cluster" ? "at most 64" : "at most 200 bytes"
        // The shortcut path and the full parser (--json sends it there) refuse alike.
        try expectRefused(sandbox, ["enqueue"] + options + ["--", "true"], status: 64, mentions: [message, limit])
        try expectRefused(sandbox, ["enqueue", "--json"] + options + ["--", "true"], status: 64, mentions: [message, limit])
        if options[0] != "--name" {  // a schedule's own name is its first argument
            try expectRefused(sandbox, ["schedule", "add", "nightly", "--daily"] + options + ["--", "true"], status: 64, mentions: [message, limit])
        }
    }

    @Test("a name, group or cluster name too long on a --stdin line stops the whole input",
          arguments: [("name", "the name is 600 bytes long"), ("group", "the group is 600 bytes long"), ("cluster", "bad cluster name")])
    func longLabelOnStdin(key: String, message: String) throws {
        let sandbox = try Sandbox()
        let lines = #"{"command":["true"]}"# + "\n" + #"{"command":["true"],"\#(key)":"\#(String(repeating: "x", count: 600))"}"# + "\n"
        try expectRefused(sandbox, ["enqueue", "--stdin"], stdin: lines, status: 65, mentions: ["stdin line 2: ", message, "; nothing was enqueued"])
    }

    @Test("a name or group of exactly 200 bytes is kept whole")
    func labelAtTheLimit() throws {
        let sandbox = try Sandbox()
        let label = String(repeating: "g", count: 200)
        let run = try sandbox.run(["enqueue", "--json", "--name", label, "--group", label, "--", "true"])
        #expect(run.status == 0, "\(run.stderr)")
        let task = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(task["name"] as? String == label && task["group"] as? String == label)
        #expect(try sandbox.run(["result", label]).status == 75, "found by its name, not finished")
    }

    @Test("looking up an empty or overlong id, name or group finds nothing instead of failing on the broker's key limit")
    func emptyAndLongLookups() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["enqueue", "--name", "kept", "--", "true"]).status == 0)
        #expect(try sandbox.run(["schedule", "add", "kept", "--daily", "--", "true"]).status == 0)
        let long = String(repeating: "k", count: 600)
        for key in ["", long] {
            try expectRefused(sandbox, ["result", key], status: 65, mentions: ["no task '\(key)' in the broker"])
            for command in ["show", "remove", "run", "pause", "resume"] {
                try expectRefused(sandbox, ["schedule", command, key], status: 65, mentions: ["no schedule named '\(key)'"])
            }
            for arguments in [["group", "show", key], ["group", "delete", key], ["tasks", "--group", key], ["tasks", "--cluster", key]] {
                let run = try sandbox.run(arguments)
                #expect(run.status == 0 && run.stderr.isEmpty, "\(arguments.prefix(2)): \(run.status) \(run.stderr)")
            }
        }
        #expect(try sandbox.queue()["queued"] == 1)
        #expect(try sandbox.info()["schedules"] as? Int == 1)
    }

    @Test("a NUL byte anywhere a task's text reaches a process is refused with the field it is in",
          arguments: [(#""command":["echo","a\u0000b"]"#, "word 2 of the command"),
                      (#""shell":"echo a\u0000b""#, "the shell script"),
                      (#""command":["true"],"env":{"LANG":"C\u0000x"}"#, "the value of environment variable 'LANG'"),
                      (#""command":["true"],"env":{"LA\u0000NG":"C"}"#, "the name of an environment variable"),
                      (#""command":["true"],"cwd":"/tmp\u0000/x""#, "the working directory"),
                      (#""command":["true"],"name":"a\u0000b""#, "the name"),
                      (#""command":["true"],"group":"a\u0000b""#, "the group"),
                      (#""command":["true"],"hook":"echo a\u0000b""#, "the hook"),
                      (#""task":"greet","args":["a\u0000b"]"#, "argument 1 of task 'greet'")])
    func nulByteOnStdin(members: String, field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "tasks:\n  greet:\n    command: [echo, \"{1}\"]\n")
        let lines = #"{"command":["true"]}"# + "\n{" + members + "}\n"
        try expectRefused(sandbox, ["enqueue", "--stdin"], stdin: lines, status: 65,
                          mentions: ["stdin line 2: \(field) contains a NUL byte", "nothing was enqueued"])
    }

    @Test("an environment variable name that is empty or holds '=' is refused", arguments: [#"{"A=B":"x"}"#, #"{"":"x"}"#])
    func badEnvironmentNameOnStdin(env: String) throws {
        let sandbox = try Sandbox()
        try expectRefused(sandbox, ["enqueue", "--stdin"], stdin: #"{"command":["true"],"env":"# + env + "}\n", status: 65,
                          mentions: ["stdin line 1: bad environment variable name", "must not be empty or contain '='", "nothing was enqueued"])
        try expectRefused(sandbox, ["enqueue", "--env", "=x", "--", "true"], status: 64, mentions: ["bad --env '=x'"])
    }

    @Test("a task of qcluster.yaml with a bad environment variable name, a NUL byte or a long group is a configuration error",
          arguments: [("    env:\n      \"A=B\": x\n", "qcluster.yaml:5:7: 'tasks.t.env.A=B' is not a valid environment variable name"),
                      ("    env:\n      \"\": x\n", "qcluster.yaml:5:7: 'tasks.t.env.' is not a valid environment variable name"),
                      ("    hook: \"echo \\0\"\n", "qcluster.yaml:4:11: 'tasks.t.hook' contains a NUL byte"),
                      ("    group: \(String(repeating: "g", count: 201))\n", "qcluster.yaml:4:12: 'tasks.t.group' is 201 bytes long")])
    func badTaskTextInConfig(lines: String, message: String) throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "tasks:\n  t:\n    command: [\"true\"]\n" + lines)
        try expectRefused(sandbox, ["enqueue", "--task", "t"], status: 78, mentions: [message])
        try expectRefused(sandbox, ["config", "check"], status: 78, mentions: [message])
    }

    @Test("an unknown named task is bad data (65), with the nearest known task suggested")
    func unknownNamedTask() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "tasks:\n  thumbnail:\n    command: [echo, \"{1}\"]\n")
        try expectRefused(sandbox, ["enqueue", "--task", "thumbnial", "a.png"], status: 65,
                          mentions: ["unknown task 'thumbnial' (known tasks: thumbnail); did you mean 'thumbnail'?"])
        try expectRefused(sandbox, ["enqueue", "--task", "nosuch"], status: 65, mentions: ["unknown task 'nosuch' (known tasks: thumbnail)"])
        try expectRefused(sandbox, ["enqueue", "--stdin"], stdin: #"{"task":"nosuch"}"# + "\n", status: 65,
                          mentions: ["stdin line 1: unknown task 'nosuch'", "nothing was enqueued"])
        try expectRefused(sandbox, ["schedule", "add", "s", "--daily", "--task", "nosuch"], status: 65, mentions: ["unknown task 'nosuch'"])
    }

    @Test("a --cwd that is a file, lies behind a file or cannot be resolved says so, not that it does not exist")
    func unusableWorkingDirectory() throws {
        let sandbox = try Sandbox()
        try sandbox.write("plain", "x")
        try FileManager.default.createSymbolicLink(atPath: sandbox.file("loop-a"), withDestinationPath: "loop-b")
        try FileManager.default.createSymbolicLink(atPath: sandbox.file("loop-b"), withDestinationPath: "loop-a")
        try expectRefused(sandbox, ["enqueue", "--cwd", "plain", "--", "true"], status: 64, mentions: ["/plain' is not a directory"])
        try expectRefused(sandbox, ["enqueue", "--cwd", "plain/sub", "--", "true"], status: 64,
                          mentions: ["/plain/sub' is not a directory (a part of its path is a file)"])
        try expectRefused(sandbox, ["enqueue", "--cwd", "loop-a", "--", "true"], status: 64, mentions: ["/loop-a' is not accessible ("])
        try expectRefused(sandbox, ["enqueue", "--stdin"], stdin: #"{"command":["true"],"cwd":"plain"}"# + "\n", status: 65,
                          mentions: ["stdin line 1: working directory", "/plain' is not a directory", "nothing was enqueued"])
    }

    /// As root every directory is searchable, so the refusal is seen through an unprivileged user.
    static let unprivileged: [String]? = getuid() != 0 ? [] : (FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : nil)

    @Test("a --cwd its user cannot enter is refused as not accessible", .enabled(if: unprivileged != nil, "needs a user other than root"))
    func inaccessibleWorkingDirectory() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.file("locked"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o000])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.file("locked")) }
        let wrapper = try #require(Self.unprivileged)
        let process = try sandbox.start(["enqueue", "--cwd", sandbox.file("locked"), "--", "true"], wrapper: wrapper.isEmpty ? [] : wrapper)
        process.process.waitUntilExit()
        let run = process.output()
        #expect(run.status == 64)
        #expect(run.stderr == "qctl: working directory '\(sandbox.file("locked"))' is not accessible (Permission denied)\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl")))
    }

    @Test("a negative number or duration is refused as negative, not as a missing value", arguments: [
        (["enqueue", "--timeout", "-1", "--", "true"], "--timeout must not be negative: -1"),
        (["enqueue", "--json", "--timeout", "-90s", "--", "true"], "--timeout must not be negative: -90s"),
        (["enqueue", "--wait", "--wait-timeout", "-1", "--", "true"], "--wait-timeout must not be negative: -1"),
        (["result", "some-task", "--wait", "-1"], "--wait must not be negative: -1"),
        (["schedule", "add", "poll", "--every", "-1s", "--", "true"], "--every must not be negative: -1s"),
        (["schedule", "add", "poll", "--daily", "--repeats", "-2", "--", "true"], "bad --repeats -2"),
        (["schedule", "add", "poll", "--daily", "--next-run", "-1h", "--", "true"], "bad --next-run '-1h'"),
        (["tasks", "--limit", "-1"], "--limit must not be negative: -1"),
        (["group", "show", "g", "--limit", "-1"], "--limit must not be negative: -1"),
        (["start", "--workers", "-1"], "--workers must be between 1 and 1024: -1"),
        (["monitor", "--interval", "-1"], "--interval must be between 0.1 and 60 seconds: -1"),
        (["bench", "--tasks", "-1"], "--tasks must be at least 1: -1"),
        (["bench", "--workers", "-1"], "--workers must be between 1 and 256: -1"),
        (["bench", "--rounds", "-1"], "--rounds must be between 1 and 99: -1"),
        (["bench", "--queue-limit", "-1"], "--queue-limit must be at least --workers (2): -1"),
        (["enqueue", "--timeout", "--json", "--", "true"], "bad --timeout '--json'"),
    ])
    func negativeNumbers(arguments: [String], message: String) throws {
        try expectRefused(try Sandbox(), arguments, status: 64, mentions: [message])
    }

    @Test("--repeats -1, its documented default, is accepted when given")
    func repeatsForever() throws {
        let sandbox = try Sandbox()
        let run = try sandbox.run(["schedule", "add", "poll", "--daily", "--repeats", "-1", "--json", "--", "true"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"repeats\":-1"))
    }

    @Test func tasksAllWithALimit() throws {
        try expectRefused(try Sandbox(), ["tasks", "--all", "--limit", "5"], status: 64, mentions: ["give either --all or --limit 5, not both"])
    }

    @Test("an argument that is not UTF-8 is refused, not repaired into other bytes: one line, exit 64, nothing enqueued")
    func argumentNotUTF8() throws {
        let sandbox = try Sandbox()
        let wrapper = ["/bin/sh", "-c", #"q=$1; shift; exec "$q" enqueue -- echo "$(printf 'x\300y')""#, "sh"]
        let process = try sandbox.start([], wrapper: wrapper)
        process.process.waitUntilExit()
        let run = process.output()
        #expect(run.status == 64)
        #expect(run.stderr == "qctl: argument 4 is not valid UTF-8; qctl takes text only (a task would get other bytes than those given)\n",
                "\(run.stderr)")
        #expect(try sandbox.run(["info"]).status == 69)
    }
}
