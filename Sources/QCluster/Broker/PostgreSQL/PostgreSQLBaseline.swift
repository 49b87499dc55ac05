/// The PostgreSQL broker's ``StorageBaseline``: a plain table of the bench's own (schema
/// `qctl_bench`) in the broker's database, 100-byte values, dropped by ``discard()``.
final class PostgreSQLBaseline: StorageBaseline {
    let name = "PostgreSQL"
    private let connection: PGConnection
    private let value = [UInt8](repeating: 7, count: 100)

    init(url: String) throws {
        connection = try PGConnection(url: url)
        try connection.run("CREATE SCHEMA IF NOT EXISTS qctl_bench; CREATE TABLE IF NOT EXISTS qctl_bench.raw (key bigint PRIMARY KEY, value bytea NOT NULL)")
    }

    func commitOne(key: UInt64) throws {
        try connection.query("INSERT INTO qctl_bench.raw VALUES ($1, $2)", [.int64(Int64(key)), .bytes(value)])
    }

    func commitMany(keys: Range<UInt64>) throws {
        try connection.query("INSERT INTO qctl_bench.raw SELECT k, $3 FROM generate_series($1::int8, $2::int8) AS k",
                             [.int64(Int64(keys.lowerBound)), .int64(Int64(keys.upperBound) - 1), .bytes(value)])
    }

    /// An enqueue's commit, then a lease's: both durable here.
    func idlePathCommits(key: UInt64) throws -> Double {
        let start = Clock.monotonicNanoseconds()
        try commitOne(key: key)
        try commitOne(key: key + 1_000_000)
        return Double(Clock.monotonicNanoseconds() - start) / 1e6
    }

    func discard() throws {
        try connection.run("DROP SCHEMA IF EXISTS qctl_bench CASCADE")
    }
}
