import Foundation
import Testing
@testable import QCluster

@Suite("configuration: qcluster.yaml to settings")
struct ConfigTests {
    let loader = ConfigLoader(environment: ["QCTL_SECRET_KEY": "s3cret", "EMPTY": ""], currentDirectory: "/srv/app")

    func parse(_ yaml: String) throws(ConfigError) -> Configuration {
        try loader.parse(yaml: yaml, file: "qcluster.yaml", directory: "/srv/app")
    }

    @Test("defaults follow Django Q, with queue_limit = workers² and retry = timeout + 30s")
    func defaults() throws {
        let settings = try parse("").settings()
        #expect(settings.name == "default")
        #expect(settings.workers == ProcessInfo.processInfo.activeProcessorCount)
        #expect(settings.queueLimit == settings.workers * settings.workers)
        #expect(settings.timeoutMilliseconds == 60_000)
        #expect(settings.retryMilliseconds == 90_000)
        #expect(settings.recycle == 500)
        #expect(settings.saveLimit == 250)
        #expect(settings.maxAttempts == 3)
        #expect(settings.ackFailures == nil)
        #expect(settings.retries == 0)
        #expect(settings.retryBackoffMilliseconds == 10_000 && settings.retryBackoffMaxMilliseconds == 600_000)
        #expect(settings.guardCycleMilliseconds == 500)
        #expect(settings.catchUp && settings.scheduler)
    }

    @Test("a derived queue_limit follows workers set later (qctl start --workers); a configured one stays")
    func queueLimitFollowsWorkers() throws {
        var derived = try parse("").settings()
        derived.workers = 3
        #expect(derived.queueLimit == 9)
        var configured = try parse("cluster:\n  queue_limit: 5\n").settings()
        configured.workers = 3
        #expect(configured.queueLimit == 5)
    }

    @Test("alt_clusters overlay the cluster section; other names run with the defaults")
    func altClusters() throws {
        let configuration = try parse("""
        cluster:
          workers: 4
          timeout: 60
          retry: 90
          save_limit: 10
        alt_clusters:
          long:
            timeout: 3600
            retry: 3700
            workers: 2
            queue_limit: 4
        """)
        let long = try configuration.settings(for: "long")
        #expect(long.name == "long")
        #expect(long.workers == 2 && long.queueLimit == 4 && long.timeoutMilliseconds == 3_600_000)
        #expect(long.saveLimit == 10)
        #expect(long.sources["workers"] == .altCluster(name: "long", line: 10))
        #expect(long.sources["save_limit"] == .cluster(line: 5))
        let other = try configuration.settings(for: "nightly")
        #expect(other.name == "nightly" && other.workers == 4 && other.queueLimit == 16)
        #expect(configuration.clusterNames == ["default", "long"])
    }

    @Test("broker.path is relative to the config file; ${VAR} is expanded")
    func pathsAndEnvironment() throws {
        let configuration = try parse("""
        broker:
          path: data/q.lmdb
          map_size: 64MiB
        secret_key: ${QCTL_SECRET_KEY}
        cluster:
          name: ${QNAME:-main}
        """)
        #expect(configuration.brokerPath == "/srv/app/data/q.lmdb")
        #expect(configuration.mapSize == 64 << 20)
        #expect(configuration.secretKey == "s3cret")
        #expect(configuration.defaultClusterName == "main")
        #expect(try parse("secret_key: ${EMPTY}").secretKey == nil)
        #expect(try parse("").brokerPath == "/srv/app/.qctl/broker.lmdb")
    }

    @Test("broker.url names a PostgreSQL broker, $QCTL_BROKER_URL overrides it, and either needs secret_key")
    func brokerURL() throws {
        #expect(try parse("").brokerURL == nil)
        let url = "postgresql://qctl@db.example:5432/queue?sslmode=require"
        #expect(try parse("secret_key: k\nbroker:\n  url: \(url)\n").brokerURL == url)
        #expect(try parse("secret_key: k\nbroker:\n  url: ''\n").brokerURL == nil)
        let overriding = ConfigLoader(environment: ["QCTL_BROKER_URL": "postgres://other/db"], currentDirectory: "/srv/app")
        #expect(try overriding.parse(yaml: "secret_key: k\nbroker:\n  url: \(url)\n", file: "q.yaml", directory: "/srv/app").brokerURL
            == "postgres://other/db")
        #expect(throws: ConfigError.invalidValue(ConfigLocation(file: "qcluster.yaml", line: 2, column: 8), key: "broker.url",
                                                 reason: "must be a PostgreSQL URL (postgresql://user@host:5432/database?sslmode=require)")) {
            try parse("broker:\n  url: mysql://x/y\n")
        }
        // A URL libpq cannot parse is a configuration error, found before any connection.
        #expect(throws: ConfigError.invalidValue(ConfigLocation(file: "qcluster.yaml", line: 3, column: 8), key: "broker.url",
                                                 reason: "is not a valid PostgreSQL URL: invalid URI query parameter: \"sslmod\"")) {
            try parse("secret_key: k\nbroker:\n  url: postgresql://db/q?sslmod=require\n")
        }
        // A key generated on one host would not verify tasks enqueued on another.
        #expect {
            try parse("broker:\n  url: \(url)\n")
        } throws: { "\($0)".contains("needs secret_key") }
        #expect {
            try overriding.parse(yaml: "", file: "q.yaml", directory: "/srv/app")
        } throws: {
            "\($0)" == "environment: '$QCTL_BROKER_URL' needs secret_key in qcluster.yaml: every host that shares a PostgreSQL broker must sign tasks with the same key"
        }
        // A key from a variable that is not set (a command run outside the service that sets it) says so.
        #expect(throws: ConfigError.invalidValue(ConfigLocation(file: "qcluster.yaml", line: 3, column: 8), key: "broker.url",
                                                 reason: "needs secret_key, which is empty as $UNSET_KEY is empty or not set here: "
                                                     + "every host that shares a PostgreSQL broker must sign tasks with the same key")) {
            try parse("secret_key: ${UNSET_KEY}\nbroker:\n  url: \(url)\n")
        }
        // With no file at all, the variable still names the broker (and still needs the key).
        #expect(throws: ConfigError.self) { try overriding.load() }
    }

    @Test("max_rss takes KiB or a size")
    func maxRSS() throws {
        #expect(try parse("cluster:\n  max_rss: 2048\n").settings().maxRSSKiB == 2048)
        #expect(try parse("cluster:\n  max_rss: 200MiB\n").settings().maxRSSKiB == 204_800)
    }

    @Test("every error names file:line:column and the key", arguments: [
        ("cluster:\n  workrs: 4\n", "qcluster.yaml:2:3: unknown key 'workrs' in 'cluster'; did you mean 'workers'?"),
        ("clustr:\n  workers: 4\n", "qcluster.yaml:1:1: unknown key 'clustr' at the top level; did you mean 'cluster'?"),
        ("cluster:\n  workers: four\n", "qcluster.yaml:2:12: 'cluster.workers' must be a whole number, found 'four'"),
        ("cluster:\n  workers: 0\n", "qcluster.yaml:2:12: 'cluster.workers' must be between 1 and 1024, found 0"),
        ("cluster:\n  ack_failures: maybe\n", "qcluster.yaml:2:17: 'cluster.ack_failures' must be true or false, found 'maybe'"),
        ("cluster:\n  timeout: 0\n", "qcluster.yaml:2:12: 'cluster.timeout' must be at least 1s, found 0"),
        ("cluster: [1, 2]\n", "qcluster.yaml:1:10: 'cluster' must be a mapping of keys to values, found a list"),
        ("cluster:\n  save_limit: -2\n", "qcluster.yaml:2:15: 'cluster.save_limit' must be -1 (keep none), 0 (keep all) or more, found -2"),
        ("alt_clusters:\n  long:\n    name: x\n", "qcluster.yaml:3:5: unknown key 'name' in 'alt_clusters.long'"),
        ("timezone: Mars/Olympus\n", "qcluster.yaml:1:11: 'timezone' is not a known time zone ('Mars/Olympus') in the system's rules (/usr/share/zoneinfo, tzdata \(ZoneRules.databaseVersion ?? "?")); use a name such as Europe/Amsterdam or UTC"),
        ("secret_key: ${BROKEN\n", "qcluster.yaml:1:13: 'secret_key' has a malformed environment reference in '${BROKEN'; write ${NAME} or ${NAME:-default}"),
        ("tasks:\n  t:\n    timeout: 5\n", "qcluster.yaml:3:5: 'tasks.t' needs a 'command' (a list of words) or a 'shell' script"),
        ("tasks:\n  t:\n    command: convert\n", "qcluster.yaml:3:14: 'tasks.t.command' must be a list of words, such as [convert, \"{1}\", out.png] (or use 'shell:' for a script), found 'convert'"),
    ] as [(String, String)])
    func errors(yaml: String, message: String) {
        #expect(throws: ConfigError.self) { try parse(yaml) }
        do {
            _ = try parse(yaml)
        } catch {
            #expect(error.description == message)
            #expect(error.exitStatus == .configuration)
        }
    }

    @Test("retry must be longer than timeout, and the error says why")
    func retryBelowTimeout() {
        do {
            _ = try parse("cluster:\n  timeout: 60\n  retry: 10\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("qcluster.yaml:3:10: cluster 'default': retry (10s) must be longer than timeout (1m)"))
            #expect(error.description.contains("delivered again"))
        }
    }

    @Test("malformed YAML and duplicate keys are syntax errors with a position")
    func syntax() {
        for yaml in ["cluster:\n  workers: [1, 2\n", "cluster:\n  workers: 1\n  workers: 2\n", "a: b: c\n"] {
            do {
                _ = try parse(yaml)
                Issue.record("expected a syntax error for \(yaml)")
            } catch {
                guard case let .syntax(location, _) = error else { Issue.record("got \(error)"); continue }
                #expect(location.line > 0)
            }
        }
    }

    @Test("named tasks substitute {N} and {@}, and count their arguments")
    func namedTasks() throws {
        let configuration = try parse("""
        tasks:
          thumbnail:
            command: [convert, "{1}", -resize, 200x200, "{2}"]
          all:
            command: [rm, "{@}"]
          script:
            shell: "gzip -c {1} > {1}.gz"
        """)
        let thumbnail = try #require(configuration.tasks["thumbnail"])
        #expect(try thumbnail.argv(with: ["a.png", "b.png"]) == ["convert", "a.png", "-resize", "200x200", "b.png"])
        #expect(throws: TaskInputError.missingArguments(task: "thumbnail", needed: 2, given: 1)) { try thumbnail.argv(with: ["a.png"]) }
        #expect(throws: TaskInputError.extraArguments(task: "thumbnail", accepted: 2, given: 3)) { try thumbnail.argv(with: ["a", "b", "c"]) }
        #expect(try configuration.tasks["all"]!.argv(with: ["x", "y z"]) == ["rm", "x", "y z"])
        #expect(try configuration.tasks["script"]!.argv(with: ["my file"]) == ["/bin/sh", "-c", "gzip -c 'my file' > 'my file'.gz"])
    }

    @Test("a missing --config file is an error; a missing ./qcluster.yaml means the defaults")
    func locating() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-config-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let loader = ConfigLoader(environment: [:], currentDirectory: directory)
        #expect(try loader.load().file == nil)
        #expect(throws: ConfigError.fileNotFound(path: "x.yaml", origin: "--config")) { try loader.load(explicitPath: "x.yaml") }
        let fromEnvironment = ConfigLoader(environment: ["QCTL_CONFIG": "/nonexistent/q.yaml"], currentDirectory: directory)
        #expect(throws: ConfigError.fileNotFound(path: "/nonexistent/q.yaml", origin: "QCTL_CONFIG")) { try fromEnvironment.load() }
        try "cluster:\n  workers: 3\n".write(toFile: directory + "/qcluster.yaml", atomically: true, encoding: .utf8)
        #expect(try loader.load().settings().workers == 3)
    }

    @Test("cluster names: letters (any script), digits, - _ . and at most 64 bytes", arguments: [
        ("default", true), ("long-2_x.y", true), ("émile", true), ("日本", true), (String(repeating: "x", count: 64), true),
        ("", false), ("a b", false), ("a/b", false), ("a!", false), (String(repeating: "x", count: 65), false),
        (String(repeating: "é", count: 33), false), ("caf\u{301}", false),
    ])
    func clusterNames(name: String, valid: Bool) {
        #expect(ClusterName.isValid(name) == valid)
    }
}
