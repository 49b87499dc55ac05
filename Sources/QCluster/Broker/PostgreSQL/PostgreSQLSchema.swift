/// The PostgreSQL broker's tables, in their own schema `qctl`. Messages, results and schedules
/// are stored signed and encoded exactly as in the LMDB broker; the columns beside them are
/// what queries select and sort by. A task's id column holds its ``TaskID/storageKey``, which
/// sorts by creation time.
enum PostgreSQLSchema {
    /// The layout version this build reads and writes (`qctl.meta`, key `schema`).
    static let version = 3

    /// The queue's sequence, named after the layout version: every upgrade renames it. A
    /// one-task enqueue names it instead of reading the version, which a new connection pays
    /// for with a table's first look-up (about 0.4 ms): a qctl of another version finds no such
    /// sequence (undefined table), writes nothing and checks the version in full.
    static let queueSequence = "qctl.queue_seq_v\(version)"

    /// The statements that bring a schema of version `n - 1` to `n`, for each `n` up to
    /// ``version``; version 0 is a database a failed `qctl broker init` left half-made.
    static func upgrade(to version: Int) -> String {
        switch version {
        case 2: return "ALTER SEQUENCE IF EXISTS qctl.queue_seq RENAME TO queue_seq_v2;"
        // 3 counts the stored results of each cluster (``CounterName/saved(_:_:)``), counted
        // here with the table locked against writers.
        case 3: return """
            ALTER SEQUENCE IF EXISTS qctl.queue_seq_v2 RENAME TO queue_seq_v3;
            LOCK TABLE qctl.results IN SHARE ROW EXCLUSIVE MODE;
            DELETE FROM qctl.counters WHERE name LIKE '\(CounterName.savedSuccessesPrefix)%' OR name LIKE '\(CounterName.savedFailuresPrefix)%';
            INSERT INTO qctl.counters (name, value)
            SELECT CASE WHEN success THEN '\(CounterName.savedSuccessesPrefix)' ELSE '\(CounterName.savedFailuresPrefix)' END || cluster, count(*)
            FROM qctl.results GROUP BY success, cluster;
            """
        default: return create
        }
    }

    /// Creates every table and index of ``version``; idempotent.
    static let create = """
    CREATE SCHEMA IF NOT EXISTS qctl;
    CREATE TABLE IF NOT EXISTS qctl.meta (key text PRIMARY KEY, value bigint NOT NULL);
    -- FIFO per cluster by seq; a task put back (an expired lease) keeps its seq, so its place.
    CREATE SEQUENCE IF NOT EXISTS \(queueSequence);
    CREATE TABLE IF NOT EXISTS qctl.queue (
        seq bigint PRIMARY KEY, cluster text NOT NULL, grp text NOT NULL, id bytea NOT NULL UNIQUE,
        attempts integer NOT NULL, message bytea NOT NULL);
    CREATE INDEX IF NOT EXISTS queue_by_cluster ON qctl.queue (cluster, seq);
    CREATE TABLE IF NOT EXISTS qctl.leases (
        id bytea PRIMARY KEY, cluster text NOT NULL, grp text NOT NULL, seq bigint NOT NULL, attempt integer NOT NULL,
        deadline bigint NOT NULL, leased_at bigint NOT NULL, message bytea NOT NULL);
    CREATE INDEX IF NOT EXISTS leases_by_deadline ON qctl.leases (cluster, deadline);
    -- Tasks that run after others (--after), and which task each still waits for.
    CREATE TABLE IF NOT EXISTS qctl.waiting (id bytea PRIMARY KEY, cluster text NOT NULL, grp text NOT NULL, message bytea NOT NULL);
    CREATE TABLE IF NOT EXISTS qctl.dependants (task bytea NOT NULL, dependant bytea NOT NULL, PRIMARY KEY (task, dependant));
    CREATE INDEX IF NOT EXISTS dependants_by_dependant ON qctl.dependants (dependant);
    CREATE TABLE IF NOT EXISTS qctl.results (
        id bytea PRIMARY KEY, cluster text NOT NULL, grp text NOT NULL, success boolean NOT NULL,
        stopped_at bigint NOT NULL, result bytea NOT NULL);
    CREATE INDEX IF NOT EXISTS results_by_time ON qctl.results (stopped_at, id);
    CREATE INDEX IF NOT EXISTS successes_by_time ON qctl.results (stopped_at, id) WHERE success;
    CREATE INDEX IF NOT EXISTS results_by_group ON qctl.results (grp, stopped_at, id);
    -- A name given at enqueue → the newest task of that name.
    CREATE TABLE IF NOT EXISTS qctl.names (name bytea PRIMARY KEY, id bytea NOT NULL);
    CREATE INDEX IF NOT EXISTS names_by_id ON qctl.names (id);
    -- Queue sizes and totals as tasks move, so that sizes need no scan.
    CREATE TABLE IF NOT EXISTS qctl.counters (name text PRIMARY KEY, value bigint NOT NULL);
    -- due: the next run of an active (not paused, not done) schedule, NULL otherwise.
    CREATE TABLE IF NOT EXISTS qctl.schedules (name text PRIMARY KEY, cluster text NOT NULL, due bigint, body bytea NOT NULL);
    CREATE TABLE IF NOT EXISTS qctl.stats (cluster_id bytea PRIMARY KEY, heartbeat bigint NOT NULL, body bytea NOT NULL);
    CREATE TABLE IF NOT EXISTS qctl.paused (cluster text PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS qctl.kills (id bytea PRIMARY KEY, asked_at bigint NOT NULL);
    """
}
