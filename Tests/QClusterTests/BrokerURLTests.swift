import Testing
@testable import QCluster

@Suite("BrokerURL: a PostgreSQL URL checked, and shown without its password")
struct BrokerURLTests {
    @Test("redacted drops the user part's password and any password= or sslpassword= parameter, and keeps the rest")
    func redacted() {
        #expect(BrokerURL.redacted("postgresql://qctl:s3cret@db:5432/queue?sslmode=require") == "postgresql://qctl@db:5432/queue?sslmode=require")
        #expect(BrokerURL.redacted("postgres://qctl@db/queue?password=s3cret&sslmode=require") == "postgres://qctl@db/queue?sslmode=require")
        #expect(BrokerURL.redacted("postgresql://a:b@db/q?PASSWORD=c") == "postgresql://a@db/q")
        #expect(BrokerURL.redacted("postgresql://a@db/q?sslpassword=k&pass%77ord=p&sslmode=require") == "postgresql://a@db/q?sslmode=require")
        #expect(BrokerURL.redacted("postgresql:///queue?host=/run/postgresql") == "postgresql:///queue?host=/run/postgresql")
        // libpq looks for the user part's '@' up to the first '/' only: a '?' may be in the password.
        #expect(BrokerURL.redacted("postgresql://u:p?x@db/q") == "postgresql://u@db/q")
        // libpq ends the password at the first '@'; redacting to the last hides more, never less.
        #expect(BrokerURL.redacted("postgresql://u:p@ss:w@db/q") == "postgresql://u@db/q")
    }

    @Test("passwords lists the passwords as written, from the user part and password= and sslpassword= parameters")
    func passwords() {
        #expect(BrokerURL.passwords(in: "postgresql://u:p%40ss@db/q?password=two&sslmode=disable&sslpassword=three") == ["p%40ss", "two", "three"])
        #expect(BrokerURL.passwords(in: "postgresql://u:p?x@db/q?password=y") == ["p?x", "y"])
        #expect(BrokerURL.passwords(in: "postgresql://db?password=y") == ["y"])
        #expect(BrokerURL.passwords(in: "postgresql://u@db/q").isEmpty)
        #expect(BrokerURL.passwords(in: "postgresql://u:@db/q") == [""])
    }

    @Test("problem shows the URL redacted and a quoted password as …; a message about a connection keeps names that equal the password")
    func messagesWithoutPasswords() {
        #expect(BrokerURL.problem("postgresql://u:hunter2@[::1/q")
            == "is not a valid PostgreSQL URL: end of string reached when looking for matching \"]\" in IPv6 host address in URI: \"postgresql://u@[::1/q\"")
        #expect(BrokerURL.problem("postgresql://u@db/q?password=x%zz") == "is not a valid PostgreSQL URL: invalid percent-encoded token: \"…\"")
        let url = "postgres://qctl:qctl@db/q"
        #expect(BrokerURL.withURLRedacted("password authentication failed for user \"qctl\"", url) == "password authentication failed for user \"qctl\"")
        #expect(BrokerURL.withURLRedacted("in \"\(url)\"", url) == "in \"postgres://qctl@db/q\"")
    }

    @Test("problem: not a PostgreSQL URL, or one libpq cannot parse; nil for a good one")
    func problem() {
        #expect(BrokerURL.problem("postgresql://qctl@db:5432/queue?sslmode=require&connect_timeout=5") == nil)
        #expect(BrokerURL.problem("postgresql:///queue?host=/run/postgresql") == nil)
        #expect(BrokerURL.problem("mysql://db/queue") == "must be a PostgreSQL URL (postgresql://user@host:5432/database?sslmode=require)")
        #expect(BrokerURL.problem("postgresql://db/queue?sslmod=require") == "is not a valid PostgreSQL URL: invalid URI query parameter: \"sslmod\"")
    }
}
