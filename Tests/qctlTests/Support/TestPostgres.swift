import Foundation
import Testing
@testable import QCluster

/// What went wrong with the tests' PostgreSQL server or a command against it, in one line.
struct TestPostgresError: Error, CustomStringConvertible {
    let description: String
}

/// The test process's own PostgreSQL server, started on first use and shared by every test;
/// or, from ``startPrivate()``, a server of one test's own, which that test may stop, start and
/// restart (``stop()``, ``start()``, ``restart()``) without disturbing the others.
///
/// initdb makes a cluster in a temporary folder (owned by the user `postgres` when the tests run
/// as root, since initdb and the server refuse root; by the current user otherwise) with one
/// superuser, `qctl`, and trust authentication. pg_ctl starts it with `-w` on a Unix socket in
/// that folder and on a free loopback TCP port (`listen_addresses` names 127.0.0.1 only). Each
/// test takes a database of its own with ``createDatabase()``.
///
/// A watchdog process reads one end of a socket pair whose other end only this process holds.
/// When this process ends, however it ends (normally, on a failed `#require`, on a crash or a
/// kill), that end closes, and the watchdog stops the server and removes the folder. At a normal exit
/// the process waits for the watchdog, so no server outlives the suite. A private server's end
/// closes when the server is released (its test and its databases are done with it).
///
/// Without a usable PostgreSQL every test that asks for it fails with the one
/// ``TestPostgresError`` line: the PostgreSQL tests never skip.
final class TestPostgres: Sendable {
    /// The folder holding the cluster (`data/`), the server's log and its Unix socket.
    let folder: String
    /// The server's TCP port on 127.0.0.1, and the number in its socket's name.
    let port: Int
    /// The superuser every test connects as (trust authentication, no password).
    let user = "qctl"
    /// The folder of initdb, pg_ctl and psql.
    let binaries: String
    /// Whether this is a test's own server (``startPrivate()``), which it may stop and restart.
    let isPrivate: Bool
    private let watchdog: pid_t
    private let watchdogSocket: Int32

    private static let started: Result<TestPostgres, TestPostgresError> = {
        do {
            let server = try TestPostgres(isPrivate: false)
            atexit { TestPostgres.stopAtExit() }
            return .success(server)
        } catch let error as TestPostgresError {
            return .failure(error)
        } catch {
            return .failure(TestPostgresError(description: "PostgreSQL for the tests: \(error)"))
        }
    }()

    /// The running server, started by the first call; throws the same clear error to every test
    /// when there is no usable PostgreSQL.
    static func shared() throws -> TestPostgres {
        try started.get()
    }

    /// A new server for the calling test alone, made and started as the shared one (a folder,
    /// port and watchdog of its own); stopped and removed once released.
    static func startPrivate() throws -> TestPostgres {
        try TestPostgres(isPrivate: true)
    }

    private static func stopAtExit() {
        if case .success(let server) = started { server.remove() }
    }

    private init(isPrivate: Bool) throws {
        self.isPrivate = isPrivate
        binaries = try Self.locateBinaries()
        let asRoot = geteuid() == 0
        if asRoot {
            guard getpwnam("postgres") != nil else {
                throw TestPostgresError(description: "PostgreSQL for the tests: running as root, and initdb refuses root, but there is no user postgres to run it as (Debian's postgresql package creates it)")
            }
            guard Self.runuser != nil else {
                throw TestPostgresError(description: "PostgreSQL for the tests: running as root, and initdb refuses root, but runuser (util-linux) was not found to run it as postgres")
            }
        }
        folder = try Self.makeFolder(asRoot: asRoot)
        // The watchdog first: from here on, whatever fails, the folder goes away with this process.
        (watchdog, watchdogSocket) = try Self.startWatchdog(folder: folder, pgCtl: "\(binaries)/pg_ctl")
        do {
            let initdb = try Self.run("\(binaries)/initdb", ["-D", "\(folder)/data", "-U", user, "-A", "trust",
                                                             "-E", "UTF8", "--no-locale", "--no-sync"])
            guard initdb.status == 0 else {
                throw TestPostgresError(description: "PostgreSQL for the tests: initdb failed (status \(initdb.status)): \(Self.lastLines(initdb.output))")
            }
            port = try Self.start(binaries: binaries, folder: folder)
        } catch {
            close(watchdogSocket)
            var status: Int32 = 0
            waitpid(watchdog, &status, 0)
            throw error
        }
    }

    /// A private server goes with its last reference; the shared one lives until the process exits.
    deinit {
        if isPrivate { remove() }
    }

    /// Stops the server and removes its folder: the watchdog does both once its socket closes.
    private func remove() {
        close(watchdogSocket)
        var status: Int32 = 0
        while waitpid(watchdog, &status, 0) == -1 && errno == EINTR {}
    }

    // MARK: Stopping and starting a private server

    /// `pg_ctl restart -m fast -w`: every session ends, and the server is back on the same port
    /// and socket (pg_ctl reuses the options it was started with) before this returns.
    func restart() throws {
        try control("restart", ["-l", Self.logPath(folder: folder, port: port), "-m", "fast", "-w", "-t", "60", "restart"])
    }

    /// `pg_ctl stop -m fast -w`: every session ends and the server is gone (connections are
    /// refused) until ``start()``.
    func stop() throws {
        try control("stop", ["-m", "fast", "-w", "-t", "60", "stop"])
    }

    /// Starts a server that ``stop()`` stopped, on the same port and socket, as it started first.
    func start() throws {
        precondition(isPrivate, "the shared PostgreSQL server serves other tests at once: start one with TestPostgres.startPrivate()")
        let result = try Self.pgCtlStart(binaries: binaries, folder: folder, port: port)
        guard result.status == 0 else {
            throw TestPostgresError(description: "PostgreSQL for the tests: pg_ctl start failed (status \(result.status)): \(Self.lastLines(result.output))")
        }
    }

    private func control(_ action: String, _ arguments: [String]) throws {
        precondition(isPrivate, "the shared PostgreSQL server serves other tests at once: start one with TestPostgres.startPrivate()")
        let result = try Self.run("\(binaries)/pg_ctl", ["-D", "\(folder)/data"] + arguments)
        guard result.status == 0 else {
            throw TestPostgresError(description: "PostgreSQL for the tests: pg_ctl \(action) failed (status \(result.status)): \(Self.lastLines(result.output))")
        }
    }

    /// A new, empty database on this server, named `t_` and random hex digits.
    func createDatabase() throws -> TestDatabase {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        _ = try TestDatabase(server: self, name: "postgres").psql("CREATE DATABASE \(name)")
        return TestDatabase(server: self, name: name)
    }

    // MARK: Finding and running PostgreSQL's programs

    /// The first folder among `pg_config --bindir` and /usr/lib/postgresql/*/bin (newest version
    /// first) that holds initdb, pg_ctl and psql.
    static func locateBinaries(candidates: [String]? = nil) throws -> String {
        let folders = candidates ?? defaultBinaryFolders()
        let needed = ["initdb", "pg_ctl", "psql"]
        if let found = folders.first(where: { folder in
            needed.allSatisfy { FileManager.default.isExecutableFile(atPath: "\(folder)/\($0)") }
        }) {
            return found
        }
        let looked = folders.isEmpty ? "no folder (pg_config not found, /usr/lib/postgresql/*/bin empty)" : folders.joined(separator: ", ")
        throw TestPostgresError(description: "PostgreSQL for the tests: the server programs initdb, pg_ctl and psql were not found (looked in \(looked)); install Debian's postgresql package (make test does)")
    }

    private static func defaultBinaryFolders() -> [String] {
        var folders: [String] = []
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        if let pgConfig = path.split(separator: ":").map({ "\($0)/pg_config" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
           let bindir = try? run(pgConfig, ["--bindir"], asServerOwner: false), bindir.status == 0 {
            folders.append(bindir.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let folder = "/usr/lib/postgresql/\(version)/bin"
            if !folders.contains(folder) { folders.append(folder) }
        }
        return folders
    }

    private static var runuser: String? {
        ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The environment of PostgreSQL's programs: this process's, without PG* variables that
    /// would point them elsewhere, in the C locale.
    private static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["LC_ALL"] = "C"
        return environment
    }

    /// Runs a program to its end (as `postgres` when this process is root and `asServerOwner`),
    /// with its standard output and error together in a file: a pipe would stay open as long as
    /// any server process that inherited it. Spawned here and waited for with waitpid, not with
    /// Foundation's Process, which cannot tell when a runuser that started the server ended.
    static func run(_ executable: String, _ arguments: [String], asServerOwner: Bool = true) throws -> (status: Int32, output: String) {
        var argv = [executable] + arguments
        if asServerOwner && geteuid() == 0, let runuser { argv = [runuser, "-u", "postgres", "--"] + argv }
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("qctl-pg-\(UUID().uuidString.prefix(8)).out").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer { close(input); close(output) }
        guard input >= 0, output >= 0 else {
            throw TestPostgresError(description: "PostgreSQL for the tests: cannot open \(outputPath): \(String(cString: strerror(errno)))")
        }
        let pid = try spawn(argv, descriptors: [(input, 0), (output, 1), (output, 2)])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, text)
    }

    /// Starts `argv` with ``environment`` and `descriptors` ((source, target) pairs) as its only
    /// open descriptors; its pid. Nothing else: the server lives to the end of the run, and a
    /// descriptor it kept (the socket end of a Process another test is launching, see
    /// ``Foundation/Process/runAlone()``) would hide that child's exit.
    private static func spawn(_ argv: [String], descriptors: [(Int32, Int32)]) throws -> pid_t {
        var options = ProcessSpawner.Options(arguments: argv, environment: environment.map { "\($0.key)=\($0.value)" })
        options.fileDescriptors = descriptors
        do {
            return try ProcessSpawner.spawn(options)
        } catch {
            throw TestPostgresError(description: "PostgreSQL for the tests: \(error)")
        }
    }

    static func lastLines(_ text: String, _ count: Int = 5) -> String {
        text.split(separator: "\n").suffix(count).joined(separator: " | ")
    }

    // MARK: Setting up

    /// A new folder for the cluster, owned by the server's user. Under $TMPDIR, or /tmp as root
    /// (whose $TMPDIR the user postgres may not enter) or when the socket's path would pass the
    /// length a Unix socket address allows.
    private static func makeFolder(asRoot: Bool) throws -> String {
        var base = FileManager.default.temporaryDirectory.path
        if asRoot || base.utf8.count > 60 { base = "/tmp" }
        var template = Array("\(base)/qctl-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestPostgresError(description: "PostgreSQL for the tests: could not create a folder in \(base): \(String(cString: strerror(errno)))")
        }
        let folder = String(cString: made)
        if asRoot, let owner = getpwnam("postgres") {
            guard chown(folder, owner.pointee.pw_uid, owner.pointee.pw_gid) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: folder)
                throw TestPostgresError(description: "PostgreSQL for the tests: could not give \(folder) to the user postgres: \(reason)")
            }
        }
        return folder
    }

    /// Starts `sh` reading a socket to its end, then stopping the server in `folder` and removing
    /// the folder. Returns its pid and the other end, which only this process holds
    /// (close-on-exec: no child inherits it).
    private static func startWatchdog(folder: String, pgCtl: String) throws -> (pid_t, Int32) {
        // A socket pair, as it can be made close-on-exec atomically (Glibc's pipe2 is not
        // visible to Swift): another test's spawn in between must not inherit the write end.
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw TestPostgresError(description: "PostgreSQL for the tests: socketpair failed: \(String(cString: strerror(errno)))")
        }
        // Signals to the test run's process group (Ctrl-C) must not stop the clean-up.
        let script = """
        trap '' INT TERM HUP
        cat >/dev/null
        folder=$1; shift
        "$@" -m fast -w -t 30 stop >/dev/null 2>&1 || "$@" -m immediate -w stop >/dev/null 2>&1
        rm -rf "$folder"
        """
        var stopCommand = [pgCtl, "-D", "\(folder)/data"]
        if geteuid() == 0, let runuser { stopCommand = [runuser, "-u", "postgres", "--"] + stopCommand }
        let arguments = ["/bin/sh", "-c", script, "sh", folder] + stopCommand
        let nullDevice = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(nullDevice) }
        let pid: pid_t
        do {
            pid = try spawn(arguments, descriptors: [(ends[0], 0), (nullDevice, 1), (nullDevice, 2)])
        } catch {
            close(ends[0])
            close(ends[1])
            throw error
        }
        close(ends[0])
        return (pid, ends[1])
    }

    /// A port on 127.0.0.1 that was free a moment ago (bound, then closed).
    static func freeLoopbackPort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw TestPostgresError(description: "PostgreSQL for the tests: socket() failed") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard bound else { throw TestPostgresError(description: "PostgreSQL for the tests: no free loopback port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the server with `pg_ctl -w` and returns its port. A port taken between choosing it
    /// and the server's bind (another test run on this machine) means another try with another.
    private static func start(binaries: String, folder: String) throws -> Int {
        var lastFailure = ""
        for _ in 0..<5 {
            let port = try freeLoopbackPort()
            let pgCtl = try pgCtlStart(binaries: binaries, folder: folder, port: port)
            if pgCtl.status == 0 { return port }
            let serverLog = (try? String(contentsOfFile: logPath(folder: folder, port: port), encoding: .utf8)) ?? ""
            lastFailure = lastLines(pgCtl.output + "\n" + serverLog)
            guard serverLog.contains("could not bind") || serverLog.contains("already in use") else { break }
        }
        throw TestPostgresError(description: "PostgreSQL for the tests: pg_ctl could not start the server: \(lastFailure)")
    }

    /// `pg_ctl start -w` of the cluster in `folder` on `port`: its socket in `folder`, TCP on
    /// 127.0.0.1 only, its log in `folder`.
    private static func pgCtlStart(binaries: String, folder: String, port: Int) throws -> (status: Int32, output: String) {
        let options = "-k '\(folder)' -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off"
        return try run("\(binaries)/pg_ctl", ["-D", "\(folder)/data", "-l", logPath(folder: folder, port: port), "-o", options, "-w", "-t", "60", "start"])
    }

    private static func logPath(folder: String, port: Int) -> String {
        "\(folder)/server-\(port).log"
    }
}

/// One database on ``TestPostgres``.
struct TestDatabase: Sendable {
    let server: TestPostgres
    let name: String

    /// A libpq connection string through the Unix socket.
    var socketConnectionString: String { "host=\(server.folder) port=\(server.port) user=\(server.user) dbname=\(name)" }

    /// A connection URL over loopback TCP.
    var tcpURL: String { "postgresql://\(server.user)@127.0.0.1:\(server.port)/\(name)" }

    /// A connection URL through the Unix socket: the socket's folder, percent-encoded, as the
    /// `host` parameter.
    var socketURL: String {
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        let folder = server.folder.addingPercentEncoding(withAllowedCharacters: unreserved) ?? server.folder
        return "postgresql://\(server.user)@/\(name)?host=\(folder)&port=\(server.port)"
    }

    /// Runs `sql` with psql (through the Unix socket, or over TCP with `tcp`) and returns its
    /// unaligned, tuples-only output without the last newline; throws psql's message on failure.
    @discardableResult
    func psql(_ sql: String, tcp: Bool = false) throws -> String {
        try psql(sql, connection: tcp ? tcpURL : socketConnectionString)
    }

    /// ``psql(_:tcp:)`` through `connection`, a connection string or URL.
    @discardableResult
    func psql(_ sql: String, connection: String) throws -> String {
        let result = try TestPostgres.run("\(server.binaries)/psql", ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", connection, "-c", sql], asServerOwner: false)
        guard result.status == 0 else {
            throw TestPostgresError(description: "psql \(sql): \(TestPostgres.lastLines(result.output))")
        }
        return result.output.hasSuffix("\n") ? String(result.output.dropLast()) : result.output
    }

    /// Drops this database, ending the sessions still connected to it.
    func drop() throws {
        try TestDatabase(server: server, name: "postgres").psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
