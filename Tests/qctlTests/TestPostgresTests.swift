import Foundation
import Testing

/// The tests' own PostgreSQL server (``TestPostgres``), which the PostgreSQL tests stand on.
@Suite("the tests' PostgreSQL server")
struct TestPostgresTests {
    @Test("a database of its own answers through the Unix socket and over loopback TCP")
    func answers() throws {
        let database = try TestPostgres.shared().createDatabase()
        #expect(try database.psql("select 1") == "1")
        #expect(try database.psql("select current_database()") == database.name)
        #expect(try database.psql("select inet_server_addr() is null") == "t")
        #expect(try database.psql("select inet_server_addr()", tcp: true) == "127.0.0.1")
        #expect(try database.psql("select current_database()", connection: database.socketURL) == database.name)
        #expect(try database.psql("select inet_server_addr() is null", connection: database.socketURL) == "t")
    }

    @Test("a program it runs (pg_ctl, which starts the server) inherits no descriptor but 0, 1 and 2")
    func nothingInherited() throws {
        // A socket end like the one Foundation's Process makes for each child: not close-on-exec.
        // (`; true` keeps the shell itself, whose descriptors are listed: bash would exec `ls`.)
        var ends: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let listed = try TestPostgres.run("/bin/sh", ["-c", "ls /proc/$$/fd; true"], asServerOwner: false)
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.output.split(whereSeparator: \.isWhitespace) == ["0", "1", "2"],
                "open in the child: \(listed.output)")
    }

    @Test("a dropped database is gone")
    func drop() throws {
        let server = try TestPostgres.shared()
        let database = try server.createDatabase()
        try database.drop()
        let listed = try TestDatabase(server: server, name: "postgres").psql("select count(*) from pg_database where datname = '\(database.name)'")
        #expect(listed == "0")
    }

    @Test("each test's database is its own")
    func databasesApart() throws {
        let server = try TestPostgres.shared()
        let first = try server.createDatabase(), second = try server.createDatabase()
        #expect(first.name != second.name)
        try first.psql("create table t(x int); insert into t values (42)")
        #expect(try first.psql("select x from t") == "42")
        #expect(try second.psql("select count(*) from pg_tables where tablename = 't'") == "0")
    }

    @Test("a private server is apart from the shared one, stops, starts and restarts on its port, and is removed once released")
    func privateServer() throws {
        let shared = try TestPostgres.shared()
        let folder: String
        do {
            let server = try TestPostgres.startPrivate()
            folder = server.folder
            #expect(server.folder != shared.folder && server.port != shared.port)
            let database = try server.createDatabase()
            try database.psql("create table t(x int); insert into t values (7)")
            try server.restart()
            #expect(try database.psql("select x from t", tcp: true) == "7")
            try server.stop()
            #expect(throws: TestPostgresError.self) { try database.psql("select 1", tcp: true) }
            #expect(try TestDatabase(server: shared, name: "postgres").psql("select 1") == "1", "the shared server is untouched")
            try server.start()
            #expect(try database.psql("select x from t", tcp: true) == "7")
            #expect(try database.psql("select x from t") == "7", "the Unix socket is back too")
        }
        #expect(!FileManager.default.fileExists(atPath: folder), "released, the private server's folder is gone")
    }

    @Test("without PostgreSQL's programs the error names them and how to install them")
    func missingBinaries() {
        let error = #expect(throws: TestPostgresError.self) {
            try TestPostgres.locateBinaries(candidates: ["/nonexistent/bin"])
        }
        #expect(error?.description.contains("initdb, pg_ctl and psql were not found") == true)
        #expect(error?.description.contains("/nonexistent/bin") == true)
        #expect(error?.description.contains("postgresql package") == true)
    }
}
