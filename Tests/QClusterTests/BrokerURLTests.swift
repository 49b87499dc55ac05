import Testing
@testable import QCluster

@Suite("BrokerURL: a PostgreSQL URL checked, and shown without its password")
struct BrokerURLTests {
    @Test("redacted drops the user part's password and any password= parameter, and keeps the rest")
    func redacted() {
        #expect(BrokerURL.redacted("postgresql://qctl:s3cret@db:5432/queue?sslmode=require") == "postgresql://qctl@db:5432/queue?sslmode=require")
        #expect(BrokerURL.redacted("postgres://qctl@db/queue?password=s3cret&sslmode=require") == "postgres://qctl@db/queue?sslmode=require")
        #expect(BrokerURL.redacted("postgresql://a:b@db/q?PASSWORD=c") == "postgresql://a@db/q")
        #expect(BrokerURL.redacted("postgresql:///queue?host=/run/postgresql") == "postgresql:///queue?host=/run/postgresql")
        // The user part ends at the last '@' before the path: a password may hold '@' and ':'.
        #expect(BrokerURL.redacted("postgresql://u:p@ss:w@db/q") == "postgresql://u@db/q")
    }

    @Test("passwords lists the passwords as written, from the user part and password= parameters")
    func passwords() {
        #expect(BrokerURL.passwords(in: "postgresql://u:p%40ss@db/q?password=two&sslmode=disable") == ["p%40ss", "two"])
        #expect(BrokerURL.passwords(in: "postgresql://u@db/q").isEmpty)
        #expect(BrokerURL.passwords(in: "postgresql://u:@db/q") == [""])
    }

    @Test("scrubbed shows a quoted URL redacted and a quoted password as …")
    func scrubbed() {
        let url = "postgresql://u:hunter2@[::1/q"
        #expect(BrokerURL.scrubbed("bad IPv6 in URI: \"\(url)\"", of: url) == "bad IPv6 in URI: \"postgresql://u@[::1/q\"")
        #expect(BrokerURL.scrubbed("invalid percent-encoded token: \"x%zz\"", of: "postgresql://u@db/q?password=x%zz")
            == "invalid percent-encoded token: \"…\"")
        #expect(BrokerURL.scrubbed("no password here", of: "postgresql://u:@db/q") == "no password here")
    }

    @Test("problem: not a PostgreSQL URL, or one libpq cannot parse; nil for a good one")
    func problem() {
        #expect(BrokerURL.problem("postgresql://qctl@db:5432/queue?sslmode=require&connect_timeout=5") == nil)
        #expect(BrokerURL.problem("postgresql:///queue?host=/run/postgresql") == nil)
        #expect(BrokerURL.problem("mysql://db/queue") == "must be a PostgreSQL URL (postgresql://user@host:5432/database?sslmode=require)")
        #expect(BrokerURL.problem("postgresql://db/queue?sslmod=require") == "is not a valid PostgreSQL URL: invalid URI query parameter: \"sslmod\"")
        #expect(BrokerURL.problem("postgresql://u:hunter2@[::1/q")
            == "is not a valid PostgreSQL URL: end of string reached when looking for matching \"]\" in IPv6 host address in URI: \"postgresql://u@[::1/q\"")
    }
}
