/// Scratch records in the broker's kind of store, apart from any broker, whose commits show the
/// store's own speed on this machine: `qctl bench` sets qctl's figures against them.
public protocol StorageBaseline {
    /// The kind of store, as figures name it ("LMDB", "PostgreSQL").
    var name: String { get }

    /// Removes what the baseline stored (its folder goes with the bench's; a database keeps it otherwise).
    func discard() throws

    /// Stores one small record in one durable commit.
    func commitOne(key: UInt64) throws

    /// Stores a small record for each of `keys` in one durable commit.
    func commitMany(keys: Range<UInt64>) throws

    /// Milliseconds of the commits an idle task waits for: a durable one (as its enqueue's),
    /// then one as a lease's; two records, at `key` and beside it.
    func idlePathCommits(key: UInt64) throws -> Double
}
