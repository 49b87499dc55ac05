import Foundation
import Testing
@testable import QCluster

/// The real qctl binary against the tests' own PostgreSQL server (``TestPostgres``), each test
/// with a database of its own: clusters, commands and their failures on a `broker.url`.
@Suite("qctl on a PostgreSQL broker, end to end")
struct PostgreSQLEndToEndTests {
    static let secret = "pg-e2e-secret-0123456789abcdef"

    /// A sandbox whose qcluster.yaml names `url` as the broker (and `path` as broker.path, the
    /// output spool), with `secret` as its key (none when nil) and `extra` YAML after. $QCTL_BROKER_URL is cleared, so only the file counts.
    static func sandbox(url: String, secret: String? = Self.secret, path: String? = nil, extra: String = "") throws -> Sandbox {
        let sandbox = try Sandbox()
        sandbox.environment.removeValue(forKey: "QCTL_BROKER_URL")
        var yaml = "broker:\n  url: \"\(url)\"\n"
        if let path { yaml += "  path: \(path)\n" }
        if let secret { yaml += "secret_key: \"\(secret)\"\n" }
        try sandbox.write("qcluster.yaml", yaml + extra)
        return sandbox
    }

    /// `database`'s TCP URL with a password for its user (trust authentication ignores it).
    static func urlWithPassword(_ database: TestDatabase, _ password: String) -> String {
        "postgresql://\(database.server.user):\(password)@127.0.0.1:\(database.server.port)/\(database.name)"
    }

    /// `url` as qctl shows it: without the password.
    static func shownURL(_ database: TestDatabase) -> String {
        "postgresql://\(database.server.user)@127.0.0.1:\(database.server.port)/\(database.name)"
    }

    /// A port on 127.0.0.1 that nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        try TestPostgres.freeLoopbackPort()
    }

    /// Whether the database holds the schema `qctl`.
    static func hasSchema(_ database: TestDatabase) throws -> Bool {
        try database.psql("select count(*) from pg_namespace where nspname = 'qctl'") == "1"
    }

    /// Asserts the status, exactly one line on stderr containing `words`, and nothing on stdout.
    static func expectOneLineError(_ run: QctlRun, status: Int32, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == status, "status \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.split(separator: "\n").count == 1, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(words), "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, "stdout: \(run.stdout)", sourceLocation: sourceLocation)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    // MARK: A cluster on PostgreSQL

    @Test("enqueue, a cluster of 2 workers runs it, result --wait prints its output; tasks, info and stats show it; the password is never shown")
    func enqueueRunResult() throws {
        let database = try TestPostgres.shared().createDatabase()
        let password = "secretpw"
        let sandbox = try Self.sandbox(url: Self.urlWithPassword(database, password))
        var outputs: [String] = []
        func run(_ arguments: [String], stdin: String? = nil) throws -> QctlRun {
            let result = try sandbox.run(arguments, stdin: stdin)
            outputs.append(result.stdout + result.stderr)
            return result
        }

        let enqueued = try run(["enqueue", "--", "echo", "hello from postgres"])
        #expect(enqueued.status == 0, "\(enqueued.stderr)")
        let id = enqueued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 32)
        #expect(try Self.hasSchema(database), "enqueue creates the schema")
        let queued = try run(["tasks", "--json"])
        #expect(queued.status == 0 && queued.lines.count == 1, "\(queued.stdout)\(queued.stderr)")
        #expect(try Self.json(queued.lines.first ?? "")["state"] as? String == "queued")

        let cluster = try RunningCluster(sandbox, ["--workers", "2"])
        let result = try run(["result", id, "--wait", "60s"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "hello from postgres\n")

        let tasks = try run(["tasks"])
        #expect(tasks.status == 0)
        #expect(tasks.stdout.contains("echo 'hello from postgres'") && tasks.stdout.contains("success"), "\(tasks.stdout)")
        let record = try Self.json(try run(["tasks", "--json"]).lines.first ?? "")
        #expect(record["id"] as? String == id && record["state"] as? String == "success", "\(record)")

        // info names the broker by its URL without the password, and counts the task and the cluster.
        let info = try run(["info"])
        #expect(info.status == 0, "\(info.stderr)")
        let brokerLine = try #require(info.stdout.split(separator: "\n").first { $0.hasPrefix("BROKER") }, "\(info.stdout)")
        #expect(brokerLine.contains(Self.shownURL(database)), "\(brokerLine)")
        #expect(info.stdout.contains("(default, "), "the running cluster: \(info.stdout)")
        let infoJSON = try Self.json(try run(["info", "--json"]).stdout)
        #expect(infoJSON["broker"] as? String == Self.shownURL(database))
        #expect(infoJSON["write_transactions"] is NSNull, "the server's own count takes in other clients': \(infoJSON)")
        let queue = try sandbox.queue()
        #expect(queue["succeeded"] == 1 && queue["queued"] == 0 && queue["leased"] == 0, "\(queue)")

        // stats shows the running cluster, its sentinel and its two workers, one task done
        // (as of the sentinel's latest heartbeat).
        var clusters: [[String: Any]] = []
        let published = eventually(timeout: 30) {
            let stats = (try? run(["stats", "--json"]))?.stdout ?? ""
            clusters = (try? JSONSerialization.jsonObject(with: Data(stats.utf8))) as? [[String: Any]] ?? []
            return (clusters.first?["workers"] as? [[String: Any]])?.count == 2 && clusters.first?["done"] as? Int == 1
        }
        #expect(published, "\(clusters)")
        #expect(clusters.count == 1)
        #expect(clusters.first?["cluster"] as? String == "default")
        #expect((clusters.first?["pid"] as? Int).map(Int32.init) == cluster.sentinelPID)
        let statsText = try run(["stats"])
        #expect(statsText.stdout.contains(" (default) on "), "\(statsText.stdout)")

        // config show, and a task's environment, carry no password either.
        let config = try run(["config", "show"])
        #expect(config.status == 0 && config.stdout.contains(Self.shownURL(database)), "\(config.stdout)\(config.stderr)")
        let configJSON = try Self.json(try run(["config", "show", "--json"]).stdout)
        #expect((configJSON["broker"] as? [String: Any])?["url"] as? String == Self.shownURL(database))
        let env = try run(["enqueue", "--wait", "--", "env"])
        #expect(env.status == 0 && env.stdout.contains("QCTL_TASK_ID="), "\(env.stderr)")

        // Errors name the broker without the password too: a missing task, and a missing database.
        let missing = try run(["result", "nosuch"])
        #expect(missing.status == 65, "\(missing.stderr)")
        sandbox.environment["QCTL_BROKER_URL"] = "postgresql://\(database.server.user):\(password)@127.0.0.1:\(database.server.port)/nosuchdb"
        let refused = try run(["tasks"])
        Self.expectOneLineError(refused, status: 78, "PostgreSQL refused")
        #expect(refused.stderr.contains("postgresql://\(database.server.user)@127.0.0.1:\(database.server.port)/nosuchdb"), "\(refused.stderr)")
        sandbox.environment.removeValue(forKey: "QCTL_BROKER_URL")

        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
        outputs.append(cluster.log)
        for output in outputs { #expect(!output.contains(password), "the password shows in: \(output)") }
    }

    @Test("500 tasks enqueued with --stdin are drained: info ends at 500 succeeded, none queued or leased")
    func bulkDrain() throws {
        let database = try TestPostgres.shared().createDatabase()
        let sandbox = try Self.sandbox(url: database.tcpURL)
        let ids = try sandbox.enqueue(lines: Array(repeating: #"{"command":["/bin/true"]}"#, count: 500))
        #expect(ids.count == 500 && Set(ids).count == 500)
        #expect(try sandbox.queue()["queued"] == 500)
        let cluster = try RunningCluster(sandbox, ["--workers", "2"])
        let drained = eventually(timeout: 180) { (try? sandbox.queue()["succeeded"]) == 500 }
        #expect(drained, "\((try? sandbox.queue()) ?? [:])")
        let queue = try sandbox.queue()
        #expect(queue["succeeded"] == 500 && queue["queued"] == 0 && queue["leased"] == 0 && queue["failed"] == 0, "\(queue)")
        let info = try sandbox.info()
        #expect(info["queued"] as? Int == 0 && info["leased"] as? Int == 0, "\(info)")
        #expect(info["enqueued_total"] as? Int == 500)
        // The counters agree with the tables.
        #expect(try database.psql("select count(*) from qctl.queue") == "0")
        #expect(try database.psql("select count(*) from qctl.leases") == "0")
        // Successes beyond save_limit (250 by default) are not kept.
        #expect(try database.psql("select count(*) from qctl.results where success") == "250")
        #expect(info["saved_successes"] as? Int == 250, "\(info)")
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    @Test("two clusters of one name, from two folders with their own broker.path, drain 300 tasks on one database: each runs exactly once")
    func twoHostsOneQueue() throws {
        let database = try TestPostgres.shared().createDatabase()
        // queue_limit keeps either cluster from taking the whole queue in one lease; save_limit 0
        // keeps every result, to read every task's attempts.
        let extra = "cluster:\n  workers: 2\n  queue_limit: 4\n  save_limit: 0\n"
        let first = try Self.sandbox(url: database.tcpURL, path: "spool-a", extra: extra)
        let second = try Self.sandbox(url: database.tcpURL, path: "spool-b", extra: extra)
        for (sandbox, spool) in [(first, "spool-a"), (second, "spool-b")] {
            let shown = try Self.json(try sandbox.run(["config", "show", "--json"]).stdout)
            #expect((shown["broker"] as? [String: Any])?["path"] as? String == sandbox.file(spool))
        }
        let clusterA = try RunningCluster(first)
        let clusterB = try RunningCluster(second)
        #expect(eventually(timeout: 30) { ((try? first.stats()) ?? []).count == 2 }, "both clusters publish to the one database")

        let record = "echo $QCTL_TASK_ID >> runs.txt"
        let ids = try first.enqueue(lines: Array(repeating: "{\"shell\":\"\(record)\"}", count: 300))
        #expect(Set(ids).count == 300)
        let drained = eventually(timeout: 180) { (try? second.queue()["succeeded"]) == 300 }
        #expect(drained, "\((try? second.queue()) ?? [:])")
        let runs = first.lines(of: "runs.txt")
        #expect(runs.count == 300, "each task ran once: \(runs.count) runs")
        #expect(Set(runs) == Set(ids), "every task ran, and only they")
        let queue = try first.queue()
        #expect(queue["queued"] == 0 && queue["leased"] == 0 && queue["failed"] == 0, "\(queue)")
        let processedA = clusterA.logLines.filter { $0.contains(" processing '") }.count
        let processedB = clusterB.logLines.filter { $0.contains(" processing '") }.count
        #expect(processedA > 0 && processedB > 0, "both clusters worked: \(processedA) and \(processedB)")
        #expect(processedA + processedB == 300)
        let all = try first.run(["tasks", "--json", "--all"])
        let records = try all.lines.map(Self.json)
        #expect(records.count == 300)
        #expect(records.allSatisfy { $0["state"] as? String == "success" && $0["attempts"] as? Int == 1 }, "\(records.filter { $0["attempts"] as? Int != 1 })")
        let stored = try database.psql("select count(*) from qctl.results where success")
        #expect("\(try first.info()["saved_successes"] as? Int ?? -1)" == stored, "the results both hosts stored are counted: \(stored) stored")
        for cluster in [clusterA, clusterB] {
            cluster.signal(SIGTERM)
            #expect(cluster.waitForExit() == 0)
        }
    }

    @Test("an idle cluster wakes for a task enqueued by another process, a single one and a batch")
    func wakeups() throws {
        let database = try TestPostgres.shared().createDatabase()
        let sandbox = try Self.sandbox(url: database.tcpURL)
        let cluster = try RunningCluster(sandbox, ["--workers", "2"])
        let idle = { () -> Bool in
            let workers = (try? sandbox.stats().first?["workers"] as? [[String: Any]]) ?? []
            return workers.count == 2 && workers.allSatisfy { $0["state"] as? String == "idle" }
        }
        #expect(eventually(timeout: 30, idle))
        let single = try sandbox.run(["enqueue", "--", "echo", "woken"])
        let id = single.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try sandbox.run(["result", id, "--wait", "60s"], timeout: 90)
        #expect(result.status == 0 && result.stdout == "woken\n", "\(result.stdout)\(result.stderr)")

        #expect(eventually(timeout: 30, idle))
        let ids = try sandbox.enqueue(lines: (0..<5).map { "{\"command\":[\"echo\",\"batch \($0)\"]}" })
        for (index, id) in ids.enumerated() {
            let result = try sandbox.run(["result", id, "--wait", "60s"], timeout: 90)
            #expect(result.status == 0 && result.stdout == "batch \(index)\n", "\(result.stdout)\(result.stderr)")
        }
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }

    // MARK: Faults

    @Test("a server that is not there: exit 69, one line naming PostgreSQL unavailable, nothing on stdout")
    func serverDown() throws {
        let port = try Self.closedPort()
        let sandbox = try Self.sandbox(url: "postgresql://qctl@127.0.0.1:\(port)/nothing")
        let enqueued = try sandbox.run(["enqueue", "--", "true"])
        Self.expectOneLineError(enqueued, status: 69, "PostgreSQL unavailable")
        #expect(enqueued.stderr.contains("postgresql://qctl@127.0.0.1:\(port)/nothing"), "\(enqueued.stderr)")
        // $QCTL_BROKER_URL takes the place of broker.url; its password is not shown.
        sandbox.environment["QCTL_BROKER_URL"] = "postgresql://qctl:hunter2@127.0.0.1:\(port)/other"
        for arguments in [["enqueue", "--", "true"], ["tasks"], ["info"], ["broker", "init"]] {
            let run = try sandbox.run(arguments)
            Self.expectOneLineError(run, status: 69, "PostgreSQL unavailable")
            #expect(run.stderr.contains("postgresql://qctl@127.0.0.1:\(port)/other"), "\(run.stderr)")
            #expect(!run.stderr.contains("hunter2"), "\(run.stderr)")
        }
    }

    @Test("a database or a role that does not exist: exit 78, one line naming PostgreSQL refused")
    func refused() throws {
        let database = try TestPostgres.shared().createDatabase()
        let server = database.server
        let noDatabase = try Self.sandbox(url: "postgresql://\(server.user)@127.0.0.1:\(server.port)/nosuchdb")
        let missing = try noDatabase.run(["enqueue", "--", "true"])
        Self.expectOneLineError(missing, status: 78, "PostgreSQL refused")
        #expect(missing.stderr.contains("nosuchdb"), "\(missing.stderr)")

        let noRole = try Self.sandbox(url: "postgresql://nosuchrole@127.0.0.1:\(server.port)/\(database.name)")
        for arguments in [["enqueue", "--", "true"], ["tasks"], ["broker", "init"]] {
            let run = try noRole.run(arguments)
            Self.expectOneLineError(run, status: 78, "PostgreSQL refused")
            #expect(run.stderr.contains("nosuchrole"), "\(run.stderr)")
        }
        #expect(try !Self.hasSchema(database))
    }

    @Test("a URL libpq cannot parse: exit 78 before any connection, one line, and its password is not shown")
    func malformedURL() throws {
        let database = try TestPostgres.shared().createDatabase()
        let server = "127.0.0.1:\(database.server.port)"
        let cases = [  // the URL, and what the line says after "is not a valid PostgreSQL URL: "
            ("postgresql://qctl:hunter2@\(server)/\(database.name)?sslmod=require", "invalid URI query parameter: \"sslmod\""),
            ("postgresql://qctl:hunter2@[::1:5432/\(database.name)", "end of string reached when looking for matching \"]\" in IPv6 host address in URI: \"postgresql://qctl@[::1:5432/\(database.name)\""),
            ("postgresql://qctl@\(server)/\(database.name)?password=hunter2%zz", "invalid percent-encoded token: \"…\""),
        ]
        for (url, words) in cases {
            let sandbox = try Self.sandbox(url: url)
            for arguments in [["enqueue", "--", "true"], ["start"], ["tasks"], ["broker", "init"], ["config", "check"]] {
                let run = try sandbox.run(arguments)
                Self.expectOneLineError(run, status: 78, "qcluster.yaml:2:8: 'broker.url' is not a valid PostgreSQL URL: \(words)")
                #expect(!run.stderr.contains("hunter2"), "\(run.stderr)")
            }
            try sandbox.write("qcluster.yaml", "secret_key: \"\(Self.secret)\"\n")
            sandbox.environment["QCTL_BROKER_URL"] = url
            let fromVariable = try sandbox.run(["enqueue", "--", "true"])
            Self.expectOneLineError(fromVariable, status: 78, "environment: '$QCTL_BROKER_URL' is not a valid PostgreSQL URL: \(words)")
            #expect(!fromVariable.stderr.contains("hunter2"), "\(fromVariable.stderr)")
            #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl/broker.lmdb")), "no LMDB broker in its place")
        }
        #expect(try !Self.hasSchema(database))
        // qctl bench --broker checks its URL the same way, as a usage error.
        let bench = try Sandbox().run(["bench", "--broker", "postgresql://qctl:hunter2@\(server)/\(database.name)?sslmod=require"])
        Self.expectOneLineError(bench, status: 64, "--broker 'postgresql://qctl@\(server)/\(database.name)?sslmod=require' "
                                    + "is not a valid PostgreSQL URL: invalid URI query parameter: \"sslmod\"")
        #expect(!bench.stderr.contains("hunter2"), "\(bench.stderr)")
    }

    @Test("a setting libpq refuses before connecting (sslmode=requir, connect_timeout=abc): exit 78, one line, nothing created")
    func badConnectionSetting() throws {
        let database = try TestPostgres.shared().createDatabase()
        for (setting, words) in [("sslmode=requir", "invalid sslmode value: \"requir\""),
                                 ("connect_timeout=abc", "invalid integer value \"abc\" for connection option \"connect_timeout\"")] {
            let sandbox = try Self.sandbox(url: database.tcpURL + "?" + setting)
            for arguments in [["enqueue", "--", "true"], ["start"], ["broker", "init"]] {
                let run = try sandbox.run(arguments)
                Self.expectOneLineError(run, status: 78, words)
            }
        }
        #expect(try !Self.hasSchema(database))
    }

    @Test("broker.url or $QCTL_BROKER_URL without secret_key: exit 78, needs secret_key")
    func urlNeedsSecretKey() throws {
        let database = try TestPostgres.shared().createDatabase()
        let sandbox = try Self.sandbox(url: database.tcpURL, secret: nil)
        for arguments in [["enqueue", "--", "true"], ["tasks"], ["start"], ["config", "check"]] {
            let run = try sandbox.run(arguments)
            #expect(run.status == 78, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("needs secret_key"), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
        try sandbox.write("qcluster.yaml", "cluster:\n  workers: 1\n")
        sandbox.environment["QCTL_BROKER_URL"] = database.tcpURL
        let fromVariable = try sandbox.run(["enqueue", "--", "true"])
        #expect(fromVariable.status == 78 && fromVariable.stderr.contains("needs secret_key"), "\(fromVariable.stderr)")
        #expect(try !Self.hasSchema(database))
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl/broker.lmdb")), "no LMDB broker in its place")
    }

    // MARK: Setting up the schema

    @Test("on an empty database, commands that only read refuse with 69 and create nothing; broker upgrade too")
    func emptyDatabase() throws {
        let database = try TestPostgres.shared().createDatabase()
        let sandbox = try Self.sandbox(url: database.tcpURL)
        for arguments in [["tasks"], ["result", "abc"], ["info"], ["stats"], ["broker", "upgrade"], ["broker", "upgrade", "--json"]] {
            let run = try sandbox.run(arguments)
            Self.expectOneLineError(run, status: 69, "no qctl broker in this database yet")
        }
        #expect(try !Self.hasSchema(database), "no schema was created")
        #expect(try database.psql("select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')") == "0")
    }

    @Test("broker init creates the schema once; then it has nothing to do")
    func brokerInit() throws {
        let database = try TestPostgres.shared().createDatabase()
        let sandbox = try Self.sandbox(url: database.tcpURL)
        let created = try sandbox.run(["broker", "init"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "\(database.tcpURL): created a PostgreSQL broker, schema \(PostgreSQLSchema.version)\n", "\(created.stdout)")
        #expect(try Self.hasSchema(database))
        #expect(try database.psql("select value from qctl.meta where key = 'schema'") == "\(PostgreSQLSchema.version)")

        let again = try sandbox.run(["broker", "init"])
        #expect(again.status == 0 && again.stdout.contains("nothing to do"), "\(again.stdout)\(again.stderr)")
        let againJSON = try Self.json(try sandbox.run(["broker", "init", "--json"]).stdout)
        #expect(againJSON["created"] as? Bool == false && againJSON["upgraded_from"] is NSNull && againJSON["schema"] as? Int == PostgreSQLSchema.version, "\(againJSON)")
        let upgrade = try sandbox.run(["broker", "upgrade", "--json"])
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        let upgradeJSON = try Self.json(upgrade.stdout)
        #expect(upgradeJSON["created"] as? Bool == false && upgradeJSON["upgraded_from"] is NSNull, "\(upgradeJSON)")
        #expect(try sandbox.run(["tasks"]).status == 0)

        let fresh = try TestPostgres.shared().createDatabase()
        let other = try Self.sandbox(url: fresh.tcpURL)
        let json = try other.run(["broker", "init", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let record = try Self.json(json.stdout)
        #expect(record["created"] as? Bool == true && record["kind"] as? String == "PostgreSQL" && record["schema"] as? Int == PostgreSQLSchema.version, "\(record)")
        #expect(record["broker"] as? String == fresh.tcpURL)
        #expect(json.stdout.contains("\"created\":true"), "\(json.stdout)")
    }

    @Test("a cluster's processes connect as 'qctl cluster' with keepalives and a short connect timeout; PGAPPNAME and a URL's own settings win")
    func clusterConnectionSettings() throws {
        let unset: (String) -> String? = { _ in nil }
        let settings = Dictionary(uniqueKeysWithValues: PGConnectionDefaults.clusterProcess.settings(variable: unset).map { ($0.key, $0.value) })
        #expect(settings["connect_timeout"] == "3" && settings["keepalives_idle"] == "10" && settings["tcp_user_timeout"] == "15000")
        #expect(PGConnectionDefaults.command.settings(variable: unset).contains { $0 == ("connect_timeout", "10") })
        // A set PGCONNECT_TIMEOUT leaves connect_timeout to libpq, which reads it; an empty one does not.
        let timeoutSet: (String) -> String? = { $0 == "PGCONNECT_TIMEOUT" ? "7" : nil }
        #expect(!PGConnectionDefaults.command.settings(variable: timeoutSet).contains { $0.key == "connect_timeout" })
        #expect(!PGConnectionDefaults.clusterProcess.settings(variable: timeoutSet).contains { $0.key == "connect_timeout" })
        #expect(PGConnectionDefaults.command.settings(variable: { $0 == "PGCONNECT_TIMEOUT" ? "" : nil }).contains { $0 == ("connect_timeout", "10") })

        let database = try TestPostgres.shared().createDatabase()
        let sandbox = try Self.sandbox(url: database.tcpURL)
        let names = "select application_name from pg_stat_activity where datname = current_database() order by 1"
        func count(_ name: String) throws -> Int { try database.psql(names).split(separator: "\n").filter { $0 == name }.count }
        let cluster = try RunningCluster(sandbox, ["--workers", "1"])
        // The sentinel, the pusher, its listener and the monitor.
        #expect(try eventually { try count("qctl cluster") >= 4 }, "\((try? database.psql(names)) ?? "")")
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
        #expect(try eventually { try count("qctl cluster") == 0 }, "\((try? database.psql(names)) ?? "")")

        let named = try Self.sandbox(url: database.tcpURL + "?application_name=nightly")
        let renamed = try RunningCluster(named, ["--workers", "1"])
        #expect(try eventually { try count("nightly") >= 4 }, "\((try? database.psql(names)) ?? "")")
        #expect(try count("qctl cluster") == 0, "\((try? database.psql(names)) ?? "")")
        renamed.signal(SIGTERM)
        #expect(renamed.waitForExit() == 0)

        // libpq's PGAPPNAME (and PGCONNECT_TIMEOUT) win over qctl's defaults, as over libpq's own.
        let fromVariable = try Self.sandbox(url: database.tcpURL)
        fromVariable.environment["PGAPPNAME"] = "from-variable"
        let variableNamed = try RunningCluster(fromVariable, ["--workers", "1"])
        #expect(try eventually { try count("from-variable") >= 4 }, "\((try? database.psql(names)) ?? "")")
        #expect(try count("qctl cluster") == 0, "\((try? database.psql(names)) ?? "")")
        variableNamed.signal(SIGTERM)
        #expect(variableNamed.waitForExit() == 0)
    }

    @Test("qctl bench --broker measures an empty database with PostgreSQL's targets, drops its tables, and refuses one that holds a broker")
    func benchOnPostgreSQL() throws {
        let database = try TestPostgres.shared().createDatabase()
        let sandbox = try Sandbox()
        let run = try sandbox.run(["bench", "--tasks", "20", "--workers", "1", "--rounds", "1", "--queue-limit", "3", "--json",
                                   "--broker", database.tcpURL], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        func target(_ prefix: String) -> String? {
            figures.first { ($0["name"] as? String)?.hasPrefix(prefix) == true }?["target"] as? String
        }
        #expect(target("machine: durable 1-record PostgreSQL commits") == "reference")
        #expect(target("qctl enqueue (one process, durable)") == "<= 5 ms")
        #expect(target("bulk enqueue --stdin") == ">= 20000")
        #expect(target("broker alone: lease + complete in batches of 64") == ">= 10000")
        #expect(target("idle enqueue->start latency p50") == "<= 3 ms")
        #expect(target("drain / spawn limit (median round)") == nil && target("drain / spawn limit") == ">= 0.8")
        #expect(try database.psql("select count(*) from pg_namespace where nspname like 'qctl%'") == "0", "the bench dropped its tables")

        let sandboxWithBroker = try Self.sandbox(url: database.tcpURL)
        #expect(try sandboxWithBroker.run(["broker", "init"]).status == 0)
        let refused = try sandbox.run(["bench", "--tasks", "20", "--broker", database.tcpURL], timeout: 60)
        #expect(refused.status != 0 && refused.stderr.contains("already holds a qctl broker"), "\(refused.stderr)")
        #expect(try Self.hasSchema(database), "the broker it found is left alone")
    }

    @Test("a schema newer than this qctl is refused with 65; an older one asks for broker upgrade (78), which upgrades it")
    func schemaVersions() throws {
        let database = try TestPostgres.shared().createDatabase()
        let sandbox = try Self.sandbox(url: database.tcpURL)
        #expect(try sandbox.run(["broker", "init"]).status == 0)
        let id = try #require(try sandbox.enqueue(lines: [#"{"command":["true"]}"#]).first)
        let meta = "select value from qctl.meta where key = 'schema'"

        // Another version's layout, as every version's upgrade leaves it: its number in qctl.meta
        // and in the name of the queue's sequence.
        try database.psql("update qctl.meta set value = 99 where key = 'schema'; alter sequence \(PostgreSQLSchema.queueSequence) rename to queue_seq_v99")
        for arguments in [["tasks"], ["enqueue", "--", "true"], ["broker", "init"], ["broker", "upgrade"]] {
            let run = try sandbox.run(arguments)
            Self.expectOneLineError(run, status: 65, "is newer than this qctl supports")
        }
        let start = try sandbox.run(["start"], timeout: 30)
        #expect(start.status == 65 && start.stderr.contains("newer"), "\(start.stderr)")
        #expect(try database.psql(meta) == "99", "left as it was")
        #expect(try database.psql("select count(*) from qctl.queue") == "1", "nothing enqueued")

        // Version 1's layout: its sequence had no number, and the results it stored were not
        // counted (two stored here by hand, a success and a failure).
        try database.psql("""
            update qctl.meta set value = 1 where key = 'schema'; alter sequence qctl.queue_seq_v99 rename to queue_seq;
            insert into qctl.results (id, cluster, grp, success, stopped_at, result)
                values ('\\x01', 'default', '', true, 1, '\\x00'), ('\\x02', 'default', '', false, 2, '\\x00')
            """)
        for arguments in [["tasks"], ["enqueue", "--", "true"], ["info"]] {
            let run = try sandbox.run(arguments)
            Self.expectOneLineError(run, status: 78, "qctl broker upgrade")
        }
        // broker init leaves the upgrade to broker upgrade, and says so.
        Self.expectOneLineError(try sandbox.run(["broker", "init", "--json"]), status: 78, "qctl broker upgrade")
        #expect(try database.psql(meta) == "1", "never upgraded in passing")
        let upgraded = try sandbox.run(["broker", "upgrade", "--json"])
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        #expect(upgraded.stdout.contains("\"upgraded_from\":1"), "\(upgraded.stdout)")
        #expect(try Self.json(upgraded.stdout)["schema"] as? Int == PostgreSQLSchema.version)
        #expect(try database.psql(meta) == "\(PostgreSQLSchema.version)")
        let info = try Self.json(try sandbox.run(["info", "--json"]).stdout)
        #expect(info["saved_successes"] as? Int == 1 && info["saved_failures"] as? Int == 1, "the stored results counted: \(info)")
        let next = try #require(try sandbox.enqueue(lines: [#"{"command":["true"]}"#]).first)
        let tasks = try sandbox.run(["tasks", "--json"])
        #expect(tasks.status == 0 && tasks.lines.count == 2, "the task survived and another joined it: \(tasks.stdout)\(tasks.stderr)")
        #expect(tasks.stdout.contains(id) && tasks.stdout.contains(next))
        #expect(try database.psql("select seq > 1 from qctl.queue order by seq desc limit 1") == "t", "the sequence went on where it was")

        // Version 0: a broker init that failed half-way.
        try database.psql("update qctl.meta set value = 0 where key = 'schema'")
        let text = try sandbox.run(["broker", "upgrade"])
        #expect(text.status == 0 && text.stdout.contains("upgraded the PostgreSQL broker's schema from 0 to \(PostgreSQLSchema.version)"), "\(text.stdout)\(text.stderr)")
    }

    @Test("broker upgrade waits (75) while a cluster runs on the older schema, and upgrades once it stopped")
    func upgradeWaitsForRunningCluster() throws {
        let database = try TestPostgres.shared().createDatabase()
        let sandbox = try Self.sandbox(url: database.tcpURL)
        let meta = "select value from qctl.meta where key = 'schema'"
        #expect(try sandbox.run(["broker", "init"]).status == 0)
        let cluster = try RunningCluster(sandbox, ["--workers", "1"])
        #expect(eventually(timeout: 30) { ((try? sandbox.stats()) ?? []).count == 1 }, "the cluster publishes its stat")
        // The version before's layout, as the running cluster's qctl would have left it.
        let older = PostgreSQLSchema.version - 1
        try database.psql("update qctl.meta set value = \(older) where key = 'schema'; alter sequence \(PostgreSQLSchema.queueSequence) rename to queue_seq_v\(older)")
        Self.expectOneLineError(try sandbox.run(["broker", "upgrade"]), status: 75, "a cluster of an older qctl runs on it (default ")
        #expect(try database.psql(meta) == "\(older)", "nothing upgraded")

        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0, "\(cluster.log)")
        let upgraded = try sandbox.run(["broker", "upgrade"])
        #expect(upgraded.status == 0 && upgraded.stdout.contains("upgraded"), "\(upgraded.stdout)\(upgraded.stderr)")
        #expect(try database.psql(meta) == "\(PostgreSQLSchema.version)")
    }

    // MARK: Signatures

    @Test("a cluster with another secret_key never runs a task signed with the first: recorded failed, bad signature")
    func otherSecretKey() throws {
        let database = try TestPostgres.shared().createDatabase()
        let enqueuer = try Self.sandbox(url: database.tcpURL)
        let otherHost = try Self.sandbox(url: database.tcpURL, secret: "another-secret-key-fedcba9876543210")
        let marker = enqueuer.file("ran.marker")
        let enqueued = try enqueuer.run(["enqueue", "--", "touch", marker])
        #expect(enqueued.status == 0, "\(enqueued.stderr)")
        let id = enqueued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let cluster = try RunningCluster(otherHost, ["--workers", "1"])
        let result = try enqueuer.run(["result", id, "--wait", "60s"], timeout: 90)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("bad signature"), "\(result.stderr)")
        let record = try enqueuer.result(id)
        #expect(record["success"] as? Bool == false)
        #expect((record["reason"] as? String)?.hasPrefix("bad signature") == true, "\(record)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the task ran")
        #expect(cluster.log.contains("bad signature") || cluster.log.contains("bad_signature"), "\(cluster.log)")

        // The cluster still runs tasks signed with its own key.
        let own = try otherHost.run(["enqueue", "--wait", "--", "echo", "mine"], timeout: 90)
        #expect(own.status == 0 && own.stdout == "mine\n", "\(own.stdout)\(own.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        let queue = try enqueuer.queue()
        #expect(queue["failed"] == 1 && queue["succeeded"] == 1 && queue["queued"] == 0 && queue["leased"] == 0, "\(queue)")
        cluster.signal(SIGTERM)
        #expect(cluster.waitForExit() == 0)
    }
}
